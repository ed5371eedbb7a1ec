"""Django's database sessions, read by one plain SELECT and created without a look-up first.

Reading: every request with a session cookie – each staff and portal page, each private page – loads its
session before the view runs. Django does it with `Session.objects.get(session_key=…, expire_date__gt=now)`:
building and compiling that queryset and making a model instance cost about 0.25 ms of CPU, ten times the
statement itself. The statement never changes, so it is written out here once; it reads the same row under the
same condition (a key that is unknown or expired gives an empty session, which gets a new key when saved).

Creating: Django draws a new key and asks the database whether it exists before it inserts the row; the
insert itself is guarded by the primary key (`save(must_create=True)` turns a clash into a new draw). With 32
characters from 36 (165 bits), a clash does not happen – the look-up only cost every new session (a login,
a submitted public form) a query.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone
from django.utils.crypto import get_random_string


class SessionStore(DatabaseSessionStore):
    def load(self):
        session_data = self._unexpired_session_data()
        if session_data is None:
            self._session_key = None  # as Django's store: the browser's unknown or expired key is not reused
            return {}
        return self.decode(session_data)

    def _unexpired_session_data(self) -> str | None:
        connection = connections[router.db_for_read(self.model)]
        table = connection.ops.quote_name(self.model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608 -- the table name is the model's
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def _get_new_session_key(self):
        return get_random_string(32, VALID_KEY_CHARS)
