"""Beat runs the outbox sweep every 15 seconds and the reminder sweep every five; operators have commands for both."""

from datetime import UTC, date, datetime, time
from io import StringIO

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command

from miglobe.celery import app as celery_app
from miglobe.core import tasks
from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import queue_email
from miglobe.core.reminders import local_moment
from miglobe.core.tests.testapp.models import Appointment

from .factories import UserFactory
from .support import broker_unreachable

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_beat_schedules_both_sweeps_and_every_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()  # what a worker does at start: every app's tasks.py
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["outbox-sweep"]["schedule"] == 15.0  # the public forms' confirmations wait for it (0180)
    assert schedule["reminders"]["schedule"] == crontab(minute="*/5")
    for entry in schedule.values():
        assert entry["task"] in celery_app.tasks
    for name in ("outbox-sweep", "reminders"):
        assert schedule[name]["options"]["expires"] < 300, "a sweep that waited too long is dropped, not piled up"


def test_sweep_outbox_command_hands_over_what_the_broker_never_got(eager, mailoutbox):
    user = UserFactory()
    with broker_unreachable():
        queue_email(
            to=user.email,
            template="core/test_message",
            context={"user": user, "requested_at": user.date_joined},
            language="de",
        )
    out = StringIO()
    call_command("sweep_outbox", stdout=out)
    call_command("sweep_outbox", stdout=out)

    assert out.getvalue().splitlines() == [
        "1 handed to the broker, 0 taken back from a lost attempt, 0 given up.",
        "0 handed to the broker, 0 taken back from a lost attempt, 0 given up.",
    ]
    assert len(mailoutbox) == 1
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_the_reminder_task_runs_every_apps_rules_once_per_occasion():
    Appointment.objects.create(
        title="Austauschtreffen",
        day=date(2027, 5, 3),
        starts_at=local_moment(date(2027, 5, 3), time(17, 0)),
        attendee_email="advisor@example.org",
    )
    with time_machine.travel(datetime(2027, 5, 3, 6, 0, tzinfo=UTC), tick=False):  # 08:00 CEST
        tasks.send_due_reminders.apply()
        tasks.send_due_reminders.apply()
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["advisor@example.org"]
