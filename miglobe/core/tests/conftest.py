import pytest

from .support import celery_eager, smtp_server


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
