"""Sending: a real SMTP server (aiosmtpd on loopback) answers; the outbox retries, fails or sends once."""

import socket
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction

from miglobe.core import outbox
from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import (
    MAX_ATTEMPTS,
    REPUBLISH_AFTER,
    SENDING_TIMEOUT,
    cancel_message,
    deliver_message,
    format_address,
    queue_email,
    sweep_outbox,
)
from miglobe.core.tasks import send_outbox_message

from .factories import UserFactory
from .support import CLOSED_PORT, broker_unreachable

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
T0 = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


def queue(name="Ayşe Öztürk", address="ayse@example.org"):
    user = UserFactory(first_name=name, last_name="", email=address)
    return queue_email(
        to=format_address(name, address),
        template="core/test_message",
        context={"user": user, "requested_at": T0},
        language="de",
        related_object=user,
    )


def reload(message):
    return OutboxMessage.objects.get(pk=message.pk)


def test_a_message_is_delivered_over_smtp_with_its_headers_and_both_versions(smtp_backend, settings):
    settings.EMAIL_REPLY_TO = "Programmteam <team@miglobe.example>"
    message = queue()

    attempt = deliver_message(message_id=message.pk)

    assert attempt.sent
    assert len(smtp_backend.received) == 1
    received = smtp_backend.received[0]
    assert received.rcpt_tos == ["ayse@example.org"]
    parsed = received.parsed
    assert parsed["Message-ID"] == message.message_id
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["Reply-To"] == "Programmteam <team@miglobe.example>"
    assert parsed["To"].addresses[0].display_name == "Ayşe Öztürk"
    assert parsed["Subject"] == "Testnachricht aus MiGlobe Pool"
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == message.body_text
    assert parsed.get_body(("html",)).get_content().replace("\r\n", "\n").strip() == message.body_html.strip()
    message = reload(message)
    assert (message.status, message.attempts, message.last_error) == (Status.SENT, 1, "")
    assert message.sent_at is not None


def test_smtp_421_twice_then_250_is_delivered_after_three_attempts_with_growing_pauses(
    smtp_backend, eager, django_capture_on_commit_callbacks
):
    smtp_backend.data_replies = ["421 4.3.2 Try again later", "421 4.3.2 Try again later"]
    with time_machine.travel(T0, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            message = queue()
        first = reload(message)  # the task ran after commit and got a 421
        assert (first.status, first.attempts) == (Status.QUEUED, 1)
        assert "421" in first.last_error
        assert first.next_attempt_at == T0 + timedelta(minutes=1)

        assert sweep_outbox().enqueued == []  # not due yet
        clock.shift(timedelta(minutes=1))
        assert sweep_outbox().enqueued == [message.pk]
        second = reload(message)
        assert (second.status, second.attempts) == (Status.QUEUED, 2)
        assert second.next_attempt_at == T0 + timedelta(minutes=1) + timedelta(minutes=5)

        clock.shift(timedelta(minutes=5))
        assert sweep_outbox().enqueued == [message.pk]

    final = reload(message)
    assert (final.status, final.attempts, final.last_error) == (Status.SENT, 3, "")
    assert smtp_backend.data_commands == 3
    assert len(smtp_backend.received) == 1
    assert smtp_backend.received[0].parsed["Message-ID"] == message.message_id


def test_smtp_550_fails_the_message_after_one_attempt_and_it_is_not_retried(smtp_backend, eager):
    smtp_backend.rcpt_replies = ["550 5.1.1 No such mailbox"]
    message = queue()

    attempt = deliver_message(message_id=message.pk)

    assert not attempt.sent
    message = reload(message)
    assert (message.status, message.attempts) == (Status.FAILED, 1)
    assert "550" in message.last_error
    with time_machine.travel(datetime.now(UTC) + timedelta(days=1)):
        assert sweep_outbox().enqueued == []
    assert smtp_backend.received == []


def test_a_refused_connection_is_a_temporary_failure(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", CLOSED_PORT
    message = queue()

    deliver_message(message_id=message.pk)

    message = reload(message)
    assert (message.status, message.attempts) == (Status.QUEUED, 1)
    assert "ConnectionRefusedError" in message.last_error


def test_a_server_that_never_answers_is_a_temporary_failure(settings):
    # Listening but never accepting: the connection is made, the greeting never comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()
        settings.EMAIL_TIMEOUT = 0.5
        message = queue()
        deliver_message(message_id=message.pk)

    message = reload(message)
    assert (message.status, message.attempts) == (Status.QUEUED, 1)
    assert "timed out" in message.last_error


def test_after_the_last_temporary_failure_the_message_is_failed(smtp_backend):
    smtp_backend.data_replies = ["451 4.3.0 Temporary trouble"]
    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS - 1)

    deliver_message(message_id=message.pk)

    message = reload(message)
    assert (message.status, message.attempts) == (Status.FAILED, MAX_ATTEMPTS)
    assert "451" in message.last_error


def test_a_redelivered_task_is_a_no_op_once_the_message_is_sent(smtp_backend):
    message = queue()

    send_outbox_message.apply(args=[message.pk])
    send_outbox_message.apply(args=[message.pk])  # the broker hands the same task out again

    assert len(smtp_backend.received) == 1
    assert reload(message).attempts == 1


def test_a_message_another_worker_has_claimed_or_that_was_cancelled_is_left_alone(smtp_backend):
    claimed, cancelled = queue(), queue()
    OutboxMessage.objects.filter(pk=claimed.pk).update(status=Status.SENDING, sending_started_at=T0)
    assert cancel_message(message_id=cancelled.pk, reason="the date moved")

    assert deliver_message(message_id=claimed.pk) is None
    assert deliver_message(message_id=cancelled.pk) is None
    assert smtp_backend.received == []
    assert not cancel_message(message_id=claimed.pk, reason="too late: it is on its way")


def test_an_attempt_that_never_finished_is_taken_back_by_the_sweep_and_sent_once(smtp_backend, eager):
    with time_machine.travel(T0, tick=False) as clock:
        message = queue()
        # A worker claimed the row and died before it could record the outcome.
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.SENDING, sending_started_at=T0, attempts=1, enqueued_at=T0
        )
        clock.shift(SENDING_TIMEOUT - timedelta(minutes=1))
        assert sweep_outbox().recovered == 0
        clock.shift(timedelta(minutes=2))
        result = sweep_outbox()

    assert result.recovered == 1
    assert result.enqueued == [message.pk]
    message = reload(message)
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert len(smtp_backend.received) == 1


