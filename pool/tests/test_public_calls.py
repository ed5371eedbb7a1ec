"""The public call pages: what is open, upcoming and closed; dates in Europe/Berlin; the countdown."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from miglobe.core.testing import assert_constant_queries
from pool.models import Application
from pool.templatetags.pool_public import countdown_text

from .applicant import form_data
from .factories import CallFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 3, 10, 12, 0, tzinfo=BERLIN)


def at(*args):
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def calls(frozen):
    return {
        "open": CallFactory(title="Offene Ausschreibung", opens_at=at(2027, 3, 1, 9), closes_at=at(2027, 3, 15, 18)),
        "upcoming": CallFactory(title="Kommende Ausschreibung", opens_at=at(2027, 5, 2, 9), closes_at=at(2027, 6, 1)),
        "closed": CallFactory(title="Vergangene Ausschreibung", opens_at=at(2026, 9, 1), closes_at=at(2026, 11, 1, 12)),
        "old": CallFactory(title="Uralte Ausschreibung", opens_at=at(2020, 1, 1), closes_at=at(2020, 2, 1)),
    }


def test_the_list_shows_open_calls_first_then_upcoming_then_recently_closed(client, calls):
    html = client.get(reverse("pool:call_list")).content.decode()
    positions = [html.index(title) for title in ("Offene", "Kommende", "Vergangene")]
    assert positions == sorted(positions)
    assert "Uralte Ausschreibung" not in html
    assert "Bewerbungen sind ab 2. Mai 2027 um 09:00 Uhr möglich." in html
    assert "abgeschlossen" in html
    assert "Die Bewerbungsfrist endete am 1. November 2026 um 12:00 Uhr." in html
    # Only the open call has an apply button.
    assert html.count("Jetzt bewerben") == 1
    assert reverse("pool:application_create", args=[calls["open"].slug]) in html


def test_the_list_without_calls_says_so(client, db):
    html = client.get(reverse("pool:call_list")).content.decode()
    assert "Zurzeit ist keine Ausschreibung geöffnet." in html


def test_the_list_runs_the_same_queries_for_many_calls(client, frozen):
    def grow(n):
        for _ in range(n):
            CallFactory(opens_at=at(2027, 3, 1), closes_at=at(2027, 3, 20))
            CallFactory(opens_at=at(2027, 4, 1), closes_at=at(2027, 4, 20))

    assert assert_constant_queries(lambda: client.get(reverse("pool:call_list")), grow) == 1


def test_each_section_is_in_its_own_order(client, frozen):
    # Open calls by their deadline, upcoming ones by their start, closed ones latest first.
    for title, opens, closes in (
        ("Offen-B", at(2027, 2, 1), at(2027, 4, 1)),
        ("Offen-A", at(2027, 3, 1), at(2027, 3, 20)),
        ("Kommend-B", at(2027, 6, 1), at(2027, 7, 1)),
        ("Kommend-A", at(2027, 5, 1), at(2027, 8, 1)),
        ("Zu-B", at(2026, 8, 1), at(2026, 10, 1)),
        ("Zu-A", at(2026, 9, 1), at(2026, 11, 1)),
    ):
        CallFactory(title=title, opens_at=opens, closes_at=closes)
    html = client.get(reverse("pool:call_list")).content.decode()
    titles = re.findall(r">((?:Offen|Kommend|Zu)-[AB])</a>", html)
    assert titles == ["Offen-A", "Offen-B", "Kommend-A", "Kommend-B", "Zu-A", "Zu-B"]


def test_an_open_call_shows_its_texts_the_window_in_german_and_the_apply_button(client, calls):
    call = calls["open"]
    html = client.get(call.get_absolute_url()).content.decode()
    assert call.description in html and call.eligibility in html and call.work_description in html
    assert "vom 1. März 2027 um 09:00 Uhr bis zum 15. März 2027 um 18:00 Uhr (deutsche Zeit)" in html
    assert reverse("pool:application_create", args=[call.slug]) in html
    # Five days and six hours left: the countdown shows, rendered by the server.
    assert '<p class="countdown fs-5 fw-semibold" id="countdown" data-closes-at="2027-03-15T18:00:00+01:00">' in html
    assert "noch 5 Tage und 6 Stunden" in html
    assert 'id="countdown-texts" type="application/json"' in html
    assert "/static/js/countdown.js" in html


def test_the_countdown_shows_only_in_the_last_seven_days(client, frozen):
    call = CallFactory(opens_at=at(2027, 3, 1), closes_at=at(2027, 3, 31, 18))
    html = client.get(call.get_absolute_url()).content.decode()
    assert 'id="countdown"' not in html
    assert "countdown.js" not in html


def test_the_window_is_shown_in_english_with_english_dates(client, calls):
    html = client.get(calls["open"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "15 March 2027" in html or "March 15, 2027" in html
    assert "5 days and 6 hours left" in html


def test_a_call_before_opening_says_when_applications_start_and_offers_no_button(client, calls):
    call = calls["upcoming"]
    html = client.get(call.get_absolute_url()).content.decode()
    assert "Bewerbungen sind ab 2. Mai 2027 um 09:00 Uhr möglich." in html
    assert reverse("pool:application_create", args=[call.slug]) not in html


def test_a_closed_call_says_so_and_offers_no_button(client, calls):
    call = calls["closed"]
    html = client.get(call.get_absolute_url()).content.decode()
    assert "Die Bewerbungsfrist ist am 1. November 2026 um 12:00 Uhr abgelaufen." in html
    assert reverse("pool:application_create", args=[call.slug]) not in html


@pytest.mark.parametrize("which", ["upcoming", "closed"])
def test_outside_its_window_a_call_accepts_nothing(client, calls, which, private_storage, empty_cache):
    call = calls[which]
    url = reverse("pool:application_create", args=[call.slug])
    assert client.get(url).url == call.get_absolute_url()
    for action in ("draft", "submit"):
        response = client.post(url, form_data(action=action))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Diese Ausschreibung nimmt zurzeit keine Bewerbungen an." in html
        # The file is not kept, and the page does not pretend otherwise.
        assert "Lebenslauf: Die eben gewählte Datei haben wir nicht gespeichert." in html
        assert "ist gespeichert" not in html
        assert 'value="submit"' not in html
    assert not Application.objects.exists()
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))


def test_an_unknown_call_is_404(client, db):
    assert client.get("/pool/ausschreibungen/gibt-es-nicht/").status_code == 404
    assert client.get("/pool/ausschreibungen/gibt-es-nicht/bewerben/").status_code == 404


def test_public_pages_have_no_inline_script_handlers_or_styles(client, calls):
    from pool.links import page_key

    from .applicant import open_link
    from .factories import ApplicationFactory

    # With the Art. 9 consent, so that the page holds the confirmation to withdraw it as well.
    submitted = ApplicationFactory(
        call=calls["open"], migration_background="Aus Kabul.", special_category_consent_at=NOW
    )
    draft = ApplicationFactory(call=calls["open"], draft=True)
    open_link(client, submitted)
    open_link(client, draft)
    urls = (
        reverse("pool:call_list"),
        calls["open"].get_absolute_url(),
        reverse("pool:application_create", args=[calls["open"].slug]),
        reverse("pool:application_detail", args=[page_key(submitted)]),
        reverse("pool:application_withdraw", args=[page_key(submitted)]),
        reverse("pool:application_erase", args=[page_key(submitted)]),
        reverse("pool:application_edit", args=[page_key(draft)]),
        reverse("pool:application_erased"),
    )
    for url in urls:
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all('src="/static/' in tag or 'type="application/json"' in tag for tag in scripts), scripts
        assert not re.search(r"\son[a-z]+=", html)
        assert "style=" not in html, url


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("left", "text"),
    [
        (timedelta(days=2, hours=3, minutes=10), "noch 2 Tage und 3 Stunden"),
        (timedelta(days=1), "noch 1 Tag"),
        (timedelta(hours=1, minutes=1), "noch 1 Stunde und 1 Minute"),
        (timedelta(hours=5), "noch 5 Stunden"),
        (timedelta(minutes=58, seconds=1), "noch 59 Minuten"),
        (timedelta(minutes=59, seconds=59), "noch 1 Stunde"),
        (timedelta(seconds=30), "noch 1 Minute"),
        (timedelta(seconds=-5), "Die Bewerbungsfrist ist abgelaufen."),
    ],
)
def test_the_countdown_text(left, text):
    assert countdown_text(left) == text


def test_a_draft_of_a_closed_call_can_be_read_but_not_sent(client, frozen, private_storage, empty_cache):
    from pool.links import page_key

    from .applicant import open_link
    from .factories import ApplicationFactory

    call = CallFactory(opens_at=at(2027, 2, 1), closes_at=at(2027, 3, 1))
    draft = ApplicationFactory(call=call, draft=True, motivation="Fast fertig")
    open_link(client, draft)
    edit = reverse("pool:application_edit", args=[page_key(draft)])
    html = client.get(edit).content.decode()
    assert "Fast fertig</textarea>" in html
    assert "Ihre Angaben können Sie unten noch lesen, aber nicht mehr absenden." in html
    assert 'value="submit"' not in html
    response = client.post(edit, form_data())
    assert "Diese Ausschreibung nimmt zurzeit keine Bewerbungen an." in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft and draft.motivation == "Fast fertig"
