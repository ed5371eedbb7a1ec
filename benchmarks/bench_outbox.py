"""The outbox: rendering and queueing 500 emails, then sending them to Django's in-memory backend."""

import pytest
from django.core import mail

from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import deliver_message, format_address, queue_email
from miglobe.core.tests.factories import UserFactory

from .support import RESULTS, measure

pytestmark = pytest.mark.django_db

COUNT = 500


def bench_queue_and_deliver(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = UserFactory(first_name="Ayşe", last_name="Öztürk", email="ayse@example.org")

    def queue_all(_):
        # In the benchmark's transaction no on_commit callback runs: nothing is handed to a broker.
        return [
            queue_email(
                to=format_address(user.get_full_name(), user.email),
                template="core/test_message",
                context={"user": user, "requested_at": user.date_joined},
                language="de",
                related_object=user,
            ).pk
            for _ in range(COUNT)
        ]

    def start_empty():
        OutboxMessage.objects.all().delete()

    ids = measure("outbox: queue_email (render + insert)", COUNT, queue_all, setup=start_empty, runs=3)
    assert len(ids) == COUNT

    def queued_batch():
        start_empty()
        mail.outbox = []
        return queue_all(None)

    def deliver_all(message_ids):
        return [deliver_message(message_id=pk) for pk in message_ids]

    attempts = measure("outbox: deliver_message (locmem backend)", COUNT, deliver_all, setup=queued_batch, runs=3)
    assert all(attempt.sent for attempt in attempts)
    assert len(mail.outbox) == COUNT
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == COUNT


SMTP_COUNT = 1000


def bench_worker_to_smtp_sink_against_plain_smtplib(settings):
    """The worker's delivery of 1,000 queued emails to a local SMTP sink, against a plain smtplib loop that
    builds the same 1,000 messages (subject, text and HTML part, from the rows' values read beforehand) with
    the standard library and sends them over one connection to the same sink. Goal (#13.6): at most 3 × the
    plain loop."""
    import smtplib
    from email.message import EmailMessage as PlainMessage

    from miglobe.core.tasks import send_outbox_message
    from miglobe.core.tests.support import smtp_server

    with smtp_server() as sink:
        # As production configures it (EMAIL_URL smtp://…): our SMTPUTF8-capable backend, no TLS on loopback.
        settings.EMAIL_BACKEND = "miglobe.core.mail.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        user = UserFactory(first_name="Ayşe", last_name="Öztürk", email="ayse@example.org")

        def queued():
            OutboxMessage.objects.all().delete()
            sink.received.clear()
            return [
                queue_email(
                    to=format_address(user.get_full_name(), user.email),
                    template="core/test_message",
                    context={"user": user, "requested_at": user.date_joined},
                    language="de",
                ).pk
                for _ in range(SMTP_COUNT)
            ]

        def rows():
            sink.received.clear()
            fields = ("from_email", "recipient", "subject", "body_text", "body_html", "message_id")
            return list(OutboxMessage.objects.order_by("pk").values_list(*fields))

        def plain_loop(values):
            with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
                for from_email, recipient, subject, text, html, message_id in values:
                    message = PlainMessage()
                    message["From"], message["To"], message["Subject"] = from_email, recipient, subject
                    message["Message-ID"] = message_id
                    message.set_content(text)
                    message.add_alternative(html, subtype="html")
                    smtp.send_message(message)
            return len(sink.received)

        # What the worker runs for each message: the Celery task's body (without the broker round trip).
        def worker(message_ids):
            for message_id in message_ids:
                send_outbox_message.run(message_id)
            return len(sink.received)

        delivered = measure("outbox: worker → SMTP sink", SMTP_COUNT, worker, setup=queued, runs=3)
        assert delivered == SMTP_COUNT
        assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == SMTP_COUNT
        sent = measure("plain smtplib loop → SMTP sink", SMTP_COUNT, plain_loop, setup=rows, runs=3)
        assert sent == SMTP_COUNT
    worker_s, plain_s = RESULTS[-2].median_s, RESULTS[-1].median_s
    ratio = worker_s / plain_s
    print(f"\nworker / plain smtplib: {ratio:.2f} (goal ≤ 3)")
    assert ratio <= 3, f"the worker took {ratio:.2f} × the plain smtplib loop (goal ≤ 3)"