def test_the_sweep_hands_over_only_due_rows_whose_task_is_missing(eager, mailoutbox):
    with time_machine.travel(T0, tick=False):
        never_published, recently_published, long_ago_published, later = queue(), queue(), queue(), queue()
        OutboxMessage.objects.filter(pk=recently_published.pk).update(enqueued_at=T0 - timedelta(minutes=1))
        OutboxMessage.objects.filter(pk=long_ago_published.pk).update(enqueued_at=T0 - REPUBLISH_AFTER)
        OutboxMessage.objects.filter(pk=later.pk).update(next_attempt_at=T0 + timedelta(minutes=1))

        result = sweep_outbox()
        assert sweep_outbox().enqueued == []  # the second run finds nothing left to do

    assert sorted(result.enqueued) == sorted([never_published.pk, long_ago_published.pk])
    assert len(mailoutbox) == 2
    assert reload(recently_published).status == Status.QUEUED


def test_the_sweep_stops_at_the_first_publish_error_and_leaves_the_rows_queued():
    first, second = queue(), queue()
    with broker_unreachable():
        result = sweep_outbox()
    assert result.broker_down
    assert result.enqueued == []
    for message in (first, second):
        message = reload(message)
        assert (message.status, message.enqueued_at) == (Status.QUEUED, None)


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (outbox.smtplib.SMTPDataError(421, b"try later"), False),
        (outbox.smtplib.SMTPSenderRefused(451, b"greylisted", "from@example.org"), False),
        (outbox.smtplib.SMTPDataError(554, b"rejected"), True),
        (outbox.smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"unknown")}), True),
        (outbox.smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"x"), "b@example.org": (452, b"y")}), False),
        (outbox.smtplib.SMTPServerDisconnected("gone"), False),
        (ConnectionRefusedError(111, "refused"), False),
        (TimeoutError("timed out"), False),
        (outbox.OperationalError("server closed the connection unexpectedly"), False),
        (ValueError("header injection"), True),
    ],
)
def test_4xx_refused_connections_timeouts_and_lost_databases_are_temporary_5xx_and_bugs_permanent(error, permanent):
    assert outbox.is_permanent_failure(error) is permanent


def test_the_logged_error_text_masks_the_refused_address():
    import smtplib

    from miglobe.core.outbox import _describe

    refused = smtplib.SMTPRecipientsRefused({"ayse@example.org": (550, b"no such user")})
    text = _describe(refused)
    assert "ayse@example.org" not in text
    assert "550" in text


def test_a_worker_keeps_its_connection_for_the_next_message_and_reconnects_when_the_server_dropped_it(
    smtp_backend,
):
    first, second, third = queue(), queue(address="b@example.org"), queue(address="c@example.org")
    assert deliver_message(message_id=first.pk).sent
    kept = outbox._reused["connection"]
    assert kept is not None and kept.connection is not None  # still open after the message
    assert deliver_message(message_id=second.pk).sent
    assert outbox._reused["connection"] is kept  # no second handshake

    kept.connection.close()  # the server (or a network blip) ended the idle connection
    assert deliver_message(message_id=third.pk).sent
    assert outbox._reused["connection"] is not kept
    assert [r.rcpt_tos for r in smtp_backend.received] == [["ayse@example.org"], ["b@example.org"], ["c@example.org"]]
