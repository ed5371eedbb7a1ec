"""The public application form: draft and submit, errors that keep the input, the CV kept across errors,
the Art. 9 consent, and the spam defences (honeypot, minimum fill time, rate limit)."""

import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from miglobe.core import antispam
from miglobe.core.testing import deliver_outbox
from miglobe.core.text import clean_text
from pool import services
from pool.forms import ApplicationForm, pending_upload_from_token, pending_upload_token, started_token
from pool.links import page_key
from pool.models import Application, PendingUpload, StatusChange, Topic

from .applicant import docx_upload, form_data, languages, pdf_upload
from .factories import topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage", "empty_cache")]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(call):
    return reverse("pool:application_create", args=[call.slug])


def page(response) -> str:
    return response.content.decode()


def summary(html) -> str:
    match = re.search(
        r'<div class="alert alert-danger" role="alert" tabindex="-1" id="error-summary".*?</div>', html, re.S
    )
    assert match, "no error summary on the page"
    return match.group(0)


def landing_of_link_in(message) -> str:
    """Where the emailed private link leads a fresh browser: the key is exchanged for its session there."""
    link = re.search(r"http://testserver(/zugang/pool\.application/\?k=\S+)", message.body).group(1)
    return Client().get(link).url


# --- the empty form --------------------------------------------------------------------------------


def test_the_form_has_sections_labels_autocomplete_and_four_language_rows(client, url):
    html = page(client.get(url))
    for legend in (
        "Person und Kontakt",
        "Sprachen",
        "Themen und Erfahrung",
        "Motivation und Verfügbarkeit",
        "Lebenslauf",
        "Ihre Migrationsgeschichte (freiwillig)",
        "Einwilligungen",
    ):
        assert re.search(rf'<legend class="h4">{re.escape(legend)}', html), legend
    for name, token in (
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("email", "email"),
        ("phone", "tel"),
    ):
        assert re.search(rf'<input[^>]*autocomplete="{token}"[^>]*name="{name}"', html) or re.search(
            rf'<input[^>]*name="{name}"[^>]*autocomplete="{token}"', html
        ), name
    # Every visible field has a label that points to it.
    ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    assert len(ids) > 20
    for field_id in ids:
        assert f'for="{field_id}"' in html, field_id
    assert html.count('name="languages-') == 4 * 2 + 4  # four rows of two fields, and the management form
    assert 'aria-describedby="id_email_helptext"' in html
    assert re.search(r'<input type="file" name="cv"[^>]*\brequired\b', html)  # marked *, needed to submit
    assert 'name="started"' in html
    assert re.search(r'<div class="form-trap" aria-hidden="true">', html)
    assert re.search(
        r'<input type="text" name="website" id="id_website" value="" tabindex="-1" autocomplete="off">', html
    )
    # Two buttons; saving the draft is the default one (Enter in a field must not submit by surprise).
    assert html.index('value="draft"') < html.index('value="submit"')


def test_the_fields_are_ordered_as_on_the_page_so_the_error_summary_follows_the_page(client, url, call):
    html = page(client.get(url))
    form = ApplicationForm(call=call)
    visible = [name for name in form.fields if not form[name].is_hidden and name != "website"]
    on_page = sorted(visible, key=lambda name: html.index(f'name="{name}"'))
    assert visible == on_page == ApplicationForm.field_order
    # The language rows come between the place of residence and the topics, as in the summary.
    assert html.index('name="home_region"') < html.index('name="languages-0-name"') < html.index('name="topics"')


# --- submitting ----------------------------------------------------------------------------------


