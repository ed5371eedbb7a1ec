"""The outbox: rendering and queueing 500 emails, then sending them to Django's in-memory backend."""

import pytest
from django.core import mail

from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import deliver_message, format_address, queue_email
from miglobe.core.tests.factories import UserFactory

from .support import measure

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
