"""New sessions are inserted without a look-up first (miglobe.core.sessions); a clash still draws again."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
