"""Plain editing in the admin. Stages and assignments change only through the staff pages (services), so
here they are read-only; staff keep the agreed dates and the advisors' ties to municipalities."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from miglobe.core import email_kinds

from . import fee_services
from .models import (
    AdvisorTie,
    Appointment,
    Assignment,
    CaseReport,
    ConsultationRequest,
    FeeClaim,
    Feedback,
    FeeRate,
    Municipality,
    MunicipalityChange,
)

# The kinds of this app's emails, as staff read them in the outbox.
email_kinds.register(
    {
        "consultations/request_received": _("Beratungsanfrage eingegangen"),
        "consultations/request_link": _("Neuer Link zur Beratungsanfrage"),
        "consultations/stage_changed": _("Stand der Beratungsanfrage"),
        "consultations/assignment_offered": _("Anfrage an Berater*in"),
        "consultations/assignment_reminder": _("Erinnerung: Anfrage an Berater*in"),
        "consultations/assignment_unanswered": _("Anfrage an Berater*in unbeantwortet"),
        "consultations/request_unhandled": _("Beratungsanfrage unbearbeitet"),
        "consultations/log_entry_missing": _("Erinnerung: Termin eintragen"),
        "consultations/fee_claim_due": _("Honorarabrechnung fällig"),
        "consultations/feedback_request": _("Bitte um Rückmeldung"),
        "consultations/feedback_reminder": _("Erinnerung: Rückmeldung"),
    }
)


class MunicipalityChangeInline(admin.TabularInline):
    model = MunicipalityChange
    extra = 0
    can_delete = False
    fields = readonly_fields = ["gebietsstand", "old_name", "new_name", "old_type", "new_type", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    """The official directory: kept by `manage.py import_municipalities`, never edited by hand."""

    list_display = ["key", "name", "level", "area_type", "population", "in_directory"]
    list_filter = ["level", "area_type", "in_directory", "land_key"]
    search_fields = ["key", "name"]
    inlines = [MunicipalityChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppointmentInline(admin.TabularInline):
    model = Appointment
    extra = 1


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    can_delete = False
    fields = readonly_fields = ["advisor", "status", "proposed_at", "answered_at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "municipality", "stage", "desired_format", "created_at", "matching"]
    list_filter = ["stage", "desired_format"]
    list_select_related = ["municipality"]
    search_fields = ["municipality__name", "municipality__key", "office"]
    readonly_fields = ["stage", "stage_changed_at", "created_at", "privacy_consent_at", "language"]
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["topics"]
    inlines = [AppointmentInline, AssignmentInline]

    @admin.display(description=_("Matching"))
    def matching(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("consultations:staff_request", args=[obj.pk]), _("Berater*innen finden")
        )


@admin.register(AdvisorTie)
class AdvisorTieAdmin(admin.ModelAdmin):
    list_display = ["advisor", "municipality", "kind", "note"]
    list_filter = ["kind"]
    list_select_related = ["advisor", "municipality"]
    autocomplete_fields = ["municipality"]
    search_fields = ["advisor__last_name", "municipality__name"]


# --- issue #12: rates are kept here; entries and claims change only through the staff queue (services) ---


@admin.register(FeeRate)
class FeeRateAdmin(admin.ModelAdmin):
    """A rate that priced an approved entry is read-only: a change is a new version with a later date."""

    list_display = ["basis", "up_to_minutes", "amount", "valid_from", "used"]
    list_filter = ["basis"]
    fields = ["basis", "up_to_minutes", "amount", "valid_from"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(entry_count=Count("entries"))

    @admin.display(description=_("schon abgerechnet"), boolean=True)
    def used(self, obj):
        return obj.entry_count > 0

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            # Only the amount of an unused rate may be corrected; basis, band and date define the version.
            return ["basis", "up_to_minutes", "valid_from", *(["amount"] if fee_services.rate_is_used(obj) else [])]
        return []

    def has_delete_permission(self, request, obj=None):
        return obj is None or not fee_services.rate_is_used(obj)

    def save_model(self, request, obj, form, change):
        if change:
            fee_services.change_rate(rate=obj, amount=form.cleaned_data["amount"], by=request.user)
        else:
            created = fee_services.add_rate(
                basis=obj.basis,
                up_to_minutes=obj.up_to_minutes,
                amount=obj.amount,
                valid_from=obj.valid_from,
                by=request.user,
            )
            obj.pk = created.pk


@admin.register(FeeClaim)
class FeeClaimAdmin(admin.ModelAdmin):
    list_display = ["number", "advisor_label", "month", "status", "total", "check_link"]
    list_filter = ["status", "month"]
    list_select_related = ["advisor"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Berater*in"))
    def advisor_label(self, obj):
        return obj.advisor_name or obj.advisor.full_name

    @admin.display(description=_("Prüfen"))
    def check_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("consultations:staff_claim", args=[obj.pk]), obj.number)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["request", "asked_at", "rating", "answered_at"]
    list_select_related = ["request__municipality"]
    readonly_fields = ["request", "asked_at", "rating", "text", "answered_at"]

    def has_add_permission(self, request):
        return False


@admin.register(CaseReport)
class CaseReportAdmin(admin.ModelAdmin):
    list_display = ["request", "outcome", "completed_at"]
    list_filter = ["outcome"]
    list_select_related = ["request__municipality"]
    readonly_fields = ["request", "outcome", "written_by", "completed_at"]

    def has_add_permission(self, request):
        return False
