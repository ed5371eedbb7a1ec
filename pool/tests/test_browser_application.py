"""The applicant's journeys in a real browser: apply on a phone, make a mistake, correct it, submit, get the
email and open the private link; save a draft; use the private page (withdraw the Art. 9 consent and the
application, download the data, erase it); and the public pages in English – an axe-core scan on every page.
"""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from miglobe.core.testing import assert_accessible, deliver_outbox
from pool.links import APPLICATION_LINK, page_key
from pool.models import Application, Topic

from .applicant import PDF
from .factories import ApplicationFactory, CallFactory

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
    link = re.search(r"http://testserver(/zugang/\S+)", sent[0].body).group(1)
    # Another browser (the phone that reads the email): the key is exchanged and gone from the address bar.
    page.context.clear_cookies()
    page.goto(link)
    page.wait_for_url(f"**/pool/bewerbung/{application.public_id}/")
    assert "k=" not in page.url
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
    link = re.search(r"http://testserver(/zugang/\S+)", sent[0].body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    page.wait_for_url("**/bearbeiten/")
    assert page.get_by_label("Motivation").input_value() == "Erste Gedanken"
    assert page.get_by_label("Vorname").input_value() == "Amina"
    assert Application.objects.get().is_draft
    assert errors == []


def test_on_the_private_page_a_person_withdraws_consent_and_application_downloads_and_erases(phone_page):
    application = ApplicationFactory(
        migration_background="Ich bin in Kabul aufgewachsen.",
        special_category_consent_at=timezone.now() - timedelta(days=2),
    )
    page = phone_page
    # Without Bootstrap's colour transitions, so that axe measures the final colours of the button just clicked.
    page.emulate_media(reduced_motion="reduce")
    errors = watch_for_script_errors(page)
    page.goto(APPLICATION_LINK.url(application).removeprefix("http://testserver"))
    page.wait_for_url(f"**/pool/bewerbung/{page_key(application)}/")
    assert page.locator("#reference").inner_text() == application.reference
    assert_accessible(page)

    # The Art. 9 consent: the button opens a confirmation in the page; only its own button acts.
    confirm = page.get_by_role("button", name="Ja, Einwilligung widerrufen und Angaben löschen")
    assert not confirm.is_visible()
    page.get_by_text("Einwilligung zur Migrationsgeschichte widerrufen").click()
    assert confirm.is_visible()
    assert_accessible(page)
    confirm.click()
    page.get_by_text("Sie haben Ihre Einwilligung widerrufen.").wait_for()
    assert page.get_by_text("Ich bin in Kabul aufgewachsen.").count() == 0
    assert page.get_by_text("Einwilligung zur Migrationsgeschichte widerrufen").count() == 0
    assert_accessible(page)

    # Withdrawing the application asks first on a page of its own.
    page.get_by_role("link", name="Bewerbung zurückziehen").click()
    page.get_by_role("heading", name="Bewerbung zurückziehen?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, Bewerbung zurückziehen").click()
    page.get_by_text("Sie haben Ihre Bewerbung zurückgezogen.").first.wait_for()
    assert page.locator("#status").inner_text() == "zurückgezogen"
    assert page.get_by_role("link", name="Bewerbung zurückziehen").count() == 0
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Meine Daten herunterladen (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename == f"miglobe-bewerbung-{application.reference}.zip"
    with open(download.path(), "rb") as file, zipfile.ZipFile(io.BytesIO(file.read())) as archive:
        assert "data.json" in archive.namelist()
        data = json.loads(archive.read("data.json"))
    assert (data["reference"], data["status"]) == (application.reference, "withdrawn")
    assert data["migration_background"] == "" and data["consents"]["special_category"] is None

    page.get_by_role("link", name="Meine Daten löschen").click()
    page.get_by_role("heading", name="Alle Daten löschen?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, alles löschen").click()
    page.wait_for_url("**/pool/bewerbung/geloescht/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ihre Daten sind gelöscht"
    assert not Application.objects.exists()
    assert_accessible(page)
    assert errors == []


# Texts of the public pages and the form, in German; none may be left once English is chosen.
GERMAN_TEXTS = (
    "Ausschreibungen",
    "Jetzt bewerben",
    "Jetzt offen",
    "Bewerbungsfrist",
    "Worum es geht",
    "Vorname",
    "Person und Kontakt",
    "Speichern und später weitermachen",
    "Bewerbung absenden",
    "Einwilligungen",
    "Lebenslauf",
    "bitte wählen",
    "Bitte prüfen Sie Ihre Angaben",
    "Zum Inhalt springen",
)
# German words that would betray an untranslated sentence anywhere on the page.
GERMAN_WORDS = re.compile(r"\b(und|oder|Sie|Ihre?[nmrs]?|nicht|bitte|für|werden|wir|noch)\b", re.IGNORECASE)


def german_on(page) -> list[str]:
    """German texts and words on the page, apart from the names of districts (proper names, in a select)
    and the button that offers German (marked lang="de")."""
    text = page.evaluate(
        """() => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll("select, script, [lang]").forEach((element) => element.remove());
            return body.textContent + " " + document.title;
        }"""
    )
    found = [german for german in GERMAN_TEXTS if german in text]
    return found + sorted({match.group(0) for match in GERMAN_WORDS.finditer(text)})


def test_the_call_pages_and_the_form_in_english_after_switching_in_the_header(page, settings):
    settings.POOL_MIN_FILL_SECONDS = 0
    Topic.objects.get_or_create(name="Flucht und Migration", defaults={"name_en": "Flight and migration"})
    call = CallFactory(
        title="MiGlobe 2027",
        description="We are looking for advisors with a migration history.",
        eligibility="People with a migration history who are active in Baden-Württemberg.",
        work_description="Six weekend seminars, then paid consultations in municipalities.",
        closes_at=timezone.now() + timedelta(days=3, hours=2),
    )
    errors = watch_for_script_errors(page)
    page.goto("/pool/ausschreibungen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ausschreibungen"

    page.get_by_role("button", name="English").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.get_by_role("heading", level=1).inner_text() == "Calls for applications"
    assert page.get_by_role("heading", name="Open now").is_visible()
    assert german_on(page) == []
    assert_accessible(page)

    page.get_by_role("link", name="MiGlobe 2027", exact=True).click()
    page.get_by_role("heading", name="Application period").wait_for()
    assert re.fullmatch(r"3 days and (1|2) hours? left", page.locator("#countdown").inner_text())
    assert german_on(page) == []
    assert_accessible(page)

    page.get_by_role("link", name="Apply now").click()
    page.wait_for_url(f"**/{call.slug}/bewerben/")
    for label in ("First name", "Last name", "Email address", "Language 1", "Flight and migration"):
        assert page.get_by_label(re.compile(rf"^\s*{label}\s*\*?\s*$")).count() == 1, label  # * marks a required field
    assert page.get_by_role("button", name="Save and continue later").is_visible()
    assert page.get_by_role("button", name="Submit application").is_visible()
    assert german_on(page) == []
    assert_accessible(page)

    # The messages of a refused draft are English too.
    page.get_by_role("button", name="Save and continue later").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Please check your information" in summary.inner_text()
    assert "Please enter your first name." in summary.inner_text()
    assert "so that we can save your draft" in summary.inner_text()
    assert german_on(page) == []
    assert_accessible(page)
    assert not Application.objects.exists()
    assert errors == []
