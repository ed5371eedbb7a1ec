"""Email addresses with umlauts (issue #7, point 10): accepted, queued, and delivered over real SMTP."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from miglobe.core import outbox
from miglobe.core.addresses import EmailAddressField, envelope_address, validate_email_address
from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import deliver_message, format_address, queue_email

from .factories import UserFactory
from .support import smtp_server

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address", ["müller@exämple.de", "mueller@exämple.de", "jörg.müller+pool@example.org", "ayse@example.org"]
)
def test_addresses_with_umlauts_are_valid(address):
    validate_email_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "müller@",
        "mü ller@example.org",
        "müller..x@example.org",
        ".müller@example.org",
        "mü\u202eller@x.de",
        "müller@exä mple.de",
        "müller@-exämple.de",
        "ä" * 33 + "@example.org",
    ],
)
def test_broken_addresses_stay_refused(address):
    with pytest.raises(ValidationError):
        validate_email_address(address)


def test_the_envelope_keeps_the_mailbox_and_writes_the_domain_in_ascii():
    assert envelope_address("müller@exämple.de") == "müller@xn--exmple-cua.de"
    assert envelope_address("ayse@example.org") == "ayse@example.org"


def test_the_form_field_accepts_them():
    class Form(forms.Form):
        email = EmailAddressField()

    assert Form({"email": "müller@exämple.de"}).is_valid()
    assert not Form({"email": "müller"}).is_valid()


def queue(address):
    user = UserFactory(first_name="Jörg", last_name="Müller", email=address)
    return queue_email(
        to=format_address("Jörg Müller", address),
        template="core/test_message",
        context={"user": user, "requested_at": user.date_joined},
        language="de",
        related_object=user,
    )


@pytest.fixture
def smtp(settings):
    def use(server):
        settings.EMAIL_BACKEND = "miglobe.core.mail.EmailBackend"  # what an smtp:// EMAIL_URL configures
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5

    return use


def test_an_address_with_umlauts_is_delivered_to_that_mailbox(smtp):
    with smtp_server() as server:
        smtp(server)
        message = queue("müller@exämple.de")
        assert deliver_message(message_id=message.pk).sent
    received = server.received[0]
    assert received.rcpt_tos == ["müller@xn--exmple-cua.de"]  # before: "=?utf-8?q?m=C3=BCller?=@…"
    assert "Jörg Müller".encode() not in received.raw.split(b"\r\n\r\n")[0]  # the name stays RFC 2047
    assert b"<m\xc3\xbcller@xn--exmple-cua.de>" in received.raw  # the mailbox as UTF-8 (RFC 6532)
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_an_ascii_address_goes_the_way_django_sends_it(smtp):
    with smtp_server(smtputf8=False) as server:
        smtp(server)
        assert deliver_message(message_id=queue("mueller@exämple.de").pk).sent
    assert server.received[0].rcpt_tos == ["mueller@xn--exmple-cua.de"]


def test_a_server_without_smtputf8_fails_the_message_at_once(smtp):
    with smtp_server(smtputf8=False) as server:
        smtp(server)
        message = queue("müller@exämple.de")
        assert not deliver_message(message_id=message.pk).sent
    assert server.received == []
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.FAILED
    assert outbox.is_permanent_failure(__import__("smtplib").SMTPNotSupportedError())
