"""Queueing: an email is rendered at once in the recipient's language and written in the caller's transaction."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import pytest
from django.core import mail
from django.db import transaction
from django.template import TemplateDoesNotExist, engines
from django.utils import translation

from miglobe.core.models import OutboxMessage, Reminder
from miglobe.core.outbox import OutboxError, as_email, erase_emails_about, format_address, queue_email
from miglobe.core.tests.testapp.models import Appointment

from .factories import UserFactory
from .support import broker_unreachable

pytestmark = pytest.mark.django_db


def queue_test_message(user, **kwargs):
    defaults = {
        "to": format_address(user.get_full_name(), user.email),
        "template": "core/test_message",
        "context": {"user": user, "requested_at": user.date_joined},
        "language": "de",
    }
    return queue_email(**(defaults | kwargs))


@pytest.mark.smoke
def test_the_email_is_rendered_at_queue_time_with_the_shared_layout_and_absolute_links(settings):
    settings.DEFAULT_FROM_EMAIL = "MiGlobe Pool <pool@miglobe.example>"
    user = UserFactory(first_name="Jürgen", last_name="Weiß", email="juergen@example.org")

    message = queue_test_message(user)

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED
    assert message.attempts == 0
    assert message.recipient == "Jürgen Weiß <juergen@example.org>"
    assert message.from_email == "MiGlobe Pool <pool@miglobe.example>"
    assert message.template == "core/test_message"
    assert message.language == "de"
    assert message.subject == "Testnachricht aus MiGlobe Pool"
    assert message.body_text.startswith("Guten Tag Jürgen Weiß,\n")
    assert "http://testserver/admin/core/outboxmessage/" in message.body_text
    # the shared plain-text layout: signature delimiter and the site address
    assert "\n-- \nMiGlobe – Neue Chancen für die kommunale Entwicklungspolitik\nhttp://testserver\n" in (
        message.body_text
    )
    assert '<html lang="de">' in message.body_html
    assert "<title>Testnachricht aus MiGlobe Pool</title>" in message.body_html
    assert 'href="http://testserver/admin/core/outboxmessage/"' in message.body_html
    assert message.message_id.startswith("<") and message.message_id.endswith("@testserver>")


def test_the_email_is_rendered_in_the_recipients_language_whatever_the_current_one():
    user = UserFactory(first_name="Amina", last_name="Diallo")
    with translation.override("en"):
        german = queue_test_message(user, language="de")
    english = queue_test_message(user, language="en-gb")

    assert german.subject == "Testnachricht aus MiGlobe Pool"
    assert english.language == "en"
    assert english.subject == "Test message from MiGlobe Pool"
    assert english.body_text.startswith("Dear Amina Diallo,\n")
    assert '<html lang="en">' in english.body_html


@pytest.mark.smoke
def test_plain_text_and_subject_are_not_html_escaped_but_the_html_version_is():
    appointment = Appointment(title="Kaffee & <Kuchen>", starts_at=datetime(2027, 1, 15, 13, 0, tzinfo=UTC))
    message = queue_email(
        to="a@example.org",
        template="testapp/appointment_reminder",
        context={"appointment": appointment, "recipient": {"name": "Zoë"}},
        language="de",
    )
    assert message.subject == "Erinnerung: Kaffee & <Kuchen>"
    assert "Kaffee & <Kuchen> beginnt am 15. Januar 2027, 14:00 Uhr." in message.body_text
    assert "Kaffee &amp; &lt;Kuchen&gt;" in message.body_html


@pytest.mark.smoke
def test_absurl_and_the_absolute_filter_build_links_from_site_url(settings):
    settings.SITE_URL = "https://miglobe.example.org"
    template = engines["django"].from_string(
        "{% absurl 'core:impressum' %}|{% absurl 'core:privacy' as link %}{{ link }}|{{ '/pool/x/'|absolute }}"
    )
    assert template.render({}) == (
        "https://miglobe.example.org/impressum/|https://miglobe.example.org/datenschutz/|"
        "https://miglobe.example.org/pool/x/"
    )


@pytest.mark.smoke
def test_headers_from_reply_to_message_id_date_and_auto_submitted(settings):
    settings.EMAIL_REPLY_TO = "Programmteam <team@miglobe.example>"
    user = UserFactory()
    automatic = queue_test_message(user)
    personal = queue_test_message(user, auto_submitted=False, reply_to="")

    headers = as_email(automatic).message()
    assert headers["From"] == automatic.from_email
    assert headers["Reply-To"] == "Programmteam <team@miglobe.example>"
    assert headers["Message-ID"] == automatic.message_id
    assert parsedate_to_datetime(headers["Date"]) == automatic.created_at.replace(microsecond=0)
    assert headers["Auto-Submitted"] == "auto-generated"

    other = as_email(personal).message()
    assert other["Auto-Submitted"] is None
    assert other["Reply-To"] is None
    assert other["Message-ID"] != headers["Message-ID"]
    # the Message-ID is fixed when queued: every attempt carries the same one
    assert as_email(automatic).message()["Message-ID"] == automatic.message_id


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("Ayşe Öztürk", "ayse@example.org"),
        ("Öztürk, Ayşe", "ayse@example.org"),
        ("Nguyễn Thị Minh Khai", "minh@example.org"),
        ("张伟", "zhang@example.org"),
        ("Дмитрий Иванов", "dmitri@example.org"),
    ],
)
def test_german_and_non_latin_names_are_encoded_and_survive_the_round_trip(name, address):
    from email import message_from_bytes, policy

    message = queue_email(
        to=format_address(name, address),
        template="testapp/appointment_reminder",
        context={"appointment": {"title": "Übergabe – Straße", "starts_at": None}},
        language="de",
    )
    raw = as_email(message).message().as_bytes()
    header_block = raw.split(b"\n\n", 1)[0]
    header_block.decode("ascii")  # every header is 7-bit: non-ASCII only as RFC 2047 encoded words
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["To"].addresses[0].display_name == name
    assert parsed["To"].addresses[0].addr_spec == address
    assert parsed["Subject"] == "Erinnerung: Übergabe – Straße"
    assert "Übergabe – Straße beginnt" in parsed.get_body(("plain",)).get_content()


@pytest.mark.smoke
@pytest.mark.parametrize(
    "to", ["", "not an address", "a@example.org, b@example.org", "Eve <eve@example.org>\nBcc: x@example.org"]
)
def test_anything_but_one_valid_address_is_refused_at_queue_time(to):
    with pytest.raises(OutboxError) as refused:
        queue_test_message(UserFactory(), to=to)
    assert not OutboxMessage.objects.exists()
    # The error ends up in logs, which an erasure does not reach: it does not quote the address.
    assert "@" not in str(refused.value) and refused.value.__cause__ is None


@pytest.mark.smoke
def test_an_unsupported_language_or_a_missing_template_fails_in_the_callers_request():
    user = UserFactory()
    with pytest.raises(OutboxError):
        queue_test_message(user, language="fr")
    with pytest.raises(TemplateDoesNotExist):
        queue_test_message(user, template="core/does_not_exist")
    assert not OutboxMessage.objects.exists()


@pytest.mark.smoke
def test_a_transaction_that_rolls_back_queues_nothing(django_capture_on_commit_callbacks):
    user = UserFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_test_message(user)
        raise RuntimeError("the event that caused the email failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_the_task_is_handed_over_only_after_commit(eager, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = queue_test_message(user)
        assert mail.outbox == []  # nothing leaves while the transaction may still roll back
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert mail.outbox[0].extra_headers["Message-ID"] == message.message_id


def test_the_request_does_not_fail_or_wait_when_the_broker_is_down(django_capture_on_commit_callbacks, caplog):
    user = UserFactory()
    with (
        broker_unreachable() as attempts,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        message = queue_test_message(user)
    # The publish gives up instead of retrying for long: one try and one retry, each of which gives up
    # after 2 s even if the packets were dropped rather than refused. (Speed itself: `make bench`.)
    assert len(attempts) == 2, attempts
    assert all(timeout is not None and timeout <= 2 for timeout in attempts), attempts
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED
    assert message.enqueued_at is None  # the sweep will hand it over
    assert "the outbox sweep will send it later" in caplog.text


def test_emails_about_an_object_can_be_found_and_erased():
    about = UserFactory()
    other = UserFactory()
    mine = [queue_test_message(about, related_object=about), queue_test_message(about, related_object=about)]
    theirs = queue_test_message(other, related_object=other)
    unrelated = queue_test_message(other)
    Reminder.objects.create(
        rule_code="x.y", related_object=about, recipient_email=about.email, occasion="1", message=mine[0]
    )

    assert set(OutboxMessage.objects.for_object(about)) == set(mine)
    assert erase_emails_about(obj=about) == 2
    assert set(OutboxMessage.objects.all()) == {theirs, unrelated}
    assert not Reminder.objects.exists()
