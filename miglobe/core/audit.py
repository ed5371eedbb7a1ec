"""The one audit trail of every app: who did what to which object, written in the caller's transaction.

    from miglobe.core.audit import record
    record(actor=request.user, action="pool.application.selected", obj=application, data={"to": "selected"})

`action` is `<app>.<model>.<past verb>`. `data` is a small JSON-serialisable dict of ids, status codes,
counts or a reason – never names, emails or other personal details: entries outlive an erasure.
Entries are append-only (see AuditEntry); the only change ever allowed is the one-way redaction of an
erased person's `data` (`AuditEntry.objects.for_object(obj).redact()`).
"""

import json
import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

from .models import AuditEntry

ACTION_PATTERN = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
MAX_DATA_BYTES = 4000

# The signed-in user of the current request, for entries written by signal handlers that are not told who
# acted (a user's groups changed in the admin). Set by StaffSessionMiddleware; services pass `actor` instead.
_request_actor: ContextVar = ContextVar("audit_request_actor", default=None)


def request_actor():
    return _request_actor.get()


@contextmanager
def acting(user):
    token = _request_actor.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _request_actor.reset(token)


def object_label(obj) -> str:
    """What the trail shows for an object. Models' `__str__` must hold no personal details (a reference
    number such as MG-2027-0042); `audit_label` overrides it where `__str__` would show a name."""
    # Staff read the trail in German; a label made while an English visitor's request was active read
    # "Draft #60" there (found in the trial walk). Stored once, so written in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        label = getattr(obj, "audit_label", None)
        if callable(label):
            label = label()
        return str(label if label is not None else obj)[:200]


def record(*, actor, action: str, obj=None, data: dict | None = None) -> AuditEntry:
    """Append one entry. Raises ValueError for a malformed action, an unsaved object or unserialisable data."""
    if not ACTION_PATTERN.match(action):
        raise ValueError(f"Audit action {action!r} is not '<app>.<model>.<past verb>'")
    data = dict(data or {})
    encoded = json.dumps(data, cls=DjangoJSONEncoder)
    if len(encoded) > MAX_DATA_BYTES:
        raise ValueError(f"Audit data for {action} is too large ({len(encoded)} bytes): record ids, not content")
    if obj is not None and obj.pk is None:
        raise ValueError(f"Audit entry {action} names an unsaved object")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # an anonymous visitor is no one we can name
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor is not None else None,
        actor_label=actor.get_username()[:150] if actor is not None else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_label=object_label(obj) if obj is not None else "",
        data=json.loads(encoded),
    )
