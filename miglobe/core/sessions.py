"""Django's database sessions, without the look-up before a new session's insert.

Django draws a new key and asks the database whether it exists before it inserts the row; the insert
itself is guarded by the primary key (`save(must_create=True)` turns a clash into a new draw). With 32
characters from 36 (165 bits), a clash does not happen – the look-up only cost every new session (a login,
a submitted public form) a query.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)
