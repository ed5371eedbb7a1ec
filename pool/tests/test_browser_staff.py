"""The staff journey in the admin: review an application, shortlist it and select it into the pool."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from miglobe.core.testing import assert_accessible
from miglobe.core.tests.factories import PASSWORD

from .factories import ApplicationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def log_in(page, user):
    page.goto(reverse("admin:login"))
    page.get_by_label("Benutzername").fill(user.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/admin/")


def test_staff_review_rank_and_select(page, call, staff):
    application = ApplicationFactory(call=call, first_name="Kwame", last_name="Mensah")
    log_in(page, staff)
    assert_accessible(page)

    page.goto(reverse("admin:pool_application_review", args=[application.pk]))
    for criterion in call.criteria.all():
        page.get_by_role("group", name=f"{criterion.name} (×{criterion.weight})").get_by_label("5").check()
    page.get_by_label("Empfehlung").select_option("select")
    page.get_by_label("Kommentar").fill("Sehr passendes Profil")
    assert_accessible(page)
    page.get_by_role("button", name="Bewertung abgeben").click()
    expect(page.get_by_text("Ihre Bewertung ist gespeichert.")).to_be_visible()

    page.goto(reverse("admin:pool_application_changelist"))
    expect(page.get_by_role("cell", name="5.00")).to_be_visible()
    assert_accessible(page)
    for action, reason in (("In die engere Wahl nehmen", "stark"), ("In den Pool auswählen", "ausgewählt")):
        page.get_by_role("checkbox", name=application.reference).check()
        page.get_by_role("combobox", name="Aktion").select_option(label=action)
        page.get_by_role("button", name="Ausführen").first.click()
        page.get_by_label("Begründung").fill(reason)
        assert_accessible(page)
        page.get_by_role("button", name="Ausführen").click()
        expect(page.get_by_text("1 Bewerbung geändert.")).to_be_visible()

    application.refresh_from_db()
    assert application.status == "selected"
    assert application.advisor.first_name == "Kwame"
