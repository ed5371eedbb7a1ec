"""End to end with real components: PostgreSQL, Redis as the broker, a `celery worker` process, an SMTP server.

The worker is a separate process on the test database, so these tests commit their data (transactional_db).
"""

import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse

from miglobe.celery import app as celery_app
from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import format_address, queue_email, sweep_outbox

from .factories import UserFactory
from .support import broker_unreachable, require_postgresql_and_redis, smtp_server, wait_for

ROOT = Path(__file__).resolve().parents[3]


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def worker_sink():
    with smtp_server() as handler:
        yield handler


@pytest.fixture(scope="module")
def celery_worker(django_db_setup, worker_sink):
    """`celery -A miglobe worker` on the test database and this run's own queue, sending to `worker_sink`."""
    require_postgresql_and_redis()
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)  # tasks earlier tests of this run left behind
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | {
        "DJANGO_SETTINGS_MODULE": "miglobe.settings.test",
        "DATABASE_URL": _test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{worker_sink.port}",
        "MIGLOBE_TEST_QUEUE": queue,
    }
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "miglobe", "worker"),
                *("--pool", "solo", "--queues", queue, "--hostname", f"test-{uuid.uuid4().hex[:8]}@%h"),
                *("--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

        def output():
            log.seek(0)
            return "Worker output:\n" + log.read()[-4000:]

        process.output = output
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def status_of(message_id):
    return OutboxMessage.objects.filter(pk=message_id).values_list("status", flat=True).first()


def test_a_real_worker_takes_the_task_from_redis_and_delivers_to_the_smtp_server(
    transactional_db, celery_worker, worker_sink
):
    worker_sink.received.clear()
    user = UserFactory(first_name="Zoë", last_name="Müller-Lüdenscheidt", email="zoe@example.org")
    with transaction.atomic():
        message = queue_email(
            to=format_address(user.get_full_name(), user.email),
            template="core/test_message",
            context={"user": user, "requested_at": user.date_joined},
            language="de",
        )

    wait_for(lambda: status_of(message.pk) == OutboxMessage.Status.SENT, describe=celery_worker.output)

    assert len(worker_sink.received) == 1
    parsed = worker_sink.received[0].parsed
    assert parsed["Message-ID"] == message.message_id
    assert parsed["To"].addresses[0].display_name == "Zoë Müller-Lüdenscheidt"
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1


def test_redis_down_when_the_form_is_submitted_then_the_sweep_sends_exactly_one(
    transactional_db, client, celery_worker, worker_sink
):
    worker_sink.received.clear()
    UserFactory(username="amina", email="amina@example.org")

    with broker_unreachable() as attempts:
        response = client.post(reverse("password_reset"), {"email": "amina@example.org"})

    assert response.status_code == 302, "the user gets the normal success page"
    # The request does not hang on the broker: two bounded tries, then the sweep's turn.
    assert len(attempts) == 2, attempts
    assert all(timeout is not None and timeout <= 2 for timeout in attempts), attempts
    message = OutboxMessage.objects.get()
    assert (message.status, message.enqueued_at) == (OutboxMessage.Status.QUEUED, None)

    # Redis is back; beat runs the sweep.
    assert sweep_outbox().enqueued == [message.pk]
    wait_for(lambda: status_of(message.pk) == OutboxMessage.Status.SENT, describe=celery_worker.output)

    assert [r.rcpt_tos for r in worker_sink.received] == [["amina@example.org"]]
    assert sweep_outbox().enqueued == [], "a sent message is never handed over again"
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1
