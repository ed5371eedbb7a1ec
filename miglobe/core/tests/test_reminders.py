"""The reminder engine, on a stand-in app (tests/testapp): an appointment reminder at 08:00 Europe/Berlin."""

import dataclasses
import threading
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connections
from django.db.models import Value
from django.utils import timezone

from miglobe.core import reminders
from miglobe.core.models import OutboxMessage, Reminder
from miglobe.core.reminders import (
    Recipient,
    ReminderRule,
    last_local_day_reached,
    local_moment,
    send_due_reminders,
)
from miglobe.core.testing import deliver_outbox
from miglobe.core.tests.testapp import reminders as testapp_reminders
from miglobe.core.tests.testapp.models import Appointment
from miglobe.core.tests.testapp.reminders import morning_rule

from .support import require_postgresql_and_redis

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
EIGHT = time(8, 0)


def appointment(day: date, *, at=time(14, 0), email="amina@example.org", language="de", name="Amina Diallo"):
    return Appointment.objects.create(
        title="Dialogforum Tübingen",
        day=day,
        starts_at=local_moment(day, at),
        attendee_email=email,
        attendee_language=language,
        attendee_name=name,
    )


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def rule():
    return morning_rule(EIGHT)


def test_a_sweep_run_twice_sends_one_email(rule):
    appointment(date(2027, 1, 15))
    now = utc(2027, 1, 15, 7, 0)

    first = send_due_reminders(now, rules=[rule])
    second = send_due_reminders(now, rules=[rule])

    assert (first.queued, second.queued) == (1, 0)
    sent = deliver_outbox()
    assert len(sent) == 1
    assert sent[0].to == ["Amina Diallo <amina@example.org>"]
    assert sent[0].subject == "Erinnerung: Dialogforum Tübingen"
    assert "beginnt am 15. Januar 2027, 14:00 Uhr" in sent[0].body
    assert Reminder.objects.count() == 1


def test_the_ledger_row_is_written_with_its_email_and_points_to_it(rule):
    item = appointment(date(2027, 1, 15))
    send_due_reminders(utc(2027, 1, 15, 7, 0), rules=[rule])

    entry = Reminder.objects.get()
    assert (entry.rule_code, entry.related_object, entry.recipient_email) == (rule.code, item, "amina@example.org")
    assert entry.occasion == "2027-01-15T13:00:00+00:00"  # the start, in UTC
    assert entry.message.status == Status.QUEUED
    assert entry.message.related_object == item
    assert entry.message.template == "testapp/appointment_reminder"


def test_nothing_is_due_before_the_reminder_moment_and_a_sweep_hours_late_catches_up_once(rule):
    appointment(date(2027, 1, 15), at=time(18, 0))

    assert send_due_reminders(utc(2027, 1, 15, 6, 59), rules=[rule]).queued == 0
    # beat was down from 08:00 to 13:00 local; the first sweep afterwards sends it, the later ones do not
    assert send_due_reminders(utc(2027, 1, 15, 12, 0), rules=[rule]).queued == 1
    assert send_due_reminders(utc(2027, 1, 15, 12, 5), rules=[rule]).queued == 0
    assert len(deliver_outbox()) == 1


def test_each_recipient_gets_it_in_their_own_language_and_name(rule):
    appointment(date(2027, 1, 15), email="An@Example.org", language="en", name="Nguyễn Văn An")
    send_due_reminders(utc(2027, 1, 15, 7, 0), rules=[rule])

    message = OutboxMessage.objects.get()
    assert message.language == "en"
    assert message.recipient == "Nguyễn Văn An <An@Example.org>"
    assert Reminder.objects.get().recipient_email == "an@example.org"


def test_a_changed_date_is_a_new_occasion_and_the_unsent_reminder_for_the_old_one_is_dropped(rule):
    item = appointment(date(2027, 1, 15), at=time(14, 0))
    send_due_reminders(utc(2027, 1, 15, 7, 0), rules=[rule])
    old = OutboxMessage.objects.get()

    item.starts_at = local_moment(date(2027, 1, 15), time(16, 30))
    item.save(update_fields=["starts_at"])
    result = send_due_reminders(utc(2027, 1, 15, 7, 5), rules=[rule])

    assert (result.queued, result.cancelled) == (1, 1)
    old.refresh_from_db()
    assert old.status == Status.CANCELLED
    assert list(Reminder.objects.values_list("occasion", flat=True)) == ["2027-01-15T15:30:00+00:00"]
    sent = deliver_outbox()
    assert len(sent) == 1
    assert "16:30 Uhr" in sent[0].body


