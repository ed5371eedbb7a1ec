"""The email outbox: the only way this application sends email.

    queue_email(to=..., template="pool/application_submitted", context={...}, language="de", related_object=obj)

renders the email now, in the recipient's language, writes it as an `OutboxMessage` in the caller's
transaction and, after commit, hands its id to a Celery task that sends it. If the broker is down at that
moment nothing is lost: the row stays queued and the periodic sweep (`sweep_outbox`, every 15 seconds) hands
it over later. Temporary SMTP errors put the row back in the queue with a growing delay; permanent ones fail
it at once. Decisions: docs/decisions/0003-email-outbox.md.

    queue_email(to=..., template="pool/application_submitted", context=None, language="de", related_object=obj)

(no context) is the cheap form for a public form's confirmation: the request writes only the row; the sweep
hands it over and the worker writes the text from the related object just before the first attempt, with the
template's context function (`written_by_worker`), and keeps it on the row. Decision 0180.
"""

import base64
import contextlib
import functools
import logging
import re
import smtplib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.utils import format_datetime, parseaddr
from urllib.parse import urlsplit

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.db import OperationalError, transaction
from django.db.models import F
from django.template import Context, engines
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .addresses import validate_email_address
from .models import OutboxMessage, Reminder

logger = logging.getLogger(__name__)

# The name under which `miglobe.core.tasks` registers the send task.
SEND_TASK = "core.send_outbox_message"

Status = OutboxMessage.Status

# Waits after the 1st, 2nd, … temporary failure. After the last one, one more failure marks the row
# failed: seven attempts over about ten hours, then staff see it and can send it again.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
    timedelta(hours=6),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A claimed row that is still "sending" after this long was lost (worker killed, SMTP hung): far longer
# than one SMTP conversation with EMAIL_TIMEOUT per step and the task's time limit.
SENDING_TIMEOUT = timedelta(minutes=10)
# A due row whose task was handed over this long ago but which is still queued lost its task (e.g. the
# broker was flushed); the sweep hands it over again. A duplicate task is harmless: claiming makes it a no-op.
REPUBLISH_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500


class OutboxError(ValueError):
    """A message that cannot be queued or acted on as asked."""


# ---------------------------------------------------------------------------------------------- rendering


EMAIL_ADDRESS = re.compile(r"[^\s'\"<>(),;:]+@[^\s'\"<>(),;:]+")


def format_address(name: str, email: str) -> str:
    """`Ayşe Öztürk <ayse@example.org>`, quoted where the name needs it; encoded only when sent."""
    if not name:
        return email
    # username/domain rather than addr_spec: the parser behind addr_spec refuses umlauts in the mailbox name.
    local, _at, domain = email.rpartition("@")
    return str(Address(display_name=name, username=local, domain=domain))


def _normalise_language(language: str) -> str:
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        raise OutboxError(f"Unsupported email language {language!r}") from None


