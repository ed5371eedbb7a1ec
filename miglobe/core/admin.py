import datetime

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from csp.constants import NONE, SELF
from csp.decorators import csp_replace
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin

from . import email_kinds, outbox
from .admin_lists import DistinctValuesFilter, FastListMixin
from .audit import record
from .models import AuditEntry, OutboxMessage, Reminder

CONFIDENTIAL_NOTE = _("Vertraulicher Inhalt (z. B. ein Link zum Zurücksetzen des Passworts) – nicht angezeigt.")


def _object_link(content_type, object_id):
    if content_type is None:
        return "–"
    label = f"{content_type.name} #{object_id}"
    try:
        url = reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[object_id])
    except NoReverseMatch:
        return label
    return format_html('<a href="{}">{}</a>', url, label)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: staff read it; only services write it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


email_kinds.register(
    {
        "core/test_message": _("Testnachricht"),
        "core/password_reset": _("Neues Passwort"),
    }
)


class EmailKindFilter(DistinctValuesFilter):
    """The outbox's templates, each shown as the kind of email it writes (`miglobe.core.email_kinds`)."""

    def choices(self, changelist):
        labels = {str(code): email_kinds.label(code) for code in self.lookup_choices if code is not None}
        for choice in super().choices(changelist):
            code, space, count = str(choice["display"]).partition(" (")  # "code (12)" when counts are shown
            yield {**choice, "display": labels[code] + space + count} if code in labels else choice


