"""The applicant's private page behind the signed link: status and data, withdraw, renew the reserve
consent, download and erase; nobody else's link opens it, and the CV is reachable by no URL.

The link's key is exchanged for the session on the first visit (open_link); the pages' URLs hold only the
application's public id, which opens nothing by itself."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from pool.links import APPLICATION_LINK, page_key
from pool.models import Application, ErasureLog, StatusChange

from .applicant import form_data, open_link
from .factories import ApplicationFactory, LanguageFactory, topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage", "empty_cache")]
EXPIRED = "/zugang/pool.application/abgelaufen/"

ACTION_URLS = (
    "pool:application_detail",
    "pool:application_edit",
    "pool:application_withdraw",
    "pool:application_export",
    "pool:application_erase",
)


@pytest.fixture
def submitted(client, call):
    """An application as the form leaves it: submitted, with a CV, a language, a topic and the Art. 9 text."""
    client.post(
        reverse("pool:application_create", args=[call.slug]),
        form_data(
            topics=[topic()],
            migration_background="Ich bin in Kabul aufgewachsen.",
            special_category_consent="on",
            reserve_consent="on",
        ),
    )
    return Application.objects.get()


def url(name, application):
    return reverse(name, args=[page_key(application)])


def test_the_private_page_shows_status_reference_and_all_data_including_the_own_migration_background(client, submitted):
    response = client.get(url("pool:application_detail", submitted))
    html = response.content.decode()
    assert response.status_code == 200
    assert submitted.reference in html
    assert '<span id="status">eingereicht</span>' in html
    for value in ("Ayşe Öztürk", "ayse.oeztuerk@example.org", "Stuttgart (Stadtkreis)", "Türkisch (Muttersprache)"):
        assert value in html
    assert "Flucht und Migration" in html
    assert "lebenslauf.pdf" in html
    assert "Ich bin in Kabul aufgewachsen." in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"]
    # The storage name of the CV is never shown.
    assert submitted.cv.name not in html


def test_a_language_is_shown_with_its_level_label_as_get_level_display_gives_it():
    """`level_label` replaces get_level_display() (which translates every choice for each language shown)."""
    from django.utils import translation

    from pool.models import AdvisorLanguage, ApplicationLanguage

    for language in ("de", "en"):
        with translation.override(language):
            for level in [*Application.Level.values, "retired-value", ""]:
                shown = ApplicationLanguage(name="Twi", level=level)
                assert (
                    str(shown) == f"Twi ({shown.get_level_display()})" == str(AdvisorLanguage(name="Twi", level=level))
                )
    with translation.override("en"):
        assert str(ApplicationLanguage(name="Twi", level="native")) == "Twi (native language)"


def test_a_draft_link_to_the_private_page_opens_the_form(client, call):
    draft = ApplicationFactory(call=call, draft=True)
    assert open_link(client, draft) == url("pool:application_edit", draft)
    assert client.get(url("pool:application_detail", draft)).url == url("pool:application_edit", draft)


def test_the_key_is_gone_from_the_url_after_the_first_visit(client, application):
    landed = open_link(client, application)
    assert landed == url("pool:application_detail", application)
    assert "?" not in landed and ":" not in landed
    assert client.get(landed).status_code == 200


def test_without_the_link_the_key_less_page_opens_nothing(client, application):
    for name in ACTION_URLS:
        assert client.get(url(name, application)).status_code == 404


def test_a_link_opens_only_its_own_application(client, call):
    a = ApplicationFactory(call=call, first_name="Amina")
    b = ApplicationFactory(call=call, first_name="Bogdan")
    open_link(client, a)
    html_a = client.get(url("pool:application_detail", a)).content.decode()
    assert "Amina" in html_a and "Bogdan" not in html_a
    # B's pages stay closed to the browser that opened A's link…
    for name in ACTION_URLS:
        assert client.get(url(name, b)).status_code == 404, name
    # …and A's signature on B's id is no link at all.
    key_a = APPLICATION_LINK.url(a).split("?k=", 1)[1]
    forged = str(b.public_id) + key_a[len(str(a.public_id)) :]
    assert client.get(reverse("core:private_link", args=["pool.application"]), {"k": forged}).url == EXPIRED
    for name in ACTION_URLS:
        assert client.get(url(name, b)).status_code == 404, name


def test_a_tampered_or_unknown_key_leads_to_the_page_for_a_new_link(client, application):
    key = APPLICATION_LINK.url(application).split("?k=", 1)[1]
    tampered = key[:-1] + ("A" if key[-1] != "A" else "B")
    unknown = signing.TimestampSigner(salt="miglobe.private_link.pool.application").sign(
        "00000000-0000-0000-0000-000000000000"
    )
    other_salt = signing.TimestampSigner(salt="something.else").sign(str(application.public_id))
    entry = reverse("core:private_link", args=["pool.application"])
    for bad in (tampered, unknown, other_salt, "x", ""):
        assert client.get(entry, {"k": bad}).url == EXPIRED
    for name in ACTION_URLS:
        assert client.get(url(name, application)).status_code == 404
        assert client.post(url(name, application)).status_code == 404


@pytest.mark.parametrize("name", ACTION_URLS)
def test_an_unknown_or_malformed_id_is_404(client, application, name):
    open_link(client, application)
    for bad in ("00000000-0000-0000-0000-000000000000", "x", f"{application.public_id}:sig"):
        assert client.get(reverse(name, args=[bad])).status_code == 404


# --- withdraw ------------------------------------------------------------------------------------


def test_withdrawing_asks_first_then_records_the_change(client, submitted):
    confirm = client.get(url("pool:application_withdraw", submitted))
    assert "Bewerbung zurückziehen?" in confirm.content.decode()
    assert Application.objects.get().status == "submitted"

    response = client.post(url("pool:application_withdraw", submitted))
    assert response.url == url("pool:application_detail", submitted)
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.WITHDRAWN and submitted.decided_at
    change = StatusChange.objects.get(application=submitted, to_status="withdrawn")
    assert change.from_status == "submitted" and change.changed_by is None
    html = client.get(response.url).content.decode()
    assert "Sie haben Ihre Bewerbung zurückgezogen." in html
    assert url("pool:application_withdraw", submitted) not in html


def test_a_decided_application_cannot_be_withdrawn(client, call):
    selected = ApplicationFactory(call=call, status=Application.Status.SELECTED)
    open_link(client, selected)
    assert (
        url("pool:application_withdraw", selected)
        not in client.get(url("pool:application_detail", selected)).content.decode()
    )
    response = client.post(url("pool:application_withdraw", selected), follow=True)
    assert "kann nicht mehr zurückgezogen werden" in response.content.decode()
    selected.refresh_from_db()
    assert selected.status == Application.Status.SELECTED


# --- withdraw the Art. 9 consent ------------------------------------------------------------------


def withdraw_consent_url(application, token=None):
    return reverse("pool:application_withdraw_special_consent", args=[token or page_key(application)])


def test_the_art_9_consent_can_be_withdrawn_after_submitting_and_the_self_description_is_deleted(client, submitted):
    html = client.get(url("pool:application_detail", submitted)).content.decode()
    assert '<details id="withdraw-special-consent">' in html
    assert f'action="{withdraw_consent_url(submitted)}"' in html
    assert "Ja, Einwilligung widerrufen und Angaben löschen" in html

    response = client.post(withdraw_consent_url(submitted))
    assert response.url == url("pool:application_detail", submitted)
    submitted.refresh_from_db()
    assert submitted.migration_background == "" and submitted.special_category_consent_at is None
    # The rest of the application stays as it was.
    assert submitted.status == Application.Status.SUBMITTED and submitted.motivation.startswith("Ich möchte")
    assert submitted.privacy_consent_at and submitted.reserve_consent_at and submitted.cv

    html = client.get(response.url).content.decode()
    assert "Sie haben Ihre Einwilligung widerrufen. Ihre Angaben zur Migrationsgeschichte haben wir gelöscht." in html
    assert "Ich bin in Kabul aufgewachsen." not in html
    assert "withdraw-special-consent" not in html


def test_withdrawing_the_art_9_consent_from_a_second_tab_is_no_error(client, submitted):
    client.post(withdraw_consent_url(submitted))
    response = client.post(withdraw_consent_url(submitted), follow=True)
    assert response.status_code == 200
    assert "liegt keine Einwilligung vor" in response.content.decode()


def test_withdrawing_the_art_9_consent_is_post_only(client, submitted):
    assert client.get(withdraw_consent_url(submitted)).status_code == 405
    submitted.refresh_from_db()
    assert submitted.special_category_consent_at and submitted.migration_background


def test_without_an_art_9_consent_there_is_no_button_and_a_post_changes_nothing(client, call):
    application = ApplicationFactory(call=call)
    open_link(client, application)
    assert "withdraw-special-consent" not in client.get(url("pool:application_detail", application)).content.decode()
    response = client.post(withdraw_consent_url(application), follow=True)
    assert "Für Angaben zu Ihrer Migrationsgeschichte liegt keine Einwilligung vor." in response.content.decode()
    assert "Sie haben Ihre Einwilligung widerrufen" not in response.content.decode()


def test_a_token_withdraws_the_art_9_consent_of_its_own_application_only(client, call):
    now = timezone.now()
    a, b = (
        ApplicationFactory(call=call, migration_background=text, special_category_consent_at=now)
        for text in ("Aus Kabul.", "Aus Lagos.")
    )
    open_link(client, a)
    for other in (str(b.public_id), "x"):
        assert client.post(withdraw_consent_url(b, token=other)).status_code == 404
    b.refresh_from_db()
    assert b.migration_background == "Aus Lagos." and b.special_category_consent_at

    client.post(withdraw_consent_url(a))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.migration_background == "" and a.special_category_consent_at is None
    assert b.migration_background == "Aus Lagos." and b.special_category_consent_at


def test_a_draft_withdrawing_its_art_9_consent_returns_to_its_form(client, call):
    draft = ApplicationFactory(
        call=call, draft=True, migration_background="Aus Kabul.", special_category_consent_at=timezone.now()
    )
    open_link(client, draft)
    response = client.post(withdraw_consent_url(draft))
    assert response.url == url("pool:application_edit", draft)
    draft.refresh_from_db()
    assert draft.migration_background == "" and draft.special_category_consent_at is None


def test_the_form_says_where_the_art_9_consent_can_be_withdrawn(client, call):
    html = client.get(reverse("pool:application_create", args=[call.slug])).content.decode()
    assert "nach dem Absenden auf der Seite Ihrer Bewerbung" in html


# --- reserve list --------------------------------------------------------------------------------


def test_on_the_reserve_list_the_consent_can_be_renewed(client, call):
    now = timezone.now()
    reserve = ApplicationFactory(
        call=call,
        status=Application.Status.RESERVE,
        reserve_consent_at=now - timedelta(days=300),
        reserve_until=now + timedelta(days=65),
        decision_sent_at=now - timedelta(days=200),  # the person was told
    )
    open_link(client, reserve)
    html = client.get(url("pool:application_detail", reserve)).content.decode()
    assert "Einwilligung verlängern" in html
    response = client.post(reverse("pool:application_renew_reserve", args=[page_key(reserve)]), follow=True)
    reserve.refresh_from_db()
    assert reserve.reserve_until > now + timedelta(days=360)
    assert "Danke! Sie bleiben bis zum" in response.content.decode()


def test_renewing_is_refused_when_not_on_the_reserve_list(client, submitted):
    renew = reverse("pool:application_renew_reserve", args=[page_key(submitted)])
    assert client.get(renew).status_code == 405
    response = client.post(renew, follow=True)
    assert "steht nicht auf der Nachrückliste" in response.content.decode()
    assert "Einwilligung verlängern" not in response.content.decode()


# --- download my data ----------------------------------------------------------------------------


def test_download_my_data_is_a_zip_with_all_data_and_the_cv(client, submitted, private_storage):
    LanguageFactory(application=submitted, name="Dari", level="native")
    response = client.get(url("pool:application_export", submitted))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="miglobe-bewerbung-{submitted.reference}.zip"'
    assert "no-store" in response["Cache-Control"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["data.json", "lebenslauf/lebenslauf.pdf"]
        data = json.loads(archive.read("data.json"))
        assert archive.read("lebenslauf/lebenslauf.pdf") == (private_storage / submitted.cv.name).read_bytes()
    assert data["reference"] == submitted.reference
    assert data["email"] == "ayse.oeztuerk@example.org"
    assert data["migration_background"] == "Ich bin in Kabul aufgewachsen."
    assert {"name": "Dari", "level": "native", "level_label": "Muttersprache"} in data["languages"]
    assert data["topics"] == ["Flucht und Migration"]
    assert data["consents"]["privacy"] and data["consents"]["special_category"] and data["consents"]["reserve_list"]
    assert [(c["from"], c["to"]) for c in data["status_history"]] == [("draft", "submitted")]
    assert len(data["emails"]) == 1


def test_a_draft_can_download_its_data_too(client, call):
    draft = ApplicationFactory(call=call, draft=True)
    open_link(client, draft)
    response = client.get(url("pool:application_export", draft))
    assert response["Content-Disposition"] == 'attachment; filename="miglobe-bewerbung-entwurf.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["data.json"]


# --- erase my data -------------------------------------------------------------------------------


def test_erasing_asks_first_then_removes_everything_and_the_link_stops_working(
    client, submitted, private_storage, django_capture_on_commit_callbacks
):
    cv_path = private_storage / submitted.cv.name
    token = page_key(submitted)
    confirm = client.get(url("pool:application_erase", submitted)).content.decode()
    assert "Alle Daten löschen?" in confirm
    assert Application.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the rows are gone for good
        response = client.post(url("pool:application_erase", submitted))
    assert response.url == reverse("pool:application_erased")
    assert "Ihre Daten sind gelöscht" in client.get(response.url).content.decode()
    assert not Application.objects.exists()
    assert not cv_path.exists()
    log = ErasureLog.objects.get()
    assert (log.kind, log.count, log.references) == ("request", 1, [submitted.reference])
    assert client.get(reverse("pool:application_detail", args=[token])).status_code == 404


def test_a_draft_can_be_erased_from_its_form(client, call):
    draft = ApplicationFactory(call=call, draft=True)
    open_link(client, draft)
    html = client.get(url("pool:application_edit", draft)).content.decode()
    assert url("pool:application_erase", draft) in html
    assert url("pool:application_edit", draft) in client.get(url("pool:application_erase", draft)).content.decode()
    client.post(url("pool:application_erase", draft))
    assert not Application.objects.exists()


def test_a_selected_person_is_told_to_ask_the_team(client, call):
    selected = ApplicationFactory(call=call, status=Application.Status.SELECTED)
    open_link(client, selected)
    response = client.post(url("pool:application_erase", selected), follow=True)
    assert "wenden Sie sich an das Programmteam" in response.content.decode()
    assert Application.objects.filter(pk=selected.pk).exists()


# --- the CV has no URL ---------------------------------------------------------------------------


def test_the_stored_cv_is_reachable_by_no_url(client, submitted, private_storage):
    name = submitted.cv.name
    file_name = name.split("/")[-1]
    assert (private_storage / name).exists()
    candidates = [
        f"/media/{name}",
        f"/static/{name}",
        f"/{name}",
        f"/private/{name}",
        f"/var/private/{name}",
        f"/pool/{name}",
        f"/pool/media/{name}",
        f"/media/{file_name}",
        f"/static/{file_name}",
        f"/{file_name}",
    ]
    for candidate in candidates:
        assert client.get(candidate).status_code == 404, candidate
    for page in (url("pool:application_detail", submitted), reverse("pool:call_list")):
        assert file_name not in client.get(page).content.decode()
    assert not re.search(r"MEDIA_URL|/media/", client.get(url("pool:application_detail", submitted)).content.decode())
