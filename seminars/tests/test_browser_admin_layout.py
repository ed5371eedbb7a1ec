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
        expect(page.get_by_text("Lernziele (englisch)").first).to_be_attached()
        widths = page.evaluate("() => ({page: document.documentElement.scrollWidth, window: window.innerWidth})")
        assert widths["page"] <= widths["window"], f"at {width} px: {widths}"
    assert_accessible(page)
