"""The curriculum's admin page fits a laptop and a phone (found in the trial walk: its module table with two
learning-goal text areas pushed the page 820 px sideways at 1280 px)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from miglobe.core.testing import assert_accessible
from miglobe.core.tests.factories import StaffFactory

from .factories import CurriculumFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_curriculum_page_with_its_six_modules_does_not_scroll_sideways(page, live_server):
    client = Client()
    client.force_login(StaffFactory())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    curriculum = CurriculumFactory()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(live_server.url + reverse("admin:seminars_curriculum_change", args=[curriculum.pk]))
        expect(page.get_by_text("Lernziele [en]").first).to_be_attached()
        widths = page.evaluate("() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})")
        assert widths["page"] <= widths["window"], f"at {width} px: {widths}"
    assert_accessible(page)


# Each word as one piece of text: a word broken over two lines has two client rectangles.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("main th, main td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (const match of node.data.matchAll(/[^\\s-]{4,}/g)) {  // a break after a hyphen is fine
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        if (range.getClientRects().length > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_the_qualification_matrix_breaks_no_word_inside_a_column_at_1280_px(page, live_server):
    """Found in the trial walk: "qualifizi|ert", "Akteurslan|dschaft" – the columns were narrower than a word."""
    from seminars import services

    from .factories import cohort_advisor, past_seminar

    staff = StaffFactory()
    curriculum = CurriculumFactory()
    advisors = [
        cohort_advisor(curriculum, first_name="Tesfaye", last_name=f"Gebremedhin-Woldemariam {n}") for n in range(3)
    ]
    for number in range(1, 7):
        seminar = past_seminar(curriculum, number)
        for advisor in advisors:
            services.record_attendance(seminar=seminar, advisor=advisor, state="attended", by=staff)
    client = Client()
    client.force_login(staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + reverse("seminars:matrix", args=[curriculum.pk]))
    expect(page.get_by_role("columnheader", name="5. Akteurslandschaft")).to_be_visible()
    assert page.evaluate(BROKEN_WORDS) == []
    # ... and the whole words still fit: the matrix does not scroll sideways in its box at 1280 px.
    box = page.evaluate(
        "() => { const b = document.querySelector('main .table-responsive'); return [b.scrollWidth, b.clientWidth]; }"
    )
    assert box[0] <= box[1], box
    assert_accessible(page)
