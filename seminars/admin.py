"""Plain editing of curricula and modules; the seminar workflows are the staff pages (seminars/views/staff.py)."""

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from miglobe.core import email_kinds

from . import services
from .models import CatchUp, Curriculum, Module, Qualification, Seminar

# The kinds of this app's emails, as staff read them in the outbox.
email_kinds.register(
    {
        "seminars/invitation": _("Einladung zum Seminar"),
        "seminars/rsvp_missing": _("Erinnerung: Zusage fehlt"),
        "seminars/seminar_in_7_days": _("Seminar in einer Woche"),
        "seminars/seminar_tomorrow": _("Seminar morgen"),
        "seminars/thanks": _("Dank für die Teilnahme"),
        "seminars/moved_up": _("Platz im Seminar frei geworden"),
    }
)


class ModuleInline(TranslationStackedInline):
    # German and English side by side (seminars/translation.py), stacked as the call's criteria are: a table
    # row with both languages of title and learning goals was wider than a laptop.
    model = Module
    extra = 0
    fields = ["number", ("title_de", "title_en"), "learning_goals_de", "learning_goals_en"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


@admin.register(Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    list_display = ["call", "programme", "required_modules", "partly_counts", "matrix_link"]
    list_select_related = ["call"]
    inlines = [ModuleInline]

    @admin.display(description=_("Übersicht"))
    def matrix_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("seminars:matrix", args=[obj.pk]), _("Übersicht öffnen"))

    def save_model(self, request, obj, form, change):
        rule_changed = change and {"required_modules", "partly_counts"} & set(form.changed_data)
        required, partly = obj.required_modules, obj.partly_counts
        super().save_model(request, obj, form, change)
        if rule_changed:
            # Through the service: a changed rule evaluates every advisor of the cohort again.
            services.change_rule(curriculum=obj, required_modules=required, partly_counts=partly, by=request.user)


class CohortFilter(admin.SimpleListFilter):
    title = _("Jahrgang")
    parameter_name = "curriculum"

    def lookups(self, request, model_admin):
        # With the call in the same query: the default filter would read each curriculum's call apart.
        return [(str(c.pk), str(c)) for c in Curriculum.objects.select_related("call")]

    def queryset(self, request, queryset):
        return queryset.filter(curriculum_id=self.value()) if (self.value() or "").isdigit() else queryset


@admin.register(Seminar)
class SeminarAdmin(admin.ModelAdmin):
    list_display = ["display_title", "curriculum", "starts_at", "venue", "capacity", "staff_link"]
    list_select_related = ["curriculum__call", "module"]
    list_filter = [CohortFilter]
    readonly_fields = ["public_id"]

    @admin.display(description=_("Titel"))
    def display_title(self, obj):
        return obj.display_title

    @admin.display(description=_("Einladen und Teilnahme"))
    def staff_link(self, obj):
        # Invitations and attendance are workflows with their own pages, not admin forms.
        return format_html(
            '<a href="{}">{}</a>', reverse("seminars:seminar_detail", args=[obj.pk]), _("Seminarseite öffnen")
        )


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["advisor", "curriculum", "qualified_at", "revoked_at", "code"]
    list_select_related = ["advisor", "curriculum__call"]
    readonly_fields = ["advisor", "curriculum", "qualified_at", "revoked_at", "code"]

    def has_add_permission(self, request):
        return False  # granted by the rule only


@admin.register(CatchUp)
class CatchUpAdmin(admin.ModelAdmin):
    list_display = ["advisor", "module", "done_on"]
    list_select_related = ["advisor", "module__curriculum__call"]
    readonly_fields = ["advisor", "module", "done_on", "note", "recorded_by", "recorded_at"]

    def has_add_permission(self, request):
        return False  # recorded on the matrix page, through the service
