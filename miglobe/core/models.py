"""Core tables: the email outbox and the reminder ledger (exactly-once sending), and the audit trail."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .managers import AppendOnlyError, AuditEntryQuerySet, OutboxMessageQuerySet, ReminderQuerySet


class OutboxMessage(models.Model):
    """One email, rendered when it was queued (or, for a public form's confirmation, by the worker just before
    its first attempt: decision 0180) and kept exactly as it went out.

    The row is written in the transaction of the event that causes the email; a Celery task sends it after
    commit, and the periodic sweep sends it if that task never ran. `message_id` is fixed at queue time,
    so every retry of the same email carries the same Message-ID header.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet auf Versand")
        SENDING = "sending", _("wird gesendet")
        SENT = "sent", _("gesendet")
        FAILED = "failed", _("fehlgeschlagen")
        CANCELLED = "cancelled", _("verworfen")

    # Allowed status moves. A move is always a conditional UPDATE on the old status, so two workers
    # (or a worker and the sweep) can never both make the same move.
    TRANSITIONS = {
        Status.QUEUED: {Status.SENDING, Status.CANCELLED},
        Status.SENDING: {Status.SENT, Status.QUEUED, Status.FAILED},
        Status.SENT: set(),
        Status.FAILED: set(),
        Status.CANCELLED: set(),
    }

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True, editable=False)
    recipient = models.CharField(_("Empfänger*in"), max_length=400)
    from_email = models.CharField(_("Absender"), max_length=400)
    reply_to = models.CharField(_("Antwort an"), max_length=400, blank=True)
    template = models.CharField(_("Vorlage"), max_length=200)
    language = models.CharField(_("Sprache"), max_length=10, choices=settings.LANGUAGES)
    subject = models.TextField(_("Betreff"))
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"))
    auto_submitted = models.BooleanField(
        _("automatisch erzeugt"),
        default=True,
        help_text=_("Setzt den Header „Auto-Submitted: auto-generated“, damit keine Abwesenheitsnotizen folgen."),
    )
    confidential = models.BooleanField(
        _("vertraulich"),
        default=False,
        help_text=_("Der Inhalt enthält einen Zugangslink und wird in der Verwaltung nicht angezeigt."),
    )
    # Files sent with the email, kept as they went out: [{"filename", "mimetype", "content" (base64)}].
    attachments = models.JSONField(_("Anhänge"), default=list, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), default=timezone.now)
    # When a task for this row was last handed to the broker; empty when that failed (broker down) or
    # when the row went back to the queue. The sweep publishes rows whose task is missing.
    enqueued_at = models.DateTimeField(_("an die Warteschlange übergeben"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("Versand begonnen"), null=True, blank=True)
    sent_at = models.DateTimeField(_("gesendet am"), null=True, blank=True)
    last_error = models.TextField(_("letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("Objekttyp"), null=True, blank=True, on_delete=models.SET_NULL
    )
    object_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    related_object = GenericForeignKey("content_type", "object_id")
    resent_from = models.ForeignKey(
        "self",
        verbose_name=_("erneut gesendet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resends",
    )

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("E-Mail")
        verbose_name_plural = _("E-Mails (Postausgang)")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_outbox_due_idx"),
            models.Index(fields=["content_type", "object_id"], name="core_outbox_object_idx"),
            models.Index(fields=["created_at"], name="core_outbox_created_idx"),
            # The admin list's default order, and its template filter (docs/benchmarks.md).
            models.Index(fields=["-created_at", "-id"], name="core_outbox_list_idx"),
            models.Index(fields=["template"], name="core_outbox_template_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="core_outbox_sent_has_sent_at"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(sending_started_at__isnull=False),
                name="core_outbox_sending_has_start",
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"

    @property
    def is_written(self) -> bool:
        """False for an email queued without its text, which the worker writes before sending (decision 0180);
        every rendered email has a subject."""
        return bool(self.subject)


class Reminder(models.Model):
    """The ledger of scheduled reminders: one row per (rule, object, recipient, occasion).

    The row is written before its email is queued, in the same transaction, and the unique constraint
    makes a second sweep – or a parallel one – skip it. `occasion` is the rule's key for the moment the
    reminder is about (e.g. the deadline); a changed date is a new occasion.
    """

    rule_code = models.CharField(_("Regel"), max_length=100)
    content_type = models.ForeignKey(ContentType, verbose_name=_("Objekttyp"), on_delete=models.CASCADE)
    object_id = models.CharField(_("Objekt-ID"), max_length=64)
    related_object = GenericForeignKey("content_type", "object_id")
    recipient_email = models.CharField(_("Empfänger*in"), max_length=254)
    occasion = models.CharField(_("Anlass"), max_length=200)
    created_at = models.DateTimeField(_("angelegt"), default=timezone.now)
    message = models.OneToOneField(
        OutboxMessage,
        verbose_name=_("E-Mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reminder",
    )

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_code", "content_type", "object_id", "recipient_email", "occasion"],
                name="core_reminder_once_per_occasion",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="core_reminder_object_idx"),
            # The admin list's rule filter walks it (miglobe.core.admin_lists.distinct_values).
            models.Index(fields=["rule_code"], name="core_reminder_rule_idx"),
        ]

    def __str__(self):
        return f"{self.rule_code} → {self.recipient_email} ({self.occasion})"


class AuditEntry(models.Model):
    """One line of the audit trail of every app; written by `miglobe.core.audit.record` only.

    Append-only: the admin offers no change or delete, the model refuses both, and on PostgreSQL a trigger
    refuses UPDATE and DELETE. The single exception is redaction after an erasure: `data` (and, for an
    erased account, `actor_label`) may be emptied once, which sets `redacted_at`. `actor_id` and
    `content_type` are plain numbers without a database constraint, so deleting a user or an object never
    has to touch the trail. `object_label` is the object's reference (e.g. MG-2027-0042), never a name.
    """

    at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("Benutzername"), max_length=150, blank=True)
    action = models.CharField(_("Vorgang"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("Objekttyp"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    object_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    object_label = models.CharField(_("Objekt"), max_length=200, blank=True)
    data = models.JSONField(_("Angaben"), default=dict, blank=True)
    redacted_at = models.DateTimeField(_("geschwärzt am"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_audit_object_idx")]

    def __str__(self):
        return f"{self.action} {self.object_label}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are append-only")