def test_submitting_gives_a_reference_number_shows_it_and_sends_the_confirmation(client, url, call):
    flucht = topic("Flucht und Migration")
    response = client.post(url, form_data(topics=[flucht], reserve_consent="on"))
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pool:application_detail", args=[page_key(application)])
    assert application.status == Application.Status.SUBMITTED
    assert re.fullmatch(rf"MG-{call.closes_at.year}-0001", application.reference)
    assert (application.first_name, application.last_name, application.language) == ("Ayşe", "Öztürk", "de")
    assert [(lang.name, lang.level) for lang in application.languages.all()] == [
        ("Türkisch", "native"),
        ("Deutsch", "fluent"),
    ]
    assert list(application.topics.all()) == [flucht]
    assert application.cv.name.startswith("cv/") and application.cv_original_name == "lebenslauf.pdf"
    assert application.privacy_consent_at and application.reserve_consent_at
    assert application.special_category_consent_at is None
    assert StatusChange.objects.filter(application=application, to_status="submitted").count() == 1

    detail = page(client.get(response.url))
    assert f'<p class="display-6 fw-semibold mb-3" id="reference">{application.reference}</p>' in detail
    assert "Vielen Dank! Ihre Bewerbung ist eingegangen." in detail

    sent = deliver_outbox()
    assert [m.to for m in sent] == [["ayse.oeztuerk@example.org"]]
    assert application.reference in sent[0].subject
    assert landing_of_link_in(sent[0]) == response.url
    link = re.search(r"http://testserver/zugang/\S+", sent[0].body).group(0)
    assert mail.outbox[0].alternatives[0][0].count(link) >= 1


def test_errors_are_in_the_language_of_the_page(client, url):
    html = page(client.post(url, form_data(first_name="", availability_days="x"), HTTP_ACCEPT_LANGUAGE="en"))
    box = summary(html)
    assert "Please check your information" in box
    assert "Please enter your first name." in box
    assert "Please enter a whole number from 1 to 20." in box


def test_an_english_page_stores_english_as_the_email_language(client, url):
    client.post(url, form_data(), HTTP_ACCEPT_LANGUAGE="en")
    assert Application.objects.get().language == "en"


def test_a_docx_cv_is_accepted(client, url):
    assert client.post(url, form_data(cv=docx_upload())).status_code == 302
    assert Application.objects.get().cv.name.endswith(".docx")


# --- drafts --------------------------------------------------------------------------------------


def test_a_draft_needs_only_name_email_and_the_privacy_consent_and_mails_the_link_to_continue(client, url):
    data = {
        "action": "draft",
        "started": started_token(time.time() - 60),
        "first_name": "Ayşe",
        "last_name": "Öztürk",
        "email": "ayse@example.org",
        "motivation": "Erste Gedanken …",
        "privacy_consent": "on",
        **languages(("Kurdisch", "native")),
    }
    response = client.post(url, data)
    draft = Application.objects.get()
    assert draft.status == Application.Status.DRAFT and draft.reference is None
    assert draft.privacy_consent_at is not None  # the consent under which the data is stored
    assert response.url == reverse("pool:application_edit", args=[page_key(draft)])
    assert "Ihr Entwurf ist gespeichert." in page(client.get(response.url))
    sent = deliver_outbox()
    assert len(sent) == 1 and sent[0].to == ["ayse@example.org"]
    assert landing_of_link_in(sent[0]) == response.url


def test_one_address_gets_at_most_a_few_draft_emails_a_day(client, url, settings):
    """#8.5: the draft form must not mail a stranger's address again and again."""
    settings.PUBLIC_FORM_EMAILS_PER_DAY = 2
    for _ in range(3):
        response = client.post(url, form_data(action="draft", cv=None, email="Fremde@Example.org"))
        assert response.status_code == 302
    assert Application.objects.count() == 3  # the drafts are saved: nothing typed is lost
    assert "haben wir heute schon mehrere E-Mails geschickt" in page(client.get(response.url))
    assert len(deliver_outbox()) == 2
    client.post(url, form_data(action="draft", cv=None, email="andere@example.org"))
    assert len(deliver_outbox()) == 1  # another address has its own count


def test_an_address_with_umlauts_is_accepted_and_mailed(client, url):
    """#7.10: müller@exämple.de was refused ("Bitte geben Sie eine gültige E-Mail-Adresse an")."""
    assert client.post(url, form_data(email="müller@exämple.de")).status_code == 302
    assert Application.objects.get().email == "müller@exämple.de"
    sent = deliver_outbox()
    assert [message.to for message in sent] == [["müller@exämple.de"]]


def test_a_name_with_a_bidi_override_is_stored_without_it(client, url):
    """#8.5: "Ali \u202eevil" reversed the admin list around it."""
    response = client.post(url, form_data(first_name="Ali \u202eevil", motivation="Gern\u2066 dabei\u0000"))
    assert response.status_code == 302
    application = Application.objects.get()
    assert (application.first_name, application.motivation) == ("Ali evil", "Gern dabei")


