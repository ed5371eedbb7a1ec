"""One reminder sweep over 1000 due objects (the engine's stand-in app), and the idle sweep afterwards."""

from datetime import UTC, date, datetime, time

import pytest

from miglobe.core.models import OutboxMessage, Reminder
from miglobe.core.reminders import local_moment, send_due_reminders
from miglobe.core.tests.testapp.models import Appointment
from miglobe.core.tests.testapp.reminders import morning_rule

from .support import analyze, measure

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
