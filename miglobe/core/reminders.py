"""The reminder engine: apps declare *what* to send and *when*; the sweep sends each reminder once.

An app lists its rules in `<app>/reminders.py`:

    RULES = [
        ReminderRule(
            code="pool.draft_deadline",
            due=lambda now: Application.objects.drafts_due_for_deadline_reminder(now),
            recipients=lambda application: [Recipient(application.email, application.language)],
            template="pool/draft_deadline",
            occasion=lambda application: application.call.closes_at.isoformat(),
            context=lambda application, recipient: {"application": application},
        ),
    ]

`send_due_reminders()` (beat, every five minutes) writes a ledger row per (rule, object, recipient,
occasion) *before* it queues the email, in one transaction; the ledger's unique constraint makes a second
or parallel sweep skip it. See docs/reminders.md.
"""

import functools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from importlib import import_module
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

from .models import Reminder
from .outbox import cancel_message, format_address, queue_email

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    name: str = ""  # shown in the To header ("Ayşe Öztürk <ayse@example.org>") when given


@dataclass(frozen=True)
class ReminderRule:
    """One kind of reminder.

    - `code`: unique, dotted, e.g. "pool.draft_deadline"; it is stored in the ledger, so never rename it.
    - `due(now)`: a QuerySet of the objects whose reminder is due at `now` and still makes sense – a window
      from the reminder moment until it no longer matters, so a sweep that did not run for hours catches
      up. A queued reminder whose object leaves this set before it is sent is cancelled.
    - `recipients(obj)`: who receives it, each with their language.
    - `template`: the email template name, e.g. "pool/draft_deadline" (see miglobe.core.outbox).
    - `occasion(obj)`: the moment the reminder is about, e.g. the deadline (a datetime or date, stored as
      ISO text, datetimes in UTC) or any string. A changed occasion is a new reminder; the not yet sent
      one for the old occasion is cancelled.
    - `context(obj, recipient)`: extra template context; `object`, `recipient` and `occasion` are always there.
    - `confidential`: the email carries a private link (e.g. to the applicant's draft), so staff must not
      read it in the outbox admin; passed to `queue_email`.

    Only `due` gets the sweep's `now`. What `occasion` and `context` need of that moment is annotated onto
    the objects `due(now)` returns (`.annotate(reminded_at=Value(now))`), so no rule reads the clock itself.
    """

    code: str
    due: Callable[[datetime], QuerySet]
    recipients: Callable[[Any], list[Recipient]]
    template: str
    occasion: Callable[[Any], str | date | datetime]
    context: Callable[[Any, Recipient], dict] | None = None
    confidential: bool = False
    # (filename, content bytes, mimetype) triples sent with the email, e.g. an invitation's .ics file.
    attachments: Callable[[Any, Recipient], list[tuple[str, bytes, str]]] | None = None


# ---------------------------------------------------------------------------------------------- time


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_moment(day: date, at: time) -> datetime:
    """The instant (aware, in UTC) of wall-clock time `at` on `day` in Europe/Berlin.

    On the night clocks go forward a wall time like 02:30 does not exist: it is read with the offset
    before the switch, i.e. 03:30 summer time. On the night they go back it exists twice: the first one
    counts. Either way each day has exactly one such instant, so a daily reminder is neither missed nor
    doubled.
    """
    # Returned in UTC: an aware datetime inside the repeated hour compares unequal to every other zone's.
    return datetime.combine(day, at, tzinfo=_zone()).astimezone(UTC)


def last_local_day_reached(now: datetime, at: time) -> date:
    """The latest day whose `at` (Europe/Berlin) has come at `now`: for "remind at 08:00 on day X" rules."""
    today = now.astimezone(_zone()).date()
    return today if local_moment(today, at) <= now else today - timedelta(days=1)


# ---------------------------------------------------------------------------------------------- rules


@functools.cache
def all_rules() -> tuple[ReminderRule, ...]:
    """Every rule declared in `RULES` of a `reminders` module of an installed app."""
    rules: list[ReminderRule] = []
    for app_config in apps.get_app_configs():
        if app_config.name == __package__ or not module_has_submodule(app_config.module, "reminders"):
            continue
        rules.extend(getattr(import_module(f"{app_config.name}.reminders"), "RULES", []))
    codes = [rule.code for rule in rules]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ImproperlyConfigured(f"Reminder rule codes must be unique: {', '.join(duplicates)}")
    return tuple(rules)


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def _occasion(rule: ReminderRule, obj) -> str:
    value = rule.occasion(obj)
    # The same instant must give the same key whatever zone the datetime happens to carry.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _context(rule: ReminderRule, obj, recipient: Recipient, occasion: str) -> dict:
    context = {"object": obj, "recipient": recipient, "occasion": occasion}
    if rule.context is not None:
        context.update(rule.context(obj, recipient))
    return context


# Objects are read and checked against the ledger this many at a time: a sweep over 100,000 candidates costs
# two queries per batch (docs/benchmarks.md), and memory for one batch, plus the work for what is really due.
BATCH_SIZE = 1000


def _batches(queryset, *, size: int | None = None) -> Iterator[list]:
    """The queryset's rows in primary-key order, `size` at a time (keyset pagination: each batch is one
    query that starts after the last key, so no batch costs more than the first)."""
    size = size or BATCH_SIZE
    ordered = queryset.order_by("pk")
    last = None
    while True:
        batch = list((ordered if last is None else ordered.filter(pk__gt=last))[:size])
        if batch:
            yield batch
        if len(batch) < size:
            return
        last = batch[-1].pk