def test_a_draft_without_email_is_refused_with_errors(client, url):
    response = client.post(url, {"action": "draft", "started": started_token(time.time() - 60), **languages()})
    html = page(response)
    for field in ("first_name", "last_name", "email", "privacy_consent"):
        assert f'href="#id_{field}"' in summary(html)
    assert "Bitte wählen Sie mindestens ein Themenfeld." not in html  # only the draft's four are required
    assert not Application.objects.exists()


def test_a_draft_without_the_privacy_consent_is_refused_with_the_reason_at_the_checkbox_and_in_the_summary(client, url):
    response = client.post(url, form_data(action="draft", privacy_consent=None, motivation="Erste Gedanken"))
    html = page(response)
    message = "Bitte willigen Sie in die Verarbeitung Ihrer Daten ein, damit wir Ihren Entwurf speichern können."
    assert response.status_code == 200
    assert f'<a href="#id_privacy_consent" class="alert-link">{message}</a>' in summary(html)
    next_to_it = rf'id="id_privacy_consent_error"[^>]*>\s*<p[^>]*><strong>{re.escape(message)}</strong>'
    assert re.search(next_to_it, html)
    assert re.search(r'<input[^>]*name="privacy_consent"[^>]*aria-invalid="true"', html)
    assert "Erste Gedanken</textarea>" in html
    assert not Application.objects.exists()
    assert deliver_outbox() == []


def test_submitting_without_the_privacy_consent_names_the_application_not_the_draft(client, url):
    box = summary(page(client.post(url, form_data(privacy_consent=None))))
    assert "damit wir Ihre Bewerbung annehmen können" in box
    assert "Entwurf" not in box


def test_the_form_says_that_a_draft_needs_the_privacy_consent_too(client, url):
    html = unescape(page(client.get(url)))
    assert "Zum Speichern eines Entwurfs genügen Vorname, Nachname, E-Mail-Adresse und Ihre Einwilligung" in html
    assert "Nötig schon zum Speichern eines Entwurfs." in html