def test_a_changed_date_after_the_reminder_went_out_sends_one_for_the_new_date(rule):
    item = appointment(date(2027, 1, 15), at=time(14, 0))
    send_due_reminders(utc(2027, 1, 15, 7, 0), rules=[rule])
    assert len(deliver_outbox()) == 1

    item.starts_at = local_moment(date(2027, 1, 15), time(16, 30))
    item.save(update_fields=["starts_at"])
    result = send_due_reminders(utc(2027, 1, 15, 7, 5), rules=[rule])

    assert (result.queued, result.cancelled) == (1, 0)
    assert Reminder.objects.count() == 2, "what was sent stays in the ledger"
    assert "16:30 Uhr" in deliver_outbox()[0].body


def test_a_queued_reminder_whose_object_is_no_longer_due_is_cancelled_not_sent(rule):
    item = appointment(date(2027, 1, 15))
    send_due_reminders(utc(2027, 1, 15, 7, 0), rules=[rule])

    item.day = date(2027, 2, 15)  # postponed by a month: not due now
    item.starts_at = local_moment(item.day, time(14, 0))
    item.save(update_fields=["day", "starts_at"])
    result = send_due_reminders(utc(2027, 1, 15, 7, 5), rules=[rule])

    assert (result.queued, result.cancelled) == (0, 1)
    assert OutboxMessage.objects.get().status == Status.CANCELLED
    assert not Reminder.objects.exists()
    assert deliver_outbox() == []
    # on the new day it is reminded again
    assert send_due_reminders(utc(2027, 2, 15, 7, 0), rules=[rule]).queued == 1


def test_a_rule_marked_confidential_queues_emails_staff_cannot_read(rule):
    appointment(date(2027, 1, 15))
    private = dataclasses.replace(rule, code="core_testapp.private_link", confidential=True)

    send_due_reminders(utc(2027, 1, 15, 7, 0), rules=[rule, private])

    by_rule = dict(Reminder.objects.values_list("rule_code", "message__confidential"))
    assert by_rule == {rule.code: False, private.code: True}


def test_occasion_and_context_see_the_sweeps_moment_through_annotations_on_the_due_objects(rule):
    appointment(date(2027, 1, 15))
    seen = []

    def context(item, recipient):
        seen.append(item.reminder_day)
        return rule.context(item, recipient)

    # The documented pattern (docs/reminders.md): `due(now)` annotates what occasion and context need of
    # `now` – here the Berlin day of the sweep, the same for every sweep of that day.
    by_day = dataclasses.replace(
        rule,
        due=lambda now: rule.due(now).annotate(reminder_day=Value(timezone.localdate(now))),
        occasion=lambda item: item.reminder_day,
        context=context,
    )

    assert send_due_reminders(utc(2027, 1, 15, 7, 0), rules=[by_day]).queued == 1
    assert send_due_reminders(utc(2027, 1, 15, 7, 5), rules=[by_day]).queued == 0
    assert (seen, Reminder.objects.get().occasion) == ([date(2027, 1, 15)], "2027-01-15")
    assert OutboxMessage.objects.get().status == Status.QUEUED, "the second sweep saw the same occasion"


def test_one_broken_rule_does_not_hold_back_the_others(rule, caplog):
    item = appointment(date(2027, 1, 15))
    broken = ReminderRule(
        code="core_testapp.broken",
        due=rule.due,
        recipients=rule.recipients,
        template="testapp/no_such_template",
        occasion=rule.occasion,
    )

    result = send_due_reminders(utc(2027, 1, 15, 7, 0), rules=[broken, rule])

    assert result.queued == 1
    assert len(result.errors) == 1
    assert "TemplateDoesNotExist" in result.errors[0]
    assert list(Reminder.objects.values_list("rule_code", flat=True)) == [rule.code]
    # The log names the object by model and id: its repr may carry a person's name, and logs outlive erasure.
    assert f"core_testapp.broken for core_testapp.Appointment {item.pk} could not be queued" in caplog.text
    assert "Dialogforum" not in caplog.text and "Amina" not in caplog.text


