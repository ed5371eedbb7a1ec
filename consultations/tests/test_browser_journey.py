"""The journey of issue #11: a municipality files a request, staff match a tandem, both advisors accept in the
portal, and the municipality sees its advisors on its private page. Each page is scanned with axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consultations.choices import AssignmentStatus
from consultations.models import ConsultationRequest
from miglobe.core.testing import assert_accessible
from miglobe.core.tests.factories import PASSWORD
from pool.models import AdvisorLanguage, Topic

from .factories import ActivePortalAdvisorFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def new_page(chromium, live_server):
    context = chromium.new_context(locale="de-DE", base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def log_in(page, username):
    page.goto("/konto/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_request_tandem_accept_and_the_municipality_sees_its_advisors(
    page, chromium, live_server, directory, staff, settings
):
    settings.POOL_MIN_FILL_SECONDS = 0
    flucht, _ = Topic.objects.get_or_create(name="Flucht und Migration")
    fair, _ = Topic.objects.get_or_create(name="Fairer Handel und faire Beschaffung")
    amina = ActivePortalAdvisorFactory(first_name="Amina", last_name="Haddad", home_region="08226")
    amina.topics.set([flucht])
    AdvisorLanguage.objects.create(advisor=amina, name="Arabisch", level="native")
    kwame = ActivePortalAdvisorFactory(
        first_name="Kwame", last_name="Mensah", home_region="08111", public_listing=True, public_bio=True
    )
    kwame.bio = "Berät Kommunen zu fairem Handel."
    kwame.save()
    kwame.topics.set([fair])

    # 1. The municipality files its request; the autocomplete finds it by part of its name.
    page.goto(reverse("consultations:request_start"))
    assert_accessible(page)
    page.get_by_role("combobox", name="Kommune").fill("Eberb")
    option = page.get_by_role("option", name="Eberbach – Stadt (08226013)")
    option.click()
    expect(page.get_by_role("combobox", name="Kommune")).to_have_value("Eberbach – Stadt (08226013)")
    page.get_by_label("Amt oder Stelle").fill("Stabsstelle Integration")
    page.locator("#id_contact_name").fill("Petra Beispiel")
    page.get_by_label("Funktion der Ansprechperson").fill("Integrationsbeauftragte")
    page.get_by_label("E-Mail-Adresse").fill("integration@eberbach.example")
    page.get_by_label("Flucht und Migration").check()
    page.get_by_label("Fairer Handel und faire Beschaffung").check()
    page.get_by_label("Ausgangslage").fill("Ein Integrationsbeirat, wenig Kontakt zur Diaspora.")
    page.get_by_label("Ziele").fill("Migrant*innenorganisationen in die Städtepartnerschaft holen.")
    page.get_by_label("Dialogforum").check()
    page.get_by_label("Sprachen oder Communities von Interesse").fill("Arabisch")
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anfrage senden").click()
    expect(page.get_by_text("Vielen Dank! Ihre Anfrage ist eingegangen.")).to_be_visible()
    assert_accessible(page)
    municipality_page_url = page.url
    consultation = ConsultationRequest.objects.get()

    # 2. Staff open the matching page and ask the suggested tandem.
    staff_page = new_page(chromium, live_server)
    staff_page.goto(f"/admin/login/?next={reverse('consultations:staff_request', args=[consultation.pk])}")
    staff_page.get_by_label("Benutzername").fill(staff.username)
    staff_page.get_by_label("Passwort").fill(PASSWORD)
    staff_page.get_by_role("button", name="Anmelden").click()
    tandem = staff_page.locator("#tandem")
    expect(tandem).to_contain_text("Amina Haddad")
    expect(tandem).to_contain_text("Kwame Mensah")
    expect(staff_page.locator("#matching")).to_contain_text("spricht Arabisch")
    assert_accessible(staff_page)
    staff_page.get_by_role("button", name="Tandem anfragen").click()
    expect(staff_page.get_by_text("Amina Haddad ist angefragt.")).to_be_visible()
    expect(staff_page.locator("#stage")).to_have_text("Berater*innen vorgeschlagen")

    # 3. Both advisors accept in the portal.
    for advisor in (amina, kwame):
        advisor_page = new_page(chromium, live_server)
        log_in(advisor_page, advisor.user.username)
        advisor_page.get_by_role("link", name="Eberbach, Stadt").click()
        expect(
            advisor_page.get_by_text("Migrant*innenorganisationen in die Städtepartnerschaft holen.")
        ).to_be_visible()
        assert_accessible(advisor_page)
        advisor_page.get_by_label("Notiz an das Programmteam").fill("Gern, ab März.")
        advisor_page.get_by_role("button", name="Zusagen").click()
        expect(advisor_page.locator("#assignment-status")).to_have_text("zugesagt")
        advisor_page.context.close()
    assert set(consultation.assignments.values_list("status", flat=True)) == {AssignmentStatus.ACCEPTED}

    # 4. The municipality sees its advisors, with what they agreed to show.
    page.goto(municipality_page_url)
    advisors = page.locator("#advisors")
    expect(advisors).to_contain_text("Amina Haddad")
    expect(advisors).to_contain_text("Kwame Mensah")
    expect(advisors).to_contain_text("Berät Kommunen zu fairem Handel.")
    assert_accessible(page)
    staff_page.context.close()