def test_the_draft_link_opens_the_form_prefilled_and_submitting_keeps_the_stored_cv(client, url, call):
    agenda, fair = topic("Agenda 2030 / Global Nachhaltige Kommune"), topic("Fairer Handel und faire Beschaffung")
    client.post(
        url,
        form_data(
            action="draft",
            topics=[agenda, fair],
            motivation="",
            migration_background="Aus Syrien.",
            special_category_consent="on",
        ),
    )
    draft = Application.objects.get()
    edit_url = reverse("pool:application_edit", args=[page_key(draft)])
    html = page(client.get(edit_url))
    assert 'value="Ayşe"' in html and 'value="ayse.oeztuerk@example.org"' in html
    assert 'name="languages-0-name" value="Türkisch"' in html
    assert 'name="languages-1-name" value="Deutsch"' in html
    assert 'name="languages-2-name"' in html  # a free row remains
    for chosen in (agenda, fair):
        assert re.search(rf'value="{chosen.pk}"[^>]*checked', html)
    assert "Ihr Lebenslauf „lebenslauf.pdf“ ist gespeichert." in html
    assert not re.search(r'<input type="file" name="cv"[^>]*\brequired\b', html)
    assert "Aus Syrien." in html
    assert re.search(r'name="special_category_consent"[^>]*checked', html)

    data = form_data(topics=[agenda], motivation="Jetzt fertig.", cv=None)
    response = client.post(edit_url, data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.status == Application.Status.SUBMITTED
    assert application.cv.name == draft.cv.name
    assert application.motivation == "Jetzt fertig."
    # The consent was not given again this time, so the self-description is gone.
    assert application.migration_background == "" and application.special_category_consent_at is None
    assert client.get(edit_url).url == reverse("pool:application_detail", args=[page_key(application)])


def test_saving_a_draft_again_changes_it_and_sends_no_second_link(client, url):
    client.post(url, form_data(action="draft"))
    draft = Application.objects.get()
    edit_url = reverse("pool:application_edit", args=[page_key(draft)])
    response = client.post(edit_url, form_data(action="draft", first_name="Ayse", cv=None))
    assert response.url == edit_url
    draft.refresh_from_db()
    assert draft.first_name == "Ayse" and draft.is_draft
    assert len(deliver_outbox()) == 1


# --- errors keep what was typed ------------------------------------------------------------------


def test_errors_show_in_a_summary_with_links_and_next_to_each_field_and_keep_the_input(client, url):
    flucht = topic("Flucht und Migration")
    data = form_data(
        topics=[flucht],
        first_name="",
        email="keine-adresse",
        privacy_consent=None,
        motivation="Meine Motivation <b>fett</b>",
        availability_days="25",
        **languages(("Arabisch", ""), ("Englisch", "good")),
    )
    response = client.post(url, data)
    html = page(response)
    assert response.status_code == 200
    box = summary(html)
    assert 'href="#id_first_name"' in box and "Bitte geben Sie Ihren Vornamen an." in box
    assert 'href="#id_email"' in box and "gültige E-Mail-Adresse" in box
    assert 'href="#id_privacy_consent"' in box
    assert 'href="#id_languages-0-level"' in box
    assert 'href="#id_availability_days"' in box
    # Next to the fields, linked to them for screen readers.
    assert re.search(r'aria-describedby="[^"]*id_email_error"', html)
    assert 'id="id_email_error"' in html and 'id="id_first_name_error"' in html
    # Nothing typed is lost; the CV that passed its checks is kept.
    assert 'value="keine-adresse"' in html
    assert "Meine Motivation &lt;b&gt;fett&lt;/b&gt;</textarea>" in html
    assert 'name="languages-1-name" value="Englisch"' in html
    assert re.search(rf'value="{flucht.pk}"[^>]*checked', html)
    assert "Ihre Datei „lebenslauf.pdf“ ist gespeichert – Sie müssen sie nicht erneut auswählen." in html
    assert "/static/js/error-summary.js" in html
    assert not Application.objects.exists()


def test_the_kept_cv_is_used_on_the_next_attempt_without_choosing_it_again(client, url, private_storage):
    html = page(client.post(url, form_data(motivation="")))
    pending = PendingUpload.objects.get()
    token = re.search(r'name="pending_cv" value="([^"]+)"', html).group(1)
    assert pending_upload_from_token(token) == pending
    # A second failure without a new file keeps the same one.
    html = page(client.post(url, form_data(motivation="", cv=None, pending_cv=token)))
    assert "Ihre Datei „lebenslauf.pdf“ ist gespeichert" in html
    token = re.search(r'name="pending_cv" value="([^"]+)"', html).group(1)
    assert pending_upload_from_token(token) == pending
    assert PendingUpload.objects.count() == 1

    response = client.post(url, form_data(cv=None, pending_cv=token))
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.cv.name == pending.file.name
    assert application.cv_original_name == "lebenslauf.pdf"
    assert (private_storage / application.cv.name).read_bytes().startswith(b"%PDF-")
    assert not PendingUpload.objects.exists()  # the file belongs to the application now


def test_a_newly_chosen_file_replaces_the_kept_one_which_is_deleted(
    client, url, private_storage, django_capture_on_commit_callbacks
):
    html = page(client.post(url, form_data(motivation="")))
    kept = PendingUpload.objects.get()
    kept_file = private_storage / kept.file.name
    token = re.search(r'name="pending_cv" value="([^"]+)"', html).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        page(client.post(url, form_data(motivation="", pending_cv=token)))  # fails again, with a new file

    assert not PendingUpload.objects.filter(pk=kept.pk).exists()
    assert not kept_file.exists()
    assert PendingUpload.objects.count() == 1  # only the new one is kept


def test_a_forged_pending_upload_token_is_ignored(client, url):
    client.post(url, form_data(motivation=""))
    pending = PendingUpload.objects.get()
    forged = pending_upload_token(pending)[:-2] + "xx"
    html = page(client.post(url, form_data(cv=None, pending_cv=forged)))
    assert "Bitte laden Sie Ihren Lebenslauf hoch." in summary(html)
    assert not Application.objects.exists()


def test_a_refusal_by_the_service_is_shown_and_keeps_input_and_file(client, url, monkeypatch):
    def refuse(**kwargs):
        raise services.Refused("Diese Bewerbung ist bereits abgeschickt und kann nicht mehr geändert werden.")

    monkeypatch.setattr(services, "submit_application", refuse)
    html = page(client.post(url, form_data(motivation="Meine Worte")))
    assert "Diese Bewerbung ist bereits abgeschickt" in summary(html)
    assert "Meine Worte</textarea>" in html
    assert "Ihre Datei „lebenslauf.pdf“ ist gespeichert" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12", "Bitte geben Sie eine Telefonnummer an"),
        ("availability_days", "0", "Bitte geben Sie eine ganze Zahl von 1 bis 20 an."),
        ("availability_days", "-1", "Bitte geben Sie eine ganze Zahl von 1 bis 20 an."),
        ("availability_days", "21", "Bitte geben Sie eine ganze Zahl von 1 bis 20 an."),
        ("availability_days", "viele", "Bitte geben Sie eine ganze Zahl von 1 bis 20 an."),
        ("home_region", "99999", "Stadtkreis aus der Liste"),
        ("motivation", "x" * 5001, "höchstens 5000 Zeichen"),
        ("first_name", "x" * 101, "höchstens 100 Zeichen"),
    ],
    ids=[
        "phone",
        "availability-0",
        "availability-negative",
        "availability-high",
        "availability-word",
        "region",
        "motivation-long",
        "name-long",
    ],
)
def test_bad_values_get_a_clear_error_on_their_field(client, url, field, value, message):
    html = page(client.post(url, form_data(**{field: value})))
    assert f'href="#id_{field}"' in summary(html)
    assert message in unescape(html)
    assert "größer oder gleich" not in unescape(html) and "kleiner oder gleich" not in unescape(html)
    assert not Application.objects.exists()


