"""The staff journey from the admin start page into a workflow through the block "Arbeitsbereiche"."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from miglobe.core.testing import assert_accessible
from seminars.tests.factories import CurriculumFactory

from .factories import CallFactory
from .test_browser_staff import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_go_from_the_start_page_to_the_ranking_and_the_matrix(page, staff):
    call = CallFactory(closed=True, title="MiGlobe 2026")
    CurriculumFactory(call=call, modules=2)
    log_in(page, staff)

    workplaces = page.get_by_role("navigation", name="Arbeitsbereiche")
    expect(workplaces).to_be_visible()
    assert_accessible(page)

    workplaces.get_by_role("link", name="Rangliste: MiGlobe 2026").click()
    page.wait_for_url(f"**{reverse('admin:pool_call_ranking', args=[call.pk])}")
    page.goto(reverse("admin:index"))
    workplaces.get_by_role("link", name="Übersicht MiGlobe 2026").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("MiGlobe 2026")
