"""Emails the worker writes (decision 0180): a public form's request queues only the row; the outbox sweep hands
it over, and the worker renders it from the related object just before the first attempt and keeps the text."""

from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction
from django.template import TemplateDoesNotExist

from miglobe.core import outbox
from miglobe.core.models import OutboxMessage
from miglobe.core.outbox import (
    OutboxError,
    cancel_message,
    deliver_message,
    queue_email,
    resend_message,
    sweep_outbox,
)
from miglobe.core.testing import count_queries

from .factories import UserFactory

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
TEMPLATE = "core/test_message"
REQUESTED_AT = datetime(2027, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def written_by_worker(monkeypatch):
    """The core's test email, registered as one the worker writes from its user."""
    monkeypatch.setitem(outbox.WORKER_CONTEXTS, TEMPLATE, lambda user: {"user": user, "requested_at": REQUESTED_AT})


def queue_unwritten(user, **kwargs):
    return queue_email(
        **({"to": user.email, "template": TEMPLATE, "context": None, "language": "de", "related_object": user} | kwargs)
    )


def test_the_request_writes_only_the_row_and_hands_nothing_to_the_broker(django_capture_on_commit_callbacks):
    user = UserFactory(first_name="Jürgen", last_name="Weiß")
    ContentType.objects.get_for_model(user)  # cached in a running process
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        queries = count_queries(lambda: queue_unwritten(user))
    assert queries == 1  # the insert; no UPDATE of `enqueued_at` after the commit either
    assert callbacks == []  # no publish: the outbox sweep hands it over
    message = OutboxMessage.objects.get()
    assert (message.status, message.enqueued_at, message.is_written) == (Status.QUEUED, None, False)
    assert message.message_id.endswith("@testserver>")  # fixed at queue time, as for every email


def test_the_sweep_hands_it_over_and_the_worker_writes_it_from_the_object_as_it_is_then(eager, mailoutbox):
    user = UserFactory(first_name="Jürgen", last_name="Weiß")
    message = queue_unwritten(user)
    user.first_name = "Jörg"
    user.save(update_fields=["first_name"])

    assert sweep_outbox().enqueued == [message.pk]

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Testnachricht aus MiGlobe Pool"
    assert mailoutbox[0].body.startswith("Guten Tag Jörg Weiß,\n")
    assert mailoutbox[0].extra_headers["Message-ID"] == message.message_id
    message.refresh_from_db()
    assert message.status == Status.SENT
    # Kept as it went out: staff see the text, and another attempt would send the same one.
    assert message.subject == "Testnachricht aus MiGlobe Pool"
    assert message.body_text == mailoutbox[0].body
    assert '<html lang="de">' in message.body_html


def test_it_is_written_in_the_recipients_language():
    user = UserFactory(first_name="Amina", last_name="Diallo")
    message = queue_unwritten(user, language="en")
    attempt = deliver_message(message_id=message.pk)
    assert attempt.sent
    assert attempt.email.subject == "Test message from MiGlobe Pool"
    assert attempt.email.body.startswith("Dear Amina Diallo,\n")


def test_what_cannot_be_written_later_fails_in_the_callers_request():
    user = UserFactory()
    with pytest.raises(OutboxError):
        queue_unwritten(user, template="core/password_reset")  # no context registered for it
    with pytest.raises(OutboxError):
        queue_unwritten(user, related_object=None)  # nothing to build the context from
    outbox.WORKER_CONTEXTS["core/does_not_exist"] = outbox.WORKER_CONTEXTS[TEMPLATE]
    try:
        with pytest.raises(TemplateDoesNotExist):
            queue_unwritten(user, template="core/does_not_exist")
    finally:
        del outbox.WORKER_CONTEXTS["core/does_not_exist"]
    assert not OutboxMessage.objects.exists()


def test_an_email_whose_object_is_gone_fails_without_being_sent(caplog):
    user = UserFactory()
    message = queue_unwritten(user)
    OutboxMessage.objects.filter(pk=message.pk).update(object_id="999999")  # as if erased in between

    attempt = deliver_message(message_id=message.pk)

    assert not attempt.sent
    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "no longer exists" in message.last_error


def test_sending_again_a_message_that_was_never_written_lets_the_worker_write_the_copy(
    eager, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(first_name="Amina", last_name="Diallo")
    message = queue_unwritten(user)
    assert cancel_message(message_id=message.pk, reason="staff stopped it")
    message.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        copy = resend_message(message=message)  # published after the commit, as every copy

    assert [sent.subject for sent in mailoutbox] == ["Testnachricht aus MiGlobe Pool"]
    copy.refresh_from_db()
    assert (copy.status, copy.resent_from, copy.is_written) == (Status.SENT, message, True)


def test_an_email_erased_while_the_worker_writes_it_is_not_sent(monkeypatch):
    # The erasure deletes the row (and the object) while the worker is building the text from the object it
    # has already read: the text must not go out for an erased person.
    user = UserFactory(first_name="Amina", last_name="Diallo")
    message = queue_unwritten(user)

    def erased_meanwhile(related):
        outbox.erase_emails_about(obj=related)
        return {"user": related, "requested_at": REQUESTED_AT}

    monkeypatch.setitem(outbox.WORKER_CONTEXTS, TEMPLATE, erased_meanwhile)

    attempt = deliver_message(message_id=message.pk)

    assert not attempt.sent
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_a_database_lost_while_writing_is_tried_again_and_then_sent(monkeypatch):
    user = UserFactory(first_name="Amina", last_name="Diallo")
    message = queue_unwritten(user)

    def database_gone(user):
        raise outbox.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setitem(outbox.WORKER_CONTEXTS, TEMPLATE, database_gone)
    attempt = deliver_message(message_id=message.pk)
    assert not attempt.sent
    message.refresh_from_db()
    assert (message.status, message.is_written) == (Status.QUEUED, False)  # not failed for good
    assert "OperationalError" in message.last_error

    monkeypatch.setitem(outbox.WORKER_CONTEXTS, TEMPLATE, lambda user: {"user": user, "requested_at": REQUESTED_AT})
    attempt = deliver_message(message_id=message.pk, now=message.next_attempt_at)
    assert attempt.sent and attempt.email.body.startswith("Guten Tag Amina Diallo,\n")