def test_rules_are_discovered_in_every_installed_apps_reminders_module(monkeypatch):
    reminders.all_rules.cache_clear()
    codes = [r.code for r in reminders.all_rules()]
    assert "core_testapp.appointment_morning" in codes

    monkeypatch.setattr(testapp_reminders, "RULES", [morning_rule(), morning_rule()])
    reminders.all_rules.cache_clear()
    with pytest.raises(ImproperlyConfigured, match=r"core_testapp\.appointment_morning"):
        reminders.all_rules()
    monkeypatch.undo()
    reminders.all_rules.cache_clear()


# ------------------------------------------------------------------------------------ Europe/Berlin


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("day", "at", "expected"),
    [
        (date(2027, 1, 15), EIGHT, utc(2027, 1, 15, 7, 0)),  # winter: CET, UTC+1
        (date(2027, 7, 15), EIGHT, utc(2027, 7, 15, 6, 0)),  # summer: CEST, UTC+2
        (date(2027, 3, 28), EIGHT, utc(2027, 3, 28, 6, 0)),  # the day clocks go forward
        (date(2027, 10, 31), EIGHT, utc(2027, 10, 31, 7, 0)),  # the day clocks go back
        (date(2027, 3, 28), time(2, 30), utc(2027, 3, 28, 1, 30)),  # 02:30 does not exist: 03:30 CEST
        (date(2027, 10, 31), time(2, 30), utc(2027, 10, 31, 0, 30)),  # 02:30 twice: the first one
    ],
)
def test_local_reminder_moments_are_the_right_utc_instants(day, at, expected):
    assert local_moment(day, at) == expected
    assert last_local_day_reached(expected, at) == day
    assert last_local_day_reached(expected - timedelta(seconds=1), at) == day - timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "expected"), [(date(2027, 1, 15), utc(2027, 1, 15, 7, 0)), (date(2027, 7, 15), utc(2027, 7, 15, 6, 0))]
)
def test_an_0800_reminder_is_due_at_the_right_utc_instant_in_winter_and_summer(rule, day, expected):
    appointment(day)
    assert send_due_reminders(expected - timedelta(minutes=1), rules=[rule]).queued == 0
    assert send_due_reminders(expected, rules=[rule]).queued == 1


# Each switch night, with the days around it. Expected instants written out in UTC, not computed.
SWITCH_NIGHTS = {
    "spring 08:00": (
        EIGHT,
        {
            date(2027, 3, 27): utc(2027, 3, 27, 7, 0),
            date(2027, 3, 28): utc(2027, 3, 28, 6, 0),
            date(2027, 3, 29): utc(2027, 3, 29, 6, 0),
        },
    ),
    "spring 02:30": (
        time(2, 30),
        {
            date(2027, 3, 27): utc(2027, 3, 27, 1, 30),
            date(2027, 3, 28): utc(2027, 3, 28, 1, 30),
            date(2027, 3, 29): utc(2027, 3, 29, 0, 30),
        },
    ),
    "autumn 08:00": (
        EIGHT,
        {
            date(2027, 10, 30): utc(2027, 10, 30, 6, 0),
            date(2027, 10, 31): utc(2027, 10, 31, 7, 0),
            date(2027, 11, 1): utc(2027, 11, 1, 7, 0),
        },
    ),
    "autumn 02:30": (
        time(2, 30),
        {
            date(2027, 10, 30): utc(2027, 10, 30, 0, 30),
            date(2027, 10, 31): utc(2027, 10, 31, 0, 30),
            date(2027, 11, 1): utc(2027, 11, 1, 1, 30),
        },
    ),
}


@pytest.mark.parametrize("case", SWITCH_NIGHTS)
def test_across_the_daylight_saving_switch_every_reminder_goes_out_once_at_its_moment(case):
    at, expected = SWITCH_NIGHTS[case]
    rule = morning_rule(at)
    by_day = {day: appointment(day, at=time(23, 0), email=f"{day:%d}@example.org") for day in expected}

    sent_at = {}  # attendee → the sweep moments at which an email to them went out
    now = min(expected.values()) - timedelta(hours=2)
    while now <= max(expected.values()) + timedelta(hours=2):
        send_due_reminders(now, rules=[rule])  # beat's sweep, every quarter of an hour here
        for email in deliver_outbox():  # and the worker sends what it queued
            sent_at.setdefault(email.to[0], []).append(now)
        now += timedelta(minutes=15)

    assert sent_at == {f"Amina Diallo <{by_day[day].attendee_email}>": [moment] for day, moment in expected.items()}
    assert Reminder.objects.count() == 3


