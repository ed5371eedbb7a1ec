"""The applicant's journey in a real browser on a phone: apply, make a mistake, correct it, submit, get the
email and open the private link – with an axe-core scan of every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from miglobe.core.testing import assert_accessible, deliver_outbox
from pool.models import Application, Topic

from .applicant import PDF
from .factories import CallFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.usefixtures("private_storage", "empty_cache"),
]


def watch_for_script_errors(page) -> list[str]:
    """Uncaught exceptions and console errors (a CSP violation is reported as one)."""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors


def test_a_person_applies_on_a_phone_corrects_a_mistake_and_opens_the_private_link(phone_page, settings):
    settings.POOL_MIN_FILL_SECONDS = 0  # a test types faster than a person; the rule has its own tests
    # Transactional tests empty the tables, data migrations included, so the topic is made here.
    Topic.objects.get_or_create(name="Flucht und Migration", defaults={"name_en": "Flight and migration"})
    call = CallFactory(title="MiGlobe 2027", closes_at=timezone.now() + timedelta(days=3, hours=2))
    page = phone_page
    errors = watch_for_script_errors(page)

    page.goto(call.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "MiGlobe 2027"
    assert re.fullmatch(r"noch 3 Tage und (1|2) Stunden?", page.locator("#countdown").inner_text())
    assert_accessible(page)

    page.get_by_role("link", name="Jetzt bewerben").click()
    page.wait_for_url(f"**/{call.slug}/bewerben/")
    assert_accessible(page)

    page.get_by_label("Vorname").fill("Ayşe")
    page.get_by_label("Nachname").fill("Öztürk")
    page.get_by_label("E-Mail-Adresse").fill("ayse.oeztuerk-example.org")  # the mistake: no @
    page.get_by_label("Telefon").fill("0711 1234567")
    page.get_by_label("Ihr Wohnort in Baden-Württemberg").select_option(label="Stuttgart (Stadtkreis)")
    page.get_by_label("Sprache 1", exact=True).fill("Türkisch")
    page.get_by_label("Niveau in Sprache 1").select_option("native")
    page.get_by_label("Flucht und Migration").check()
    page.get_by_label("Engagement und Organisationen").fill("Vorstand im Verein Brücken e. V.")
    page.get_by_label("Motivation").fill("Ich möchte Kommunen bei der interkulturellen Öffnung begleiten.")
    page.get_by_label("Wie viele Tage im Monat").fill("3")
    page.locator("#id_cv").set_input_files({"name": "lebenslauf.pdf", "mimeType": "application/pdf", "buffer": PDF})
    page.locator("#id_privacy_consent").check()
    page.get_by_role("button", name="Bewerbung absenden").click()

    # The summary at the top has the focus, and the field says what is wrong next to it.
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "E-Mail-Adresse" in summary.inner_text()
    assert "gültige E-Mail-Adresse" in page.locator("#id_email_error").inner_text()
    assert page.get_by_label("Motivation").input_value().startswith("Ich möchte Kommunen")
    assert page.get_by_text("Ihre Datei „lebenslauf.pdf“ ist gespeichert").is_visible()
    assert_accessible(page)

    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.get_by_label("E-Mail-Adresse").fill("ayse.oeztuerk@example.org")
    page.get_by_role("button", name="Bewerbung absenden").click()

    page.wait_for_url("**/pool/bewerbung/**")
    application = Application.objects.get()
    assert application.status == Application.Status.SUBMITTED
    assert page.locator("#reference").inner_text() == application.reference
    assert application.cv_original_name == "lebenslauf.pdf"
    assert_accessible(page)

    sent = deliver_outbox()
    assert len(sent) == 1 and sent[0].to == ["ayse.oeztuerk@example.org"]
    path = re.search(r"http://testserver(/pool/bewerbung/\S+/)", sent[0].body).group(1)
    page.goto(path)
    assert page.locator("#reference").inner_text() == application.reference
    assert page.locator("#status").inner_text() == "eingereicht"
    assert_accessible(page)
    assert errors == []


def test_saving_a_draft_and_continuing_later_in_a_browser(page, settings):
    settings.POOL_MIN_FILL_SECONDS = 0
    call = CallFactory()
    errors = watch_for_script_errors(page)
    page.goto(f"/pool/ausschreibungen/{call.slug}/bewerben/")
    page.get_by_label("Vorname").fill("Amina")
    page.get_by_label("Nachname").fill("Yusuf")
    page.get_by_label("E-Mail-Adresse").fill("amina@example.org")
    page.get_by_label("Motivation").fill("Erste Gedanken")
    page.get_by_role("button", name="Speichern und später weitermachen").click()
    # Without the consent nothing is stored, not even a draft; the summary says why and leads to the box.
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "damit wir Ihren Entwurf speichern können" in summary.inner_text()
    assert not Application.objects.exists()
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_privacy_consent"
    page.locator("#id_privacy_consent").check()
    page.get_by_role("button", name="Speichern und später weitermachen").click()
    page.wait_for_url("**/bearbeiten/")
    assert page.get_by_text("Ihr Entwurf ist gespeichert.").is_visible()
    assert_accessible(page)

    sent = deliver_outbox()
    path = re.search(r"http://testserver(/pool/bewerbung/\S+/bearbeiten/)", sent[0].body).group(1)
    page.context.clear_cookies()
    page.goto(path)
    assert page.get_by_label("Motivation").input_value() == "Erste Gedanken"
    assert page.get_by_label("Vorname").input_value() == "Amina"
    assert Application.objects.get().is_draft
    assert errors == []
