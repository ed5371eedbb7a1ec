"""Core's part of `manage.py seed_bench`: 50,000 outbox rows at scale 1, as years of mail leave them
(mostly sent, some failed or cancelled, a few still queued for later)."""

import uuid
from datetime import timedelta

from django.utils import timezone

from .models import OutboxMessage

BENCH_TEMPLATE = "bench/message"  # marks the rows of this command, so a second run replaces them
OUTBOX_ROWS = 50_000


def forget():
    OutboxMessage.objects.filter(template=BENCH_TEMPLATE).delete()


def seed(*, scale, rng, stdout):
    now = timezone.now()
    Status = OutboxMessage.Status
    statuses = [Status.SENT] * 90 + [Status.FAILED] * 4 + [Status.CANCELLED] * 4 + [Status.QUEUED] * 2
    total = max(1, round(OUTBOX_ROWS * scale))

    def row(number):
        created = now - timedelta(minutes=rng.randrange(1, 3 * 365 * 24 * 60))
        status = rng.choice(statuses)
        return OutboxMessage(
            message_id=f"<{uuid.UUID(int=rng.getrandbits(128))}@bench.miglobe>",
            recipient=f"Person {number} <person{number}@example.org>",
            from_email="MiGlobe Pool <miglobe@example.org>",
            template=BENCH_TEMPLATE,
            language=rng.choice(["de", "de", "en"]),
            subject=f"Ihre Bewerbung Nr. {number}",
            body_text="Guten Tag,\n\nvielen Dank für Ihre Bewerbung.\n" * 6,
            body_html="<p>Guten Tag,</p><p>vielen Dank für Ihre Bewerbung.</p>" * 6,
            status=status,
            attempts=0 if status == Status.QUEUED else 1,
            # Queued ones wait for a retry far ahead, so a running worker's sweep leaves them alone.
            next_attempt_at=now + timedelta(days=3650) if status == Status.QUEUED else created,
            sent_at=created + timedelta(seconds=5) if status == Status.SENT else None,
            last_error="550 mailbox unavailable" if status == Status.FAILED else "",
            created_at=created,
        )

    OutboxMessage.objects.bulk_create((row(n) for n in range(total)), batch_size=5000)
    stdout.write(f"core: {total} outbox rows")