def _render_plain(name: str, context: dict) -> str:
    # Subjects and plain-text bodies are not HTML: the same templates and tags without autoescaping, so
    # "Müller & Söhne" stays as it is instead of becoming "Müller &amp; Söhne".
    return engines["django"].engine.get_template(name).render(Context(context, autoescape=False))


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render `emails/<template>.subject.txt`, `.txt` and `.html` in `language`; return (subject, text, html)."""
    language = _normalise_language(language)
    base = f"emails/{template}"
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        ctx = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(_render_plain(f"{base}.subject.txt", ctx).split())
        ctx["subject"] = subject
        text = _render_plain(f"{base}.txt", ctx)
        html = render_to_string(f"{base}.html", ctx)
    text = re.sub(r"\n[ \t]*(\n[ \t]*)+\n", "\n\n", text.replace("\r\n", "\n")).strip() + "\n"
    return subject, text, html


def _validated_recipient(to: str) -> str:
    to = to.strip()
    _name, address = parseaddr(to)
    try:
        if not address or "\n" in to or "\r" in to:
            raise ValidationError("empty")
        validate_email_address(address)  # umlauts in the mailbox or the domain are fine (miglobe.core.mail)
        sanitize_address(to, "utf-8")
    except (ValidationError, ValueError):
        # Without the address, and without the cause (which quotes it): this message ends up in logs, which
        # an applicant's erasure does not reach. The caller has the address.
        raise OutboxError("Not a single valid recipient address") from None
    return to


def _message_id() -> str:
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<{uuid.uuid4().hex}@{domain}>"


# --------------------------------------------------------------------------------- written by the worker

# template -> the function that builds its context from the email's related object (decision 0180).
WORKER_CONTEXTS: dict[str, Callable[[object], dict]] = {}


def written_by_worker(template: str):
    """Register how the worker builds the context of `template` from the related object, so that
    `queue_email(template=template, context=None, related_object=obj)` may leave the writing to it."""

    def register(build):
        WORKER_CONTEXTS[template] = build
        return build

    return register


def write_queued(message: OutboxMessage) -> None:
    """Render an email queued without its text (`is_written` false), from its related object as it is now,
    and keep the text on the row: staff see what went out, and a retry sends the same text."""
    build = WORKER_CONTEXTS.get(message.template)
    if build is None:
        raise OutboxError(f"No context is registered for the email template {message.template!r}")
    related = message.related_object
    if related is None:
        # Erased meanwhile (its erasure deletes its emails too; this is the rest of a race): nothing to say.
        raise OutboxError("The object this email is about no longer exists")
    subject, text, html = render_email(template=message.template, context=build(related), language=message.language)
    # The object was read before rendering: if its erasure deleted this row meanwhile, nothing may go out.
    if not OutboxMessage.objects.filter(pk=message.pk).update(subject=subject, body_text=text, body_html=html):
        raise OutboxError("The email was erased while it was being written")
    message.subject, message.body_text, message.body_html = subject, text, html


# ---------------------------------------------------------------------------------------------- queueing


def queue_email(
    *,
    to: str,
    template: str,
    context: dict | None,
    language: str,
    related_object=None,
    reply_to: str | None = None,
    auto_submitted: bool = True,
    confidential: bool = False,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> OutboxMessage:
    """Render an email now and queue it; it is sent after the caller's transaction commits.

    `attachments`: (filename, content, mimetype) triples, e.g. an invitation's .ics file.

    `to` is an address, with or without a display name (`format_address` builds one). `related_object`
    lets a feature find (and erase) all mail about an object: `OutboxMessage.objects.for_object(obj)`.
    `confidential` hides the content from staff in the admin (password-reset links and the like).
    Raises OutboxError for an invalid address or an unsupported language, and TemplateDoesNotExist for a
    missing template – both at queue time, in the caller's request, not later in a worker.

    `context=None`: the worker writes the email from `related_object` with the context registered by
    `written_by_worker`, and the outbox sweep, not this request, hands it to the broker (decision 0180). The
    request then pays for the row alone – no rendering, no publish and no UPDATE after the commit.
    """
    recipient = _validated_recipient(to)
    language = _normalise_language(language)
    if context is None:
        if template not in WORKER_CONTEXTS or related_object is None:
            raise OutboxError(f"{template!r} cannot be written by the worker: no context or no related object")
        for suffix in (".subject.txt", ".txt", ".html"):
            get_template(f"emails/{template}{suffix}")  # a missing one fails here still (cached after the first)
        subject = text = html = ""
    else:
        subject, text, html = render_email(template=template, context=context, language=language)
    message = OutboxMessage(
        message_id=_message_id(),
        recipient=recipient,
        from_email=settings.DEFAULT_FROM_EMAIL,
        reply_to=reply_to if reply_to is not None else settings.EMAIL_REPLY_TO,
        template=template,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        auto_submitted=auto_submitted,
        confidential=confidential,
        attachments=[
            {"filename": name, "mimetype": mimetype, "content": base64.b64encode(content).decode("ascii")}
            for name, content, mimetype in attachments or []
        ],
    )
    if related_object is not None:
        message.related_object = related_object
    message.save()
    if context is not None:
        transaction.on_commit(functools.partial(enqueue_delivery, message.pk))
    return message


def enqueue_delivery(message_id: int) -> bool:
    """Hand the message's id to the send task. Never raises: a broker outage must not fail a request.

    The task is named, not imported: `tasks` imports this module, and this one must not import it back.
    """
    # Marked before publishing: a fast worker may finish (and, on a temporary error, clear the mark for
    # the sweep) before this function would get to write it afterwards.
    rows = OutboxMessage.objects.filter(pk=message_id, status=Status.QUEUED)
    rows.update(enqueued_at=timezone.now())
    try:
        # The publish retry policy and connection timeouts in settings bound how long this may block.
        current_app.signature(SEND_TASK, args=[message_id]).apply_async()
    except Exception:
        logger.warning(
            "Outbox message %s could not be handed to the broker; the outbox sweep will send it later",
            message_id,
            exc_info=True,
        )
        rows.update(enqueued_at=None)
        return False
    return True


# ---------------------------------------------------------------------------------------------- sending


def _move(message_id: int, source: str, target: str, *, extra_filter=None, **fields) -> bool:
    """Change the status if it still is `source`; True if this call made the move."""
    if target not in OutboxMessage.TRANSITIONS[source]:
        raise OutboxError(f"An outbox message cannot go from {source} to {target}")
    rows = OutboxMessage.objects.filter(pk=message_id, status=source, **(extra_filter or {}))
    return rows.update(status=target, **fields) == 1


def as_email(message: OutboxMessage, connection=None) -> EmailMultiAlternatives:
    """The Django email for an outbox row; the same headers on every attempt."""
    headers = {
        "Message-ID": message.message_id,
        # When the email was complete (queued), in Berlin time: the same on every attempt.
        "Date": format_datetime(timezone.localtime(message.created_at)),
    }
    if message.auto_submitted:
        headers["Auto-Submitted"] = "auto-generated"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.recipient],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers=headers,
        connection=connection,
    )
    email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return email


def is_permanent_failure(exc: BaseException) -> bool:
    """5xx answers are permanent; 4xx answers, refused connections and timeouts are worth a retry."""
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return True  # e.g. no SMTPUTF8 for an address with umlauts: waiting does not change the server
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    # Other SMTP errors, refused connections and timeouts may heal, and so may a lost database connection
    # while the worker writes a confirmation (decision 0180); anything else (a bad header, a bug) will not
    # heal by waiting.
    return not isinstance(exc, smtplib.SMTPException | OSError | SoftTimeLimitExceeded | OperationalError)


def _describe(exc: BaseException) -> str:
    # Mail servers quote the refused address; this text reaches the logs, so addresses are masked.
    return EMAIL_ADDRESS.sub("<Adresse>", f"{type(exc).__name__}: {exc}")[:2000]


# One mail-server connection per worker process, reused for the next message: a burst of reminders costs one
# TCP and EHLO handshake instead of one per message (docs/benchmarks.md: 1,000 emails 4 × the time of a plain
# smtplib loop before, see there after). It is closed after any failure, after SMTP_REUSE_IDLE seconds
# without use (before a server's own idle timeout) and when the mail settings change.
SMTP_REUSE_IDLE = 20
_reused: dict = {"key": None, "connection": None, "used_at": 0.0}


def _mail_settings():
    names = ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_USE_TLS", "EMAIL_USE_SSL")
    return tuple(getattr(settings, name, None) for name in names)


def _mail_connection():
    key, now = _mail_settings(), time.monotonic()
    if _reused["connection"] is not None and (_reused["key"] != key or now - _reused["used_at"] > SMTP_REUSE_IDLE):
        _drop_mail_connection()
    if _reused["connection"] is None:
        connection = get_connection(fail_silently=False)
        connection.open()
        _reused.update(key=key, connection=connection)
    _reused["used_at"] = now
    return _reused["connection"]


def _drop_mail_connection():
    connection, _reused["connection"] = _reused["connection"], None
    if connection is not None:
        with contextlib.suppress(Exception):  # a connection the server dropped cannot say goodbye
            connection.close()


def _send(email) -> None:
    reused = _reused["connection"] is not None
    email.connection = _mail_connection()
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPServerDisconnected:
        _drop_mail_connection()
        if not reused:
            raise
        # The server closed the kept connection while it was idle: once more on a fresh one (should it have
        # taken the message after all, the stable Message-ID lets the receiving side drop the second copy).
        email.connection = _mail_connection()
        email.send(fail_silently=False)
    except BaseException:
        _drop_mail_connection()
        raise


@dataclass
class DeliveryAttempt:
    message: OutboxMessage
    email: EmailMessage | None  # None if the email could not even be built
    sent: bool


def deliver_message(*, message_id: int, now: datetime | None = None) -> DeliveryAttempt | None:
    """Claim the row and send it once. Returns None when there was nothing to do.

    The claim is a conditional UPDATE queued → sending, so a re-delivered or duplicate task, a second
    worker or the sweep cannot send a message twice; a row already sent (or not yet due) is left alone.
    No lock is held while talking to the SMTP server.
    """
    now = now or timezone.now()
    claimed = _move(
        message_id,
        Status.QUEUED,
        Status.SENDING,
        extra_filter={"next_attempt_at__lte": now},
        attempts=F("attempts") + 1,
        sending_started_at=now,
    )
    if not claimed:
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    mine = {"attempts": message.attempts}  # a row the sweep took back and someone else claimed is not ours
    email = None
    try:
        if not message.is_written:
            write_queued(message)  # a bug or an erased object fails the row; a lost database is retried
        email = as_email(message)
        _send(email)
    except Exception as exc:
        error = _describe(exc)
        if is_permanent_failure(exc) or message.attempts >= MAX_ATTEMPTS:
            # No traceback: the exception's own text may quote the address; `error` is masked.
            logger.error("Outbox message %s failed after %s attempt(s): %s", message.pk, message.attempts, error)
            _move(message.pk, Status.SENDING, Status.FAILED, extra_filter=mine, last_error=error)
            message.status = Status.FAILED
        else:
            delay = RETRY_DELAYS[message.attempts - 1]
            logger.warning("Outbox message %s: temporary failure, retry in %s: %s", message.pk, delay, error)
            _move(
                message.pk,
                Status.SENDING,
                Status.QUEUED,
                extra_filter=mine,
                next_attempt_at=timezone.now() + delay,
                enqueued_at=None,
                last_error=error,
            )
            message.status = Status.QUEUED
        message.last_error = error
        return DeliveryAttempt(message=message, email=email, sent=False)
    message.sent_at = timezone.now()
    _move(message.pk, Status.SENDING, Status.SENT, extra_filter=mine, sent_at=message.sent_at, last_error="")
    message.status = Status.SENT
    return DeliveryAttempt(message=message, email=email, sent=True)


@dataclass
class SweepResult:
    enqueued: list[int] = field(default_factory=list)
    recovered: int = 0
    given_up: int = 0
    broker_down: bool = False


def sweep_outbox(*, now: datetime | None = None) -> SweepResult:
    """Take back rows stuck in "sending", and hand every due row without a task to the broker."""
    now = now or timezone.now()
    result = SweepResult()
    stuck = OutboxMessage.objects.stuck_sending(now, timeout=SENDING_TIMEOUT)
    note = "The attempt did not finish (the worker stopped or the mail server hung)."
    result.given_up = stuck.filter(attempts__gte=MAX_ATTEMPTS).update(status=Status.FAILED, last_error=note)
    result.recovered = stuck.update(status=Status.QUEUED, next_attempt_at=now, enqueued_at=None, last_error=note)
    due = OutboxMessage.objects.missing_task(now, republish_after=REPUBLISH_AFTER).order_by("next_attempt_at")
    for message_id in due.values_list("pk", flat=True)[:SWEEP_BATCH]:
        if not enqueue_delivery(message_id):
            # The broker is down: the next sweep tries again; no point waiting on every row now.
            result.broker_down = True
            break
        result.enqueued.append(message_id)
    return result


def cancel_message(*, message_id: int, reason: str) -> bool:
    """Cancel a message that no worker has claimed yet; False if it is already on its way or done."""
    return _move(message_id, Status.QUEUED, Status.CANCELLED, last_error=reason[:2000])


# ---------------------------------------------------------------------------------------------- staff


def resend_message(*, message: OutboxMessage) -> OutboxMessage:
    """Queue a copy of a finished message (sent, failed or cancelled) with a new Message-ID.

    A copy rather than a reset, so the history of the original stays as it was, and because a receiver
    may silently drop a second message with a Message-ID it has already seen. The copy goes to the same
    recipient only and a confidential message stays confidential, so sending again never shows staff
    the content (e.g. the applicant's private link) nor sends it anywhere new.
    """
    if message.status in (Status.QUEUED, Status.SENDING):
        raise OutboxError("This message is still on its way.")
    with transaction.atomic():
        copy = OutboxMessage.objects.create(
            message_id=_message_id(),
            recipient=message.recipient,
            from_email=message.from_email,
            reply_to=message.reply_to,
            template=message.template,
            language=message.language,
            subject=message.subject,
            body_text=message.body_text,
            body_html=message.body_html,
            auto_submitted=message.auto_submitted,
            confidential=message.confidential,
            attachments=message.attachments,
            content_type_id=message.content_type_id,
            object_id=message.object_id,
            resent_from=message,
        )
        transaction.on_commit(functools.partial(enqueue_delivery, copy.pk))
    return copy


def send_test_email(*, user) -> OutboxMessage:
    """A message from staff to themselves: proves that the outbox, the worker and the mail server work."""
    if not user.email:
        raise OutboxError("The account has no email address.")
    with transaction.atomic():
        return queue_email(
            to=format_address(user.get_full_name(), user.email),
            template="core/test_message",
            context={"user": user, "requested_at": timezone.now()},
            language=translation.get_language() or settings.LANGUAGE_CODE,
            related_object=user,
            auto_submitted=False,
        )


def erase_emails_about(*, obj) -> int:
    """Delete every outbox row, reminder ledger row and admin log entry about those emails (for erasure).

    Returns the number of emails deleted.
    """
    with transaction.atomic():
        Reminder.objects.for_object(obj).delete()
        emails = OutboxMessage.objects.for_object(obj)
        # The admin's "recent actions" about these emails ("sent again", "test sent") hold only ids, but
        # they say that an email about this object existed: they go with it.
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(OutboxMessage),
            object_id__in=[str(pk) for pk in emails.values_list("pk", flat=True)],
        ).delete()
        deleted, _by_model = emails.delete()
    return deleted
