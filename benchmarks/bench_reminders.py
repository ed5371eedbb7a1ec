"""One reminder sweep over 1000 due objects (the engine's stand-in app), and the idle sweep afterwards."""

from datetime import UTC, date, datetime, time

import pytest

from miglobe.core.models import OutboxMessage, Reminder
from miglobe.core.reminders import local_moment, send_due_reminders
from miglobe.core.tests.testapp.models import Appointment
from miglobe.core.tests.testapp.reminders import morning_rule

from .support import RESULTS, analyze, measure

pytestmark = pytest.mark.django_db

COUNT = 1000
DAY = date(2027, 1, 15)
NOW = datetime(2027, 1, 15, 7, 0, tzinfo=UTC)  # 08:00 in Berlin: every appointment of the day is due


def bench_reminder_sweep():
    Appointment.objects.bulk_create(
        Appointment(
            title="Dialogforum Tübingen",
            day=DAY,
            starts_at=local_moment(DAY, time(14, 0)),
            attendee_name=f"Person {i}",
            attendee_email=f"person{i}@example.org",
        )
        for i in range(COUNT)
    )
    analyze()
    rule = morning_rule()

    def fresh_ledger():
        Reminder.objects.all().delete()
        OutboxMessage.objects.all().delete()

    result = measure(
        "reminders: sweep queues 1000 due",
        COUNT,
        lambda _: send_due_reminders(NOW, rules=[rule]),
        setup=fresh_ledger,
        runs=3,
    )
    assert (result.queued, result.errors) == (COUNT, [])
    assert Reminder.objects.count() == OutboxMessage.objects.count() == COUNT

    # Beat runs the sweep every five minutes: most runs find everything recorded already.
    result = measure("reminders: idle sweep, 1000 recorded", COUNT, lambda _: send_due_reminders(NOW, rules=[rule]))
    assert (result.queued, result.cancelled) == (0, 0)


VOLUME = 100_000


def bench_idle_sweep_over_100000_candidates():
    """The sweep over 100,000 due appointments whose reminders are all recorded: it reads them in batches of
    1,000 (two queries per batch) and queues nothing – bounded queries, no query per row (#13.6)."""
    from django.contrib.contenttypes.models import ContentType

    from miglobe.core import reminders

    starts_at = local_moment(DAY, time(14, 0))
    appointments = Appointment.objects.bulk_create(
        (
            Appointment(title="Dialogforum", day=DAY, starts_at=starts_at, attendee_email=f"p{i}@example.org")
            for i in range(VOLUME)
        ),
        batch_size=10_000,
    )
    rule = morning_rule()
    content_type = ContentType.objects.get_for_model(Appointment)
    Reminder.objects.bulk_create(
        (
            Reminder(
                rule_code=rule.code,
                content_type=content_type,
                object_id=str(a.pk),
                recipient_email=a.attendee_email,
                occasion=starts_at.isoformat(),
            )
            for a in appointments
        ),
        batch_size=10_000,
    )
    analyze()
    result = measure(
        f"reminders: idle sweep, {VOLUME} candidates", VOLUME, lambda _: send_due_reminders(NOW, rules=[rule]), runs=3
    )
    assert (result.queued, result.cancelled, result.errors) == (0, 0, [])
    full = VOLUME // reminders.BATCH_SIZE
    # Per batch of candidates one query for them and one for their ledger rows; after 100 full batches one
    # that finds none; one for the (empty) pending ledger.
    assert RESULTS[-1].queries == 2 * full + 1 + 1