# ------------------------------------------------------------------------------------ concurrency


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_on_separate_connections_send_one_email(rule):
    require_postgresql_and_redis()
    appointment(date(2027, 1, 15))
    now = utc(2027, 1, 15, 7, 0)
    # Both sweeps read the ledger (empty), then meet here and insert at the same moment: one insert waits
    # for the other's commit and then hits the unique constraint.
    both_checked = threading.Barrier(2, timeout=10)

    def recipients(obj):
        both_checked.wait()
        return rule.recipients(obj)

    racing = ReminderRule(
        code=rule.code, due=rule.due, recipients=recipients, template=rule.template, occasion=rule.occasion
    )
    results, errors = [], []

    def sweep():
        try:
            results.append(send_due_reminders(now, rules=[racing]))
        except Exception as exc:  # reported below; a thread's exception would otherwise vanish
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(r.queued for r in results) == [0, 1]
    assert Reminder.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


# ------------------------------------------------------------------------------------ command


def test_send_due_reminders_dry_run_lists_the_next_days_and_records_nothing():
    appointment(date(2027, 1, 16), name="Amina Diallo")
    out = StringIO()
    with time_machine.travel(utc(2027, 1, 15, 9, 0), tick=False):
        call_command("send_due_reminders", "--dry-run", "--days", "2", stdout=out)

    output = out.getvalue()
    assert "2027-01-16 08:00  core_testapp.appointment_morning  amina@example.org (de)  Dialogforum Tübingen" in output
    assert "1 reminder(s) would be queued" in output
    assert not Reminder.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_send_due_reminders_queues_what_is_due_and_days_needs_dry_run():
    appointment(date(2027, 1, 15))
    out = StringIO()
    with time_machine.travel(utc(2027, 1, 15, 9, 0), tick=False):
        call_command("send_due_reminders", stdout=out)
        call_command("send_due_reminders", stdout=out)
    assert "1 reminder(s) queued" in out.getvalue()
    assert "0 reminder(s) queued" in out.getvalue()
    assert OutboxMessage.objects.count() == 1
    with pytest.raises(CommandError):
        call_command("send_due_reminders", "--days", "3")


def test_recipient_is_a_small_value_object():
    assert Recipient("a@example.org", "de") == Recipient(email="a@example.org", language="de", name="")


def _appointments(count, day, *, prefix):
    Appointment.objects.bulk_create(
        Appointment(
            title="Dialogforum",
            day=day,
            starts_at=local_moment(day, time(14, 0)),
            attendee_email=f"{prefix}{i}@example.org",
        )
        for i in range(count)
    )


def test_a_sweep_reads_candidates_in_batches_and_costs_nothing_per_row_that_is_not_due(rule, monkeypatch):
    """The sweep's queries grow with the number of batches of due objects, never with rows that are not
    due; an idle sweep over n due and recorded objects costs 2 queries per batch for finding them and 2 per
    batch of the pending ledger (BATCH_SIZE = 1000 in production; 10 here)."""
    from miglobe.core.testing import count_queries

    monkeypatch.setattr(reminders, "BATCH_SIZE", 10)
    day = date(2027, 3, 10)
    now = utc(2027, 3, 10, 8, 0)  # 09:00 in Berlin: the morning reminder of the 10th is due
    _appointments(35, day, prefix="due")
    assert send_due_reminders(now, rules=[rule]).queued == 35
    idle = count_queries(lambda: send_due_reminders(now, rules=[rule]))
    assert idle == 4 * 2 + 4 * 2  # 4 batches of candidates (10, 10, 10, 5), 4 of pending ledger rows

    # A thousand appointments that are not due (next month) change nothing.
    _appointments(1000, date(2027, 4, 10), prefix="later")
    assert count_queries(lambda: send_due_reminders(now, rules=[rule])) == idle
    assert Reminder.objects.count() == 35
    # Every due one was found across the batch borders, once.
    assert sorted(Reminder.objects.values_list("recipient_email", flat=True)) == sorted(
        f"due{i}@example.org" for i in range(35)
    )