def test_a_language_without_a_level_and_a_level_without_a_language_are_errors(client, url):
    html = page(client.post(url, form_data(**languages(("Arabisch", ""), ("", "good")))))
    box = summary(html)
    assert 'href="#id_languages-0-level"' in box and "wie gut Sie diese Sprache sprechen" in box
    assert 'href="#id_languages-1-name"' in box and "Bitte nennen Sie die Sprache." in box


def test_submitting_needs_at_least_one_language(client, url):
    html = page(client.post(url, form_data(**languages())))
    assert "Bitte nennen Sie mindestens eine Sprache, die Sie sprechen." in summary(html)
    assert 'href="#id_languages-0-name"' in summary(html)


# --- Art. 9: migration background only with its own consent ---------------------------------------


def test_a_migration_background_without_its_consent_is_an_error_not_silently_dropped(client, url):
    html = page(client.post(url, form_data(migration_background="Ich bin 2001 aus Eritrea gekommen.")))
    assert 'href="#id_migration_background"' in summary(html)
    assert "nur mit Ihrer ausdrücklichen Einwilligung" in html
    assert "Ich bin 2001 aus Eritrea gekommen.</textarea>" in html
    assert not Application.objects.exists()


def test_with_its_consent_the_migration_background_is_stored_with_the_moment(client, url):
    client.post(url, form_data(migration_background="Aus Eritrea.", special_category_consent="on"))
    application = Application.objects.get()
    assert application.migration_background == "Aus Eritrea."
    assert application.special_category_consent_at is not None


def test_the_model_constraints_name_fields_the_form_does_not_set():
    """The form leaves the model's constraints to the service and the database (ApplicationForm._post_clean):
    Django could check none of them in the form, as each names a field the form does not set. A constraint
    over the form's fields alone must be checked in the form again."""
    form_fields = set(ApplicationForm._meta.fields)
    for constraint in Application._meta.constraints:
        assert constraint.condition.referenced_base_fields - form_fields, constraint.name


def test_the_form_explains_why_it_asks_and_that_it_is_voluntary(client, url):
    html = page(client.get(url))
    assert "Die Angabe ist freiwillig" in html and "Art. 9 DSGVO" in html
    assert re.search(r'<fieldset class="mb-4" aria-describedby="migration-why">', html)


# --- spam ----------------------------------------------------------------------------------------


def test_a_filled_honeypot_is_refused_politely_and_keeps_the_data(client, url):
    html = page(client.post(url, form_data(website="http://spam.example")))
    assert "Ihre Angaben konnten nicht angenommen werden." in summary(html)
    assert 'value="Ayşe"' in html
    assert 'value="http://spam.example"' not in html
    assert not Application.objects.exists()
    assert not PendingUpload.objects.exists()  # a bot's file is not kept


