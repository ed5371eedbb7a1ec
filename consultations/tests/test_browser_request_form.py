"""The request form without JavaScript (the municipality is chosen from the server's candidates) and on a phone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from consultations.models import ConsultationRequest
from miglobe.core.testing import assert_accessible

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_without_javascript_an_ambiguous_name_is_chosen_from_the_candidates(chromium, live_server, directory, settings):
    settings.POOL_MIN_FILL_SECONDS = 0
    context = chromium.new_context(locale="de-DE", base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(reverse("consultations:request_start"))
    page.get_by_label("Kommune (Name oder Gemeindeschlüssel)").fill("Eber")
    page.get_by_label("Amt oder Stelle").fill("Hauptamt")
    page.locator("#id_contact_name").fill("Jonas Beispiel")
    page.get_by_label("Funktion der Ansprechperson").fill("Amtsleiter")
    page.get_by_label("E-Mail-Adresse").fill("hauptamt@eberbach.example")
    page.get_by_label("Ausgangslage").fill("Wir fangen gerade an.")
    page.get_by_label("Ziele").fill("Eine Partnerschaft mit Diaspora-Vereinen.")
    page.get_by_label("Workshop").check()
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Anfrage senden").click()

    # (axe needs JavaScript; the same page with JavaScript is scanned in the other tests.)
    expect(page.get_by_text("Mehrere Kommunen passen dazu.").first).to_be_visible()
    expect(page.get_by_label("Ziele")).to_have_value("Eine Partnerschaft mit Diaspora-Vereinen.")  # nothing lost
    page.get_by_label("Eberbach-Süd – Kreisangehörige Gemeinde (08226999)").check()
    page.get_by_role("button", name="Anfrage senden").click()
    expect(page.get_by_text("Vielen Dank! Ihre Anfrage ist eingegangen.")).to_be_visible()
    assert ConsultationRequest.objects.get().municipality.key == "08226999"
    context.close()


def test_the_form_with_its_errors_on_a_phone(phone_page, directory):
    phone_page.goto(reverse("consultations:request_start"))
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Anfrage senden").click()
    summary = phone_page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
