"""Sessions (miglobe.core.sessions): read by one plain SELECT of the unexpired row; new ones are inserted without
a look-up first, and a clash still draws again."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from miglobe.core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_project_uses_it():
    assert settings.SESSION_ENGINE == "miglobe.core.sessions"


def test_a_new_session_is_one_insert():
    session = SessionStore()
    session["x"] = 1
    with CaptureQueriesContext(connection) as queries:
        session.save()
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == ["SAVEPOINT", "INSERT", "RELEASE"]
    assert SessionStore(session.session_key).load() == {"x": 1}


def test_a_drawn_key_that_exists_is_drawn_again(monkeypatch):
    taken = SessionStore()
    taken.save()
    keys = iter([taken.session_key, "a" * 32])
    monkeypatch.setattr(SessionStore, "_get_new_session_key", lambda self: next(keys))
    session = SessionStore()
    session["y"] = 2
    session.save()
    assert session.session_key == "a" * 32
    assert SessionStore(taken.session_key).load() == {}  # the other one is untouched


def test_a_stored_session_is_read_with_one_statement():
    session = SessionStore()
    session["x"] = 1
    session.save()
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(session.session_key).load() == {"x": 1}
    assert len(queries.captured_queries) == 1


def test_an_expired_or_unknown_session_is_empty_and_its_key_is_not_reused():
    expired = SessionStore()
    expired["user"] = "someone"
    expired.save()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    for key in (expired.session_key, "b" * 32):
        session = SessionStore(key)
        assert session.load() == {}
        assert session.session_key is None  # saving it draws a new key
    just_valid = SessionStore()
    just_valid["user"] = "someone"
    just_valid.set_expiry(60)
    just_valid.save()
    assert SessionStore(just_valid.session_key).load()["user"] == "someone"


def test_a_tampered_session_is_empty():
    session = SessionStore()
    session["user"] = "someone"
    session.save()
    Session.objects.filter(session_key=session.session_key).update(session_data="not-signed")
    assert SessionStore(session.session_key).load() == {}