def test_a_form_sent_back_faster_than_the_minimum_is_refused_and_can_be_sent_again(client, url):
    started = started_token()
    html = page(client.post(url, form_data(started=started)))
    assert "Das ging sehr schnell." in summary(html)
    assert 'value="Ayşe"' in html
    # A fresh token (the one sent is spent) carrying the original moment, so the next try counts from it.
    reissued = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert reissued != started
    assert antispam.read_start_token(reissued)[1]["s"] == antispam.read_start_token(started)[1]["s"]
    assert not Application.objects.exists()
    assert not PendingUpload.objects.exists()  # a post refused as too fast stores no CV (#7.10)
    # ... and the page says so at the CV, so the person does not learn it from the next attempt's error.
    assert "Die eben gewählte Datei haben wir nicht gespeichert." in summary(html)


def test_a_start_token_works_once(client, url):
    started = started_token(time.time() - 60)
    assert client.post(url, form_data(started=started, motivation="")).status_code == 200  # spent, with errors
    html = page(client.post(url, form_data(started=started)))
    assert "Dieses Formular wurde schon einmal gesendet." in summary(html)
    assert 'value="Ayşe"' in html
    assert not Application.objects.exists()
    assert PendingUpload.objects.count() == 1  # only the first, honest attempt kept its file
    # The page shown again carries a fresh token, so a person who means it can send once more.
    fresh = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert client.post(url, form_data(started=fresh)).status_code == 302


def test_an_expired_start_token_is_refused_and_replaced(client, url, settings):
    settings.PUBLIC_FORM_TOKEN_MAX_AGE = 3600
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        started = started_token()
    html = page(client.post(url, form_data(started=started)))
    assert "ist abgelaufen" in summary(html)
    assert 'value="Ayşe"' in html
    assert not Application.objects.exists()
    fresh = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert antispam.read_start_token(fresh)[0] == "ok"


def test_the_minimum_fill_time_is_configurable(client, url, settings):
    settings.POOL_MIN_FILL_SECONDS = 0
    assert client.post(url, form_data(started=started_token())).status_code == 302


@pytest.mark.parametrize(("seconds_ago", "status"), [(2, 200), (4, 302)])
def test_the_minimum_fill_time_counts_seconds_since_the_form_was_handed_out(client, url, settings, seconds_ago, status):
    settings.POOL_MIN_FILL_SECONDS = 3
    # The clock stands still: on a loaded machine the request itself could otherwise take the missing second.
    with time_machine.travel(time.time(), tick=False):
        assert client.post(url, form_data(started=started_token(time.time() - seconds_ago))).status_code == status


def test_the_spam_settings_come_from_the_environment_with_their_defaults():
    script = "from django.conf import settings; print(settings.POOL_MIN_FILL_SECONDS, settings.POOL_SUBMISSION_RATE)"

    def read(**env):
        base = {k: v for k, v in os.environ.items() if not k.startswith("POOL_")}
        command = [sys.executable, "-c", f"import django; django.setup(); {script}"]
        result = subprocess.run(
            command, cwd=ROOT, env=base | env, capture_output=True, text=True, timeout=60, check=True
        )
        return result.stdout.split()

    assert read() == ["3", "20/h"]
    assert read(POOL_MIN_FILL_SECONDS="0", POOL_SUBMISSION_RATE="5/m") == ["0", "5/m"]


@pytest.mark.parametrize("started", [None, "", "123", started_token(0)[:-3] + "abc"])
def test_a_missing_or_altered_start_field_is_refused_and_replaced(client, url, started):
    html = page(client.post(url, form_data(started=started)))
    assert "Das Formular war nicht vollständig." in summary(html)
    token = re.search(r'name="started" value="([^"]+)"', html).group(1)
    assert token != started
    assert not Application.objects.exists()


