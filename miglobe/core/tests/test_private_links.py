from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from miglobe.core.private_links import PrivateLink

from .link_urls import APPOINTMENT_LINK, RESENT_TO
from .testapp.models import Appointment

pytestmark = [pytest.mark.django_db, pytest.mark.urls("miglobe.core.tests.link_urls")]


@pytest.fixture(autouse=True)
def _fresh(settings):
    RESENT_TO.clear()
    settings.PRIVATE_LINK_MAX_AGE_DAYS = 30
    settings.PRIVATE_LINK_RESEND_RATE = "3/h"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "links"}}
    cache.clear()  # the throttle counts of an earlier test


def _appointment(title="Beratung", email="kommune@example.org"):
    now = timezone.now()
    return Appointment.objects.create(title=title, day=now.date(), starts_at=now, attendee_email=email)


def _main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _path(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


@pytest.mark.smoke
def test_the_key_is_exchanged_for_the_session_and_leaves_the_url(client):
    a = _appointment()
    url = APPOINTMENT_LINK.url(a)
    assert url.startswith("http://testserver/zugang/testapp.appointment/?k=")

    response = client.get(_path(url))

    assert response.status_code == 302
    assert response["Location"] == f"/termin/{a.pk}/"
    assert "k=" not in response["Location"]
    assert client.get(response["Location"]).content.decode() == "Termin Beratung"


def test_the_page_without_a_granted_session_is_not_found_and_offers_a_new_link(client):
    a = _appointment()
    response = client.get(f"/termin/{a.pk}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Bitte öffnen Sie den Link aus Ihrer E-Mail" in html
    assert 'action="/zugang/testapp.appointment/neu/"' in html and 'name="email"' in html


def test_link_a_never_opens_b(client):
    a, b = _appointment("A"), _appointment("B")
    client.get(_path(APPOINTMENT_LINK.url(a)))

    assert client.get(f"/termin/{a.pk}/").status_code == 200
    assert client.get(f"/termin/{b.pk}/").status_code == 404


def test_a_key_altered_to_name_another_object_is_refused(client):
    a, b = _appointment("A"), _appointment("B")
    token = urlsplit(APPOINTMENT_LINK.url(a)).query.removeprefix("k=")
    forged = f"{b.pk}{token[len(str(a.pk)) :]}"

    response = client.get("/zugang/testapp.appointment/", {"k": forged})

    assert response["Location"] == "/zugang/testapp.appointment/abgelaufen/"
    assert client.get(f"/termin/{b.pk}/").status_code == 404


def test_a_link_for_one_kind_of_object_does_not_open_another_kind(client):
    other = PrivateLink(
        name="testapp.other",
        lookup=lambda key: Appointment.objects.filter(pk=int(key)).first(),
        key=lambda obj: str(obj.pk),
        landing=lambda obj: "/",
        resend=lambda email: None,
    )
    a = _appointment()
    token = urlsplit(other.url(a)).query.removeprefix("k=")
    # The same object's key, signed for another link, is no good here: each name has its own salt.
    response = client.get("/zugang/testapp.appointment/", {"k": token.replace("%3A", ":")})
    assert response["Location"] == "/zugang/testapp.appointment/abgelaufen/"


def test_a_link_expires_after_the_configured_days(client):
    a = _appointment()
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        url = APPOINTMENT_LINK.url(a)

    response = client.get(_path(url))

    assert response["Location"] == "/zugang/testapp.appointment/abgelaufen/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Link abgelaufen oder ungültig" in page.content.decode()
    assert 'name="email"' in page.content.decode()
    assert client.get(f"/termin/{a.pk}/").status_code == 404


def test_a_link_still_works_within_the_configured_days(client):
    a = _appointment()
    with time_machine.travel(timezone.now() - timedelta(days=29)):
        url = APPOINTMENT_LINK.url(a)
    assert client.get(_path(url))["Location"] == f"/termin/{a.pk}/"


def test_a_link_ends_when_its_object_says_so_and_so_does_the_granted_session(client):
    a = _appointment("expired")
    assert client.get(_path(APPOINTMENT_LINK.url(a)))["Location"] == "/zugang/testapp.appointment/abgelaufen/"

    b = _appointment()
    client.get(_path(APPOINTMENT_LINK.url(b)))
    Appointment.objects.filter(pk=b.pk).update(title="expired")
    assert client.get(f"/termin/{b.pk}/").status_code == 404


def test_an_unknown_link_name_is_not_found(client):
    assert client.get("/zugang/nothing.here/", {"k": "x"}).status_code == 404
    assert client.get("/zugang/nothing.here/neu/").status_code == 404


def test_send_me_a_new_link_says_the_same_whether_or_not_the_address_exists(client):
    _appointment(email="kommune@example.org")

    known = client.post("/zugang/testapp.appointment/neu/", {"email": "kommune@example.org"})
    unknown = client.post("/zugang/testapp.appointment/neu/", {"email": "niemand@example.org"})

    assert known.status_code == unknown.status_code == 200
    assert _main(known) == _main(unknown)
    assert "E-Mail ist unterwegs" in known.content.decode()
    # The link's own resend decides whom to mail; core hands it every address.
    assert RESENT_TO == ["kommune@example.org", "niemand@example.org"]


def test_a_bad_address_keeps_what_was_typed_and_says_what_is_wrong(client):
    response = client.post("/zugang/testapp.appointment/neu/", {"email": "kommune@"})
    assert response.status_code == 200
    assert 'value="kommune@"' in response.content.decode()
    assert RESENT_TO == []


def test_new_links_are_throttled_per_address_without_telling(client):
    for _ in range(5):
        response = client.post(
            "/zugang/testapp.appointment/neu/", {"email": "kommune@example.org"}, REMOTE_ADDR=f"10.0.0.{_}"
        )
        assert response.status_code == 200
        assert "E-Mail ist unterwegs" in response.content.decode()
    assert RESENT_TO == ["kommune@example.org"] * 3


def test_new_links_are_throttled_per_visitor(client):
    for n in range(3):
        assert client.post("/zugang/testapp.appointment/neu/", {"email": f"a{n}@example.org"}).status_code == 200
    response = client.post("/zugang/testapp.appointment/neu/", {"email": "a9@example.org"})
    assert response.status_code == 429
    assert "Zu viele Anfragen" in response.content.decode()
    assert len(RESENT_TO) == 3


def test_grant_gives_the_browser_that_submitted_a_form_access(rf, client):
    a = _appointment()
    session = client.session
    request = rf.get("/")
    request.session = session
    APPOINTMENT_LINK.grant(request, a)
    session.save()
    client.cookies["sessionid"] = session.session_key
    assert client.get(f"/termin/{a.pk}/").status_code == 200


def test_a_grant_replaces_a_stored_session_id_but_a_new_session_is_saved_once(rf):
    """A planted id (a session stored before) is replaced by the grant; a browser without a stored session gets
    a fresh id anyway when the session is first saved, so the grant writes nothing extra."""
    from django.contrib.sessions.backends.db import SessionStore

    a = _appointment()
    planted = SessionStore()
    planted["seen"] = True
    planted.save()
    request = rf.get("/")
    request.session = SessionStore(planted.session_key)
    APPOINTMENT_LINK.grant(request, a)
    assert request.session.session_key not in (None, planted.session_key)
    assert not SessionStore().exists(planted.session_key)

    request = rf.get("/")
    request.session = SessionStore(None)
    with CaptureQueriesContext(connection) as queries:
        APPOINTMENT_LINK.grant(request, a)
    assert len(queries) == 0 and request.session.session_key is None
    request.session.save()
    assert request.session.session_key and SessionStore().exists(request.session.session_key)


def test_names_are_unique():
    with pytest.raises(ValueError, match="already declared"):
        _declare_again()


def _declare_again():
    from miglobe.core.tests import other_links  # noqa: F401  (declares testapp.appointment a second time)
