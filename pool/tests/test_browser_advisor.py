"""The advisor's journey: invitation → password → login → profile → one field in the public directory."""

from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from miglobe.core.testing import assert_accessible
from pool import roster_services
from pool.links import ADVISOR_INVITATION
from pool.models import Advisor

from .factories import AdvisorFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "Ein-sicheres-Passwort-2027"


def test_invited_advisor_sets_a_password_edits_the_profile_and_appears_in_the_directory(page):
    advisor = AdvisorFactory(
        first_name="Kwame", last_name="Mensah", status=Advisor.Status.ACTIVE, qualified_at=timezone.now()
    )
    advisor = roster_services.invite_advisor(advisor=advisor, by=None)
    link = urlsplit(ADVISOR_INVITATION.url(advisor))

    page.goto(f"{link.path}?{link.query}")
    expect(page.get_by_role("heading", name="Passwort festlegen")).to_be_visible()
    assert "?k=" not in page.url
    assert_accessible(page)
    page.get_by_label("Neues Passwort bestätigen").fill(PASSWORD)
    page.get_by_label("Neues Passwort").and_(page.locator("#id_new_password1")).fill(PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    page.wait_for_url("**/portal/")
    expect(page.get_by_role("heading", name="Willkommen, Kwame Mensah")).to_be_visible()

    page.get_by_role("button", name="Abmelden").click()
    page.goto("/konto/login/")
    page.get_by_label("Benutzername").fill(advisor.user.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/portal/")
    assert_accessible(page)

    page.get_by_role("link", name="Profil bearbeiten").click()
    expect(page.get_by_role("heading", name="Mein Profil", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kurzbiografie", exact=True).fill("Ich berate Kommunen zu fairer Beschaffung.")
    page.get_by_label("Wohnort (Kreis)", exact=True).select_option("08111")
    page.get_by_label("im öffentlichen Verzeichnis erscheinen (mit Namen)").check()
    page.get_by_label("Kurzbiografie öffentlich zeigen").check()
    page.get_by_role("button", name="Profil speichern").click()
    expect(page.get_by_text("Ihr Profil ist gespeichert.")).to_be_visible()

    page.goto("/beraterinnen/")
    card = page.get_by_role("article", name="Kwame Mensah")
    expect(card).to_contain_text("Ich berate Kommunen zu fairer Beschaffung.")
    expect(card).not_to_contain_text("Stuttgart")  # the home region was not released
    assert_accessible(page)


def test_profile_and_directory_work_on_a_phone(phone_page):
    from miglobe.core.tests.factories import PASSWORD as FACTORY_PASSWORD

    from .factories import PortalAdvisorFactory

    advisor = PortalAdvisorFactory(
        first_name="Olena",
        last_name="Shevchenko",
        status=Advisor.Status.ACTIVE,
        qualified_at=timezone.now(),
        bio="Ich berate zu Städtepartnerschaften.",
        public_listing=True,
        public_bio=True,
    )
    phone_page.goto("/konto/login/")
    phone_page.get_by_label("Benutzername").fill(advisor.user.username)
    phone_page.get_by_label("Passwort").fill(FACTORY_PASSWORD)
    phone_page.get_by_role("button", name="Anmelden").click()
    phone_page.wait_for_url("**/portal/")
    phone_page.goto("/portal/profil/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    assert_accessible(phone_page)
    phone_page.goto("/beraterinnen/?sprache=&thema=")
    expect(phone_page.get_by_role("article", name="Olena Shevchenko")).to_contain_text("Städtepartnerschaften")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)