def test_posts_beyond_the_rate_limit_get_429_and_save_nothing(client, url, settings):
    settings.POOL_SUBMISSION_RATE = "3/h"
    for _ in range(3):
        assert client.post(url, form_data(motivation="")).status_code == 200
    response = client.post(url, form_data())
    assert response.status_code == 429
    assert "sehr viele Anfragen" in summary(page(response))
    assert 'value="Ayşe"' in page(response)
    assert not Application.objects.exists()
    # Reading the form is not limited.
    assert client.get(url).status_code == 200
    # Another address is counted on its own.
    assert client.post(url, form_data(), REMOTE_ADDR="192.0.2.10").status_code == 302


def test_over_the_rate_limit_a_new_file_is_not_stored_and_the_page_says_to_choose_it_again(client, url, settings):
    settings.POOL_SUBMISSION_RATE = "1/h"
    client.post(url, form_data(first_name=""))
    PendingUpload.objects.all().delete()  # the first attempt kept its file; this test is about the second
    response = client.post(url, form_data(cv=pdf_upload("neu.pdf")))
    box = summary(page(response))
    assert response.status_code == 429
    assert (
        '<a href="#id_cv" class="alert-link">Lebenslauf: Die eben gewählte Datei haben wir nicht gespeichert. '
        "Bitte wählen Sie sie noch einmal aus, wenn Sie das Formular wieder senden.</a>"
    ) in box
    assert "ist gespeichert" not in page(response)
    assert not PendingUpload.objects.exists()


def test_over_the_rate_limit_a_cv_kept_by_an_earlier_attempt_stays_kept(client, url, settings):
    settings.POOL_SUBMISSION_RATE = "1/h"
    html = page(client.post(url, form_data(motivation="")))
    token = re.search(r'name="pending_cv" value="([^"]+)"', html).group(1)
    response = client.post(url, form_data(cv=None, pending_cv=token))
    html = page(response)
    assert response.status_code == 429
    assert "Ihre Datei „lebenslauf.pdf“ ist gespeichert – Sie müssen sie nicht erneut auswählen." in html
    kept = re.search(r'name="pending_cv" value="([^"]+)"', html).group(1)
    assert pending_upload_from_token(kept) == PendingUpload.objects.get()
    assert "Die eben gewählte Datei" not in html  # no new file came, so there is nothing to choose again
    # A new file is not stored, and it does not push out the kept one either.
    html = page(client.post(url, form_data(cv=pdf_upload("neu.pdf"), pending_cv=token)))
    assert "Ihre Datei „lebenslauf.pdf“ ist gespeichert" in html
    assert "Die eben gewählte Datei haben wir nicht gespeichert." in summary(html)
    kept = re.search(r'name="pending_cv" value="([^"]+)"', html).group(1)
    assert pending_upload_from_token(kept) == PendingUpload.objects.get()

    settings.POOL_SUBMISSION_RATE = "10/h"
    assert client.post(url, form_data(cv=None, pending_cv=token)).status_code == 302
    assert Application.objects.get().cv_original_name == "lebenslauf.pdf"


def test_behind_the_proxy_each_visitor_has_their_own_limit(client, url, settings):
    """gunicorn sees the proxy's address; the visitor is the X-Forwarded-For entry the proxy appended."""
    settings.POOL_SUBMISSION_RATE = "2/h"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    behind_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(2):
        client.post(url, form_data(motivation=""), HTTP_X_FORWARDED_FOR="203.0.113.7", **behind_proxy)
    # A forged first entry does not help: the proxy's own entry (last) counts.
    forged = "198.51.100.1, 203.0.113.7"
    assert client.post(url, form_data(), HTTP_X_FORWARDED_FOR=forged, **behind_proxy).status_code == 429
    assert client.post(url, form_data(), HTTP_X_FORWARDED_FOR="203.0.113.8", **behind_proxy).status_code == 302


