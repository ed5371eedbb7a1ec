from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


def _object_filter(obj) -> Q:
    return Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class OutboxMessageQuerySet(models.QuerySet):
    def for_object(self, obj):
        """Every email queued about `obj` (its `related_object`), e.g. to erase them with it."""
        return self.filter(_object_filter(obj))

    def queued(self):
        return self.filter(status="queued")

    def due(self, now: datetime):
        """Queued rows whose (next) attempt may start now."""
        return self.queued().filter(next_attempt_at__lte=now)

    def missing_task(self, now: datetime, *, republish_after: timedelta):
        """Due rows that have no task on the broker: its hand-over failed, or it was lost long ago."""
        return self.due(now).filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - republish_after))

    def stuck_sending(self, now: datetime, *, timeout: timedelta):
        """Rows a worker claimed but never finished (it died, or the SMTP server hung)."""
        return self.filter(status="sending", sending_started_at__lte=now - timeout)


class ReminderQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(_object_filter(obj))

    def pending(self):
        """Ledger rows whose email has not left yet and could still be cancelled."""
        return self.filter(message__status="queued")


class AppendOnlyError(Exception):
    """An audit entry was about to be changed or deleted."""


class AuditEntryQuerySet(models.QuerySet):
    """The trail's guard in Python (on SQLite it is the only one; PostgreSQL also has a trigger)."""

    def for_object(self, obj):
        """An object's history, oldest first."""
        return self.filter(_object_filter(obj)).order_by("at", "pk")

    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries are append-only")

    def delete(self):
        raise AppendOnlyError("Audit entries are append-only")

    def redact(self, *, now: datetime, actor_too: bool = False) -> int:
        """The one change allowed: drop the data (and, for an erased account, the actor's name) of entries
        about an erased person, keeping action, time, actor id and reference. The trigger allows this once."""
        fields = {"data": {}, "redacted_at": now}
        if actor_too:
            fields["actor_label"] = ""
        return models.QuerySet.update(self.filter(redacted_at__isnull=True), **fields)
