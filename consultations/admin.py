"""Plain editing in the admin. Stages and assignments change only through the staff pages (services), so
here they are read-only; staff keep the agreed dates and the advisors' ties to municipalities."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import AdvisorTie, Appointment, Assignment, ConsultationRequest, Municipality, MunicipalityChange


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
