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


def test_staff_review_rank_and_select(page, closed_call, staff):
    call = closed_call  # people are selected only after the deadline
    application = ApplicationFactory(call=call, first_name="Kwame", last_name="Mensah")
    call.reviewers.add(staff)  # programme staff review only as members of the call's panel
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
    expect(page.get_by_role("cell", name="5,00")).to_be_visible()
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


def test_staff_see_the_ranking_and_preview_decisions_before_sending(page, call, staff):
    from miglobe.core.outbox import OutboxMessage

    selected = ApplicationFactory(call=call, status="selected", first_name="Amina")
    log_in(page, staff)
    page.goto(reverse("admin:pool_call_ranking", args=[call.pk]))
    expect(page.get_by_role("link", name=selected.reference)).to_be_visible()
    assert_accessible(page)

    page.goto(reverse("admin:pool_application_changelist"))
    page.get_by_role("checkbox", name=selected.reference).check()
    page.get_by_role("combobox", name="Aktion").select_option(
        label="Entscheidungen per E-Mail mitteilen (mit Vorschau)"
    )
    page.get_by_role("button", name="Ausführen").first.click()
    expect(page.get_by_text("[persönlicher Link der Person]").first).to_be_visible()
    assert_accessible(page)
    assert not OutboxMessage.objects.exists()
    page.get_by_role("button", name="Alle E-Mails jetzt verschicken").click()
    expect(page.get_by_text("1 Entscheidung wird verschickt.")).to_be_visible()
    assert OutboxMessage.objects.get().template == "pool/decision_selected"


def test_a_panel_member_reviews_without_seeing_scores_first(page, call, panel_member):
    from .factories import ReviewFactory

    application = ApplicationFactory(call=call)
    ReviewFactory(application=application, comment="Bewertung einer anderen Person")
    log_in(page, panel_member)
    page.goto(reverse("admin:pool_application_review", args=[application.pk]))
    expect(page.get_by_text("Bewertung einer anderen Person")).to_have_count(0)

    first = call.criteria.first()
    page.get_by_role("group", name=f"{first.name} (×{first.weight})").get_by_label("4").check()
    page.get_by_role("button", name="Bewertung abgeben").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Ihre Bewertung")
    assert_accessible(page)

    for criterion in call.criteria.all():
        page.get_by_role("group", name=f"{criterion.name} (×{criterion.weight})").get_by_label("4").check()
    page.get_by_label("Empfehlung").select_option("reserve")
    page.get_by_role("button", name="Bewertung abgeben").click()
    expect(page.get_by_text("Bewertung einer anderen Person")).to_be_visible()
    assert_accessible(page)
