from functools import partial

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from ..models import Call, SelectionCriterion, Topic
from ..permissions import reviewer_candidates
from ..staff import views as staff_views

# Staff write the call's texts in German and, optionally, in English (pool/translation.py); an empty English
# field shows the German text on English pages. The English texts have their own fieldset, closed until
# needed, so the page stays as narrow as with one language.
ENGLISH_OPTIONAL = _(
    "Optional. Leere Felder zeigen auf englischen Seiten und in englischen E-Mails den deutschen Text."
)


class CriterionInline(TranslationStackedInline):
    # Stacked, not tabular: name, description and weight side by side made the page wider than a laptop.
    model = SelectionCriterion
    extra = 1
    fields = [("name_de", "name_en"), "description_de", "description_en", ("weight", "position")]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}


@admin.register(Call)
class CallAdmin(TranslationAdmin):
    list_display = ["title", "opens_at", "closes_at", "pool_size", "ranking_link"]
    list_display_links = ["title"]
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = ["reviewers"]
    inlines = [CriterionInline]
    fieldsets = [
        (None, {"fields": ["title_de", "slug", "description_de", "eligibility_de", "work_description_de"]}),
        (
            _("Englische Fassung"),
            {
                "classes": ["collapse"],
                "description": ENGLISH_OPTIONAL,
                "fields": ["title_en", "description_en", "eligibility_en", "work_description_en"],
            },
        ),
        (_("Frist und Pool"), {"fields": ["opens_at", "closes_at", "pool_size", "reference_prefix"]}),
        (_("Auswahlgremium"), {"fields": ["reviewers"]}),
        (
            _("Datenschutz"),
            {"fields": ["reserve_consent_months", "retention_months", "draft_retention_days"]},
        ),
    ]

    class Media:
        js = ["js/admin_a11y.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and formfield is not None:
            # The admin shows date and time as two inputs under one label; each needs its own name.
            date_input, time_input = formfield.widget.widgets
            date_input.attrs["aria-label"] = format_lazy("{} – {}", db_field.verbose_name, _("Datum"))
            time_input.attrs["aria-label"] = format_lazy("{} – {}", db_field.verbose_name, _("Uhrzeit"))
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "reviewers":
            # Only people who may write reviews: not advisors' logins, not staff without the role.
            kwargs["queryset"] = reviewer_candidates().order_by("last_name", "first_name", "username")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("Rangliste"))
    def ranking_link(self, call):
        url = reverse("admin:pool_call_ranking", args=[call.pk])
        return format_html('<a href="{}">{}</a>', url, _("Rangliste ansehen"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/ranking/", view(partial(staff_views.ranking, self)), name="pool_call_ranking"),
            path(
                "<int:pk>/ranking/<str:kind>/",
                view(partial(staff_views.ranking_export, self)),
                name="pool_call_ranking_export",
            ),
            *super().get_urls(),
        ]


@admin.register(Topic)
class TopicAdmin(TranslationAdmin):
    list_display = ["name_de", "name_en", "position"]
    list_editable = ["position"]