def test_a_visitor_reaching_the_app_directly_cannot_pick_an_address(client, url, settings):
    settings.POOL_SUBMISSION_RATE = "1/h"
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client.post(url, form_data(motivation=""), REMOTE_ADDR="93.184.216.34", HTTP_X_FORWARDED_FOR="192.0.2.1")
    response = client.post(url, form_data(), REMOTE_ADDR="93.184.216.34", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert response.status_code == 429


def test_a_spoofed_forwarded_for_from_an_untrusted_private_peer_is_ignored(client, url, settings):
    """#8.5: before, any value from a private or loopback peer was believed; random values escaped the limit."""
    settings.POOL_SUBMISSION_RATE = "2/h"
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(2):
        client.post(url, form_data(motivation=""), REMOTE_ADDR="10.0.0.99", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    spoofed = client.post(url, form_data(), REMOTE_ADDR="10.0.0.99", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert spoofed.status_code == 429


# --- any text --------------------------------------------------------------------------------------

FREE_TEXT = ("first_name", "last_name", "motivation", "engagement", "expertise_regions", "municipal_experience")


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FREE_TEXT), text=st.text(max_size=300))
def test_any_text_round_trips_or_gets_a_clear_error_never_a_500(client, url, settings, field, text):
    settings.POOL_SUBMISSION_RATE = "10000/h"
    Application.objects.all().delete()
    response = client.post(url, form_data(action="draft", cv=None, **{field: text}))
    if response.status_code == 302:
        stored = getattr(Application.objects.get(), field)
        # Control and bidi characters are dropped (#8.5); names are single lines.
        assert stored == clean_text(text, multiline=field not in ("first_name", "last_name")).strip()
    else:
        assert response.status_code == 200
        assert f'href="#id_{field}"' in summary(page(response))
        assert not Application.objects.exists()


def test_topics_are_listed_in_the_active_language(client, url):
    Topic.objects.filter(name="Fairer Handel und faire Beschaffung").update(name_en="Fair trade")
    assert "Fairer Handel und faire Beschaffung" in page(client.get(url))
    assert "Fair trade" in page(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))


def test_a_new_cv_for_a_draft_replaces_the_stored_one_and_its_file(
    client, url, private_storage, django_capture_on_commit_callbacks
):
    client.post(url, form_data(action="draft"))
    draft = Application.objects.get()
    old = draft.cv.name
    edit_url = reverse("pool:application_edit", args=[page_key(draft)])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, form_data(action="draft", cv=pdf_upload("neu.pdf")))
    draft.refresh_from_db()
    assert draft.cv.name != old and draft.cv_original_name == "neu.pdf"
    assert not (private_storage / old).exists()
    assert (private_storage / draft.cv.name).exists()


def test_pending_uploads_nobody_came_back_for_are_erased_by_the_retention_job(
    client, url, private_storage, django_capture_on_commit_callbacks
):
    client.post(url, form_data(motivation=""))
    pending = PendingUpload.objects.get()
    path = private_storage / pending.file.name
    assert path.exists()
    services.erase_expired_applications(now=timezone.now() + timedelta(days=1))
    assert PendingUpload.objects.filter(pk=pending.pk).exists()
    later = timezone.now() + timedelta(days=services.PENDING_UPLOAD_DAYS, hours=1)
    with django_capture_on_commit_callbacks() as callbacks:
        services.erase_expired_applications(now=later)
    assert not PendingUpload.objects.exists()
    assert path.exists()  # the file stays until the erasure is committed: a rollback would need it
    for callback in callbacks:
        callback()
    assert not path.exists()


def test_a_post_while_the_broker_is_away_keeps_the_application_and_its_check(
    client, call, url, monkeypatch, django_capture_on_commit_callbacks
):
    """Without a broker the post still succeeds with one row and the confirmation queued (the outbox sweep
    hands it over later); the duplicate check is the worker's sweep's anyway (decision 0115)."""

    def no_broker(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr("celery.canvas.Signature.apply_async", no_broker)
    earlier = Application.objects.create(
        call=call,
        status=Application.Status.SUBMITTED,
        reference="MG-2020-0001",
        submitted_at=timezone.now() - timedelta(days=400),
        duplicates_checked_at=timezone.now() - timedelta(days=400),
        first_name="Ayşe",
        last_name="Öztürk",
        email="ayse.oeztuerk@example.org",
        email_key="ayse.oeztuerk@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data())
    assert response.status_code == 302
    application = Application.objects.exclude(pk=earlier.pk).get()  # exactly one row for the post
    assert application.duplicates_checked_at is None
    assert [m.to for m in deliver_outbox()] == [["ayse.oeztuerk@example.org"]]

    assert services.check_pending_duplicates() == 1
    flag = application.duplicate_flags.get()
    assert flag.other == earlier and "email" in flag.reasons