def _unrecorded(rule: ReminderRule, now: datetime) -> Iterator[tuple[Any, Recipient, str]]:
    """(object, recipient, occasion) due at `now` that the ledger does not hold yet."""
    for objects in _batches(rule.due(now)):
        content_type = ContentType.objects.get_for_model(objects[0])
        recorded = set(
            Reminder.objects.filter(
                rule_code=rule.code, content_type=content_type, object_id__in=[str(o.pk) for o in objects]
            ).values_list("object_id", "recipient_email", "occasion")
        )
        for obj in objects:
            occasion = _occasion(rule, obj)
            for recipient in rule.recipients(obj):
                key = (str(obj.pk), _normalise_email(recipient.email), occasion)
                if key not in recorded:
                    recorded.add(key)
                    yield obj, recipient, occasion


# ---------------------------------------------------------------------------------------------- sweep


@dataclass
class ReminderSweepResult:
    queued: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)


def _cancel_pending(entries, *, reason: str) -> int:
    cancelled = 0
    for entry in entries:
        # Only a message that has not been claimed by a worker can be cancelled; the ledger row goes with
        # it, so the occasion counts as not reminded. A message already on its way keeps its row.
        if cancel_message(message_id=entry.message_id, reason=reason):
            entry.delete()
            cancelled += 1
    return cancelled


def _record_and_queue(rule: ReminderRule, obj, recipient: Recipient, occasion: str, now: datetime) -> bool:
    """Lock the object and check it is still due, then write the ledger row and queue the email, in one
    transaction. False if the object went meanwhile (erased, submitted, …) or another sweep was first."""
    email = _normalise_email(recipient.email)
    content_type = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        # The lock makes an erasure (which takes the same lock) wait for this email, and then erase it too.
        if not type(obj)._base_manager.select_for_update().filter(pk=obj.pk).exists():
            return False
        if not rule.due(now).filter(pk=obj.pk).exists():
            return False
        try:
            with transaction.atomic():
                entry = Reminder.objects.create(
                    rule_code=rule.code,
                    content_type=content_type,
                    object_id=str(obj.pk),
                    recipient_email=email,
                    occasion=occasion,
                )
        except IntegrityError:
            # A parallel sweep wrote this row first (the insert waited for its commit).
            return False
        entry.message = queue_email(
            to=format_address(recipient.name, recipient.email),
            template=rule.template,
            context=_context(rule, obj, recipient, occasion),
            language=recipient.language,
            related_object=obj,
            confidential=rule.confidential,
            attachments=rule.attachments(obj, recipient) if rule.attachments else None,
        )
        entry.save(update_fields=["message"])
        older = Reminder.objects.pending().filter(
            rule_code=rule.code, content_type=content_type, object_id=str(obj.pk), recipient_email=email
        )
        _cancel_pending(older.exclude(pk=entry.pk), reason=f"Replaced: the occasion is now {occasion}.")
    return True


def _cancel_stale(rule: ReminderRule, now: datetime) -> int:
    """Cancel queued reminders whose object is no longer due, whose occasion changed or recipient left."""
    stale = []
    for pending in _batches(Reminder.objects.pending().filter(rule_code=rule.code)):
        still_due = {str(o.pk): o for o in rule.due(now).filter(pk__in={e.object_id for e in pending})}
        for entry in pending:
            obj = still_due.get(entry.object_id)
            if (
                obj is None
                or _occasion(rule, obj) != entry.occasion
                or entry.recipient_email not in {_normalise_email(r.email) for r in rule.recipients(obj)}
            ):
                stale.append(entry)
    return _cancel_pending(stale, reason="No longer due: the date, the object or the recipient changed.")


def send_due_reminders(now: datetime | None = None, *, rules=None) -> ReminderSweepResult:
    """Record and queue every reminder due at `now` that the ledger does not hold yet; cancel stale ones.

    Safe to run twice and in parallel. `rules` defaults to every app's RULES.
    """
    now = now or timezone.now()
    rules = all_rules() if rules is None else rules
    result = ReminderSweepResult()
    for rule in rules:
        result.cancelled += _cancel_stale(rule, now)
        for obj, recipient, occasion in _unrecorded(rule, now):
            try:
                if _record_and_queue(rule, obj, recipient, occasion, now):
                    result.queued += 1
            except Exception as exc:
                # One broken template or recipient must not hold back every other reminder; this one is
                # not recorded, so the next sweep tries it again.
                # The model label and pk only: an object's repr may carry a name, and logs outlive erasure.
                logger.exception("Reminder %s for %s %s could not be queued", rule.code, obj._meta.label, obj.pk)
                result.errors.append(f"{rule.code} {obj._meta.label} {obj.pk}: {type(exc).__name__}: {exc}")
    return result


@dataclass(frozen=True)
class PlannedReminder:
    due_at: datetime
    rule_code: str
    obj: Any
    recipient: Recipient
    occasion: str


def plan_reminders(
    *, start: datetime, end: datetime, step: timedelta = timedelta(hours=1), rules=None
) -> list[PlannedReminder]:
    """What the sweep would queue between `start` and `end`, with the first sweep moment that would.

    Evaluates the rules every `step` against today's data, and writes nothing.
    """
    rules = all_rules() if rules is None else rules
    planned: list[PlannedReminder] = []
    seen = set()
    moment = start
    while True:
        for rule in rules:
            for obj, recipient, occasion in _unrecorded(rule, moment):
                key = (rule.code, type(obj), str(obj.pk), _normalise_email(recipient.email), occasion)
                if key not in seen:
                    seen.add(key)
                    planned.append(PlannedReminder(moment, rule.code, obj, recipient, occasion))
        if moment >= end:
            return planned
        moment = min(moment + step, end)
