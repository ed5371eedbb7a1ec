import contextlib

import pytest
from django.conf import settings

from miglobe.celery import app as celery_app

from .support import celery_eager, smtp_server


@pytest.fixture(scope="session", autouse=True)
def _remove_this_runs_celery_queue():
    """Tests that commit hand tasks to this run's own queue (see miglobe.settings.test); drop it at the end."""
    yield
    # The broker may be unreachable or never used; then there is nothing to clean up.
    with contextlib.suppress(Exception), celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        queue = celery_app.amqp.queues[settings.CELERY_TASK_DEFAULT_QUEUE](conn.default_channel)
        queue.declare()  # so the channel knows its bindings and removes them with the queue
        queue.delete()
        queue.exchange.delete()  # the run's own exchange, named like its queue


@pytest.fixture
def smtp_sink():
    """A real SMTP server on loopback; `.received` holds what it accepted."""
    with smtp_server() as handler:
        yield handler


@pytest.fixture
def smtp_backend(settings, smtp_sink):
    """Django's SMTP backend, talking to `smtp_sink`."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return smtp_sink


@pytest.fixture
def eager():
    with celery_eager():
        yield