@admin.register(OutboxMessage)
class OutboxMessageAdmin(FastListMixin, ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "subject", "kind", "language", "status", "attempts", "sent_at")
    list_filter = ("status", ("template", EmailKindFilter), "created_at", "sent_at")
    search_fields = ("recipient", "subject", "message_id")
    list_per_page = 50
    actions = ("send_again",)
    change_list_template = "admin/core/outboxmessage/change_list.html"
    fieldsets = (
        (_("Versand"), {"fields": ("status", "attempts", "next_attempt_at", "sent_at", "last_error")}),
        (
            _("Nachricht"),
            {
                "fields": (
                    "recipient",
                    "subject",
                    "from_email",
                    "reply_to",
                    "message_id",
                    "kind",
                    "language",
                    "auto_submitted",
                    "created_at",
                )
            },
        ),
        (_("Inhalt"), {"fields": ("text_version", "html_version")}),
        (_("Bezug"), {"fields": ("related", "resent_from")}),
    )
    readonly_fields = ("text_version", "html_version", "related", "kind")
    # A message in one of these states is never tried again: "next attempt" would be a date that never comes.
    FINISHED = {OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED, OutboxMessage.Status.CANCELLED}

    class Media:
        css = {"all": ["core/admin_outbox.css"]}

    def get_fieldsets(self, request, obj=None):
        if obj is None or obj.status not in self.FINISHED:
            return self.fieldsets
        return [
            (name, {**options, "fields": tuple(field for field in options["fields"] if field != "next_attempt_at")})
            for name, options in self.fieldsets
        ]

    @admin.display(description=_("Art"), ordering="template")
    def kind(self, obj):
        return email_kinds.label(obj.template)

    @admin.display(description=_("Textfassung"))
    def text_version(self, obj):
        if obj.confidential:
            return CONFIDENTIAL_NOTE
        return format_html('<pre class="outbox-text">{}</pre>', obj.body_text)

    @admin.display(description=_("HTML-Fassung"))
    def html_version(self, obj):
        if obj.confidential:
            return CONFIDENTIAL_NOTE
        # Sandboxed and served with its own strict policy: the email's HTML can never run script here.
        return format_html(
            '<iframe class="outbox-html" sandbox src="{}" title="{}"></iframe>',
            reverse("admin:core_outboxmessage_html", args=[obj.pk]),
            _("HTML-Fassung der E-Mail"),
        )

    @admin.display(description=_("betrifft"))
    def related(self, obj):
        return _object_link(obj.content_type, obj.object_id)

    def log_addition(self, request, obj, message):
        # By id only: Django's default stores str(obj) – recipient and subject – in the admin log, where an
        # applicant's erasure would not find it. erase_emails_about() deletes these entries with the emails.
        return LogEntry.objects.create(
            user_id=request.user.pk,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            object_repr=f"#{obj.pk} {obj.message_id}"[:200],
            action_flag=ADDITION,
            change_message=message,
        )

    def has_resend_permission(self, request):
        return request.user.has_perm("core.add_outboxmessage")

    @admin.action(description=_("Ausgewählte E-Mails erneut senden"), permissions=["resend"])
    def send_again(self, request, queryset):
        queued, refused = 0, 0
        for message in queryset:
            try:
                copy = outbox.resend_message(message=message)
            except outbox.OutboxError:
                refused += 1
                continue
            self.log_addition(request, copy, f"core.outboxmessage.resent from #{message.pk}")
            record(actor=request.user, action="core.outboxmessage.resent", obj=copy, data={"resent_from": message.pk})
            queued += 1
        if queued:
            self.message_user(
                request,
                ngettext("%(count)d E-Mail wird erneut gesendet.", "%(count)d E-Mails werden erneut gesendet.", queued)
                % {"count": queued},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d E-Mail wurde nicht erneut gesendet: Sie ist noch unterwegs.",
                    "%(count)d E-Mails wurden nicht erneut gesendet: Sie sind noch unterwegs.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("test-senden/", view(self.send_test_view), name="core_outboxmessage_send_test"),
            path("<int:pk>/html/", view(self.html_view), name="core_outboxmessage_html"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_send_test": self.has_resend_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def send_test_view(self, request):
        if not self.has_resend_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                message = outbox.send_test_email(user=request.user)
            except outbox.OutboxError:
                self.message_user(
                    request, _("Ihr Konto hat keine E-Mail-Adresse. Tragen Sie zuerst eine ein."), messages.ERROR
                )
            else:
                self.log_addition(request, message, "core.outboxmessage.test_sent")
                self.message_user(
                    request,
                    _("Die Testnachricht an %(recipient)s steht im Postausgang.") % {"recipient": message.recipient},
                    messages.SUCCESS,
                )
            return redirect("admin:core_outboxmessage_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Testnachricht an mich senden"),
            "email": request.user.email,
        }
        return TemplateResponse(request, "admin/core/outboxmessage/send_test.html", context)

    @method_decorator(xframe_options_sameorigin)
    @method_decorator(
        # The email's own HTML, shown in a sandboxed frame on the change page: inline styles as emails
        # need them, but no script, no forms, and framed only by our own admin.
        csp_replace(
            {
                "default-src": [NONE],
                "script-src": [NONE],
                "style-src": ["'unsafe-inline'"],
                "img-src": [SELF, "data:"],
                "form-action": [NONE],
                "frame-ancestors": [SELF],
            }
        )
    )
    def html_view(self, request, pk):
        message = get_object_or_404(OutboxMessage, pk=pk)
        if not self.has_view_permission(request, message):
            raise PermissionDenied
        if message.confidential:
            raise Http404
        return HttpResponse(message.body_html, content_type="text/html; charset=utf-8")


@admin.register(Reminder)
class ReminderAdmin(FastListMixin, ReadOnlyAdmin):
    list_display = ("created_at", "rule_code", "recipient_email", "occasion_shown", "about", "message_status")
    list_filter = (("rule_code", DistinctValuesFilter), "created_at")
    search_fields = ("recipient_email", "occasion", "rule_code")
    list_select_related = ("content_type", "message")
    list_per_page = 50
    fields = ("rule_code", "about", "recipient_email", "occasion_shown", "created_at", "message_link")
    readonly_fields = ("about", "occasion_shown", "message_link")

    @admin.display(description=_("Anlass"), ordering="occasion")
    def occasion_shown(self, obj):
        """The occasion is stored as an ISO key in UTC ("2027-01-15T15:00:00+00:00", shown so until the trial
        walk); staff read it as a Berlin date and time. A key that is no date stays as it is."""
        try:
            moment = datetime.datetime.fromisoformat(obj.occasion)
        except ValueError:
            return obj.occasion
        if len(obj.occasion) == len("2027-01-15"):
            return date_format(moment.date(), "SHORT_DATE_FORMAT")
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return date_format(moment, "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("betrifft"))
    def about(self, obj):
        return _object_link(obj.content_type, obj.object_id)

    @admin.display(description=_("Versandstatus"))
    def message_status(self, obj):
        return obj.message.get_status_display() if obj.message else "–"

    @admin.display(description=_("E-Mail"))
    def message_link(self, obj):
        if obj.message is None:
            return "–"
        url = reverse("admin:core_outboxmessage_change", args=[obj.message_id])
        return format_html('<a href="{}">{} ({})</a>', url, obj.message.subject, obj.message.get_status_display())


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit trail: read-only for everyone (also superusers); nothing here changes or deletes it."""

    list_display = ("at", "action", "object_label", "actor_label", "short_data")
    list_filter = ("action", "content_type", "at")
    search_fields = ("action", "object_label", "object_id", "actor_label")
    list_select_related = ("content_type",)
    date_hierarchy = "at"
    list_per_page = 100
    actions = None
    fields = ("at", "action", "actor_id", "actor_label", "related", "object_label", "data", "redacted_at")
    readonly_fields = fields

    @admin.display(description=_("betrifft"))
    def related(self, obj):
        return _object_link(obj.content_type, obj.object_id)

    @admin.display(description=_("Angaben"))
    def short_data(self, obj):
        return ", ".join(f"{key}={value}" for key, value in obj.data.items())[:120]


# django-axes' list of failed logins, with "unlock" as the one thing staff do there (recorded in the trail).
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    actions = ("unlock",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _record_unlock(self, request, attempt):
        record(
            actor=request.user,
            action="axes.accessattempt.unlocked",
            obj=attempt,
            data={"failures": attempt.failures_since_start},
        )

    @admin.action(description=_("Sperre aufheben"), permissions=["delete"])
    def unlock(self, request, queryset):
        attempts = list(queryset)
        for attempt in attempts:
            self._record_unlock(request, attempt)
        queryset.delete()
        self.message_user(
            request,
            ngettext("%(count)d Sperre aufgehoben.", "%(count)d Sperren aufgehoben.", len(attempts))
            % {"count": len(attempts)},
            messages.SUCCESS,
        )

    def delete_model(self, request, obj):
        self._record_unlock(request, obj)
        super().delete_model(request, obj)

    def get_actions(self, request):
        # Django's "delete selected" would lift locks without a trail entry; "unlock" does the same, recorded.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
