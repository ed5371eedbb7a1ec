"""The staff journey: see the roster with a free place, and refill it from the reserve list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from miglobe.core.testing import assert_accessible
from pool import roster_services
from pool.models import Advisor, Application

from .factories import AdvisorFactory, ApplicationFactory, CallFactory
from .test_browser_staff import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_see_the_roster_and_move_someone_up(page, staff):
    call = CallFactory(closed=True, title="MiGlobe 2026", pool_size=2)  # moving up waits for the deadline
    leaving = AdvisorFactory(call=call, first_name="Irina", last_name="Volkova")
    AdvisorFactory(call=call, first_name="Samuel", last_name="Okafor", status=Advisor.Status.ACTIVE)
    roster_services.leave_pool(advisor=leaving, by=staff, reason="Umzug")
    ApplicationFactory(
        call=call,
        first_name="Grace",
        last_name="Achieng",
        status=Application.Status.RESERVE,
        reserve_consent_at=timezone.now(),
        reserve_until=timezone.now() + timedelta(days=90),
    )
    log_in(page, staff)
    page.goto(reverse("admin:pool_advisor_roster"))
    expect(page.get_by_role("row", name="Samuel Okafor")).to_contain_text("aktiv")
    expect(page.get_by_role("row", name="Irina Volkova")).to_contain_text("Umzug")
    assert_accessible(page)

    page.get_by_role("link", name="aus der Nachrückliste besetzen").click()
    expect(page.get_by_text("1 Platz ist frei.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Nachrücken lassen").click()
    expect(page.get_by_text("Grace Achieng ist nachgerückt")).to_be_visible()
    expect(page.get_by_text("0 Plätze sind frei.")).to_be_visible()
    assert Advisor.objects.filter(call=call).in_pool().count() == 2
