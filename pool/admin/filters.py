"""The application list's filters. Each filters only what the user may see (`pool.permissions`)."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ..choices import ApplicationStatus
from ..models import Application, ApplicationLanguage


class StatusFilter(admin.SimpleListFilter):
    """By the status as the user may see it: before their own review a panel member sees "eingereicht"
    for every staff decision, so filtering by "ausgewählt" must not find those either."""

    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status.value, status.label) for status in ApplicationStatus if status != ApplicationStatus.DRAFT]

    def queryset(self, request, queryset):
        if self.value() in ApplicationStatus.values:
            return queryset.with_status(self.value())
        return queryset


class ScoreRangeFilter(admin.SimpleListFilter):
    title = _("gewichteter Punktzahl")  # the admin shows "Nach gewichteter Punktzahl"
    parameter_name = "score"
    RANGES = {"4-5": (4, 5.01), "3-4": (3, 4), "2-3": (2, 3), "1-2": (1, 2)}

    def lookups(self, request, model_admin):
        return [(key, key.replace("-", "–")) for key in self.RANGES] + [("none", _("noch ohne Bewertung"))]

    def queryset(self, request, queryset):
        # `weighted_score` is masked where the user may not see it yet, so hidden scores match no range,
        # and "no score yet" is asked of visible rows only.
        if self.value() == "none":
            return queryset.filter(assessments_visible=True, weighted_score__isnull=True)
        if self.value() in self.RANGES:
            low, high = self.RANGES[self.value()]
            return queryset.filter(weighted_score__gte=low, weighted_score__lt=high)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = _("Sprache")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        # Only from what this user may see: a panel member must not learn about other calls this way.
        visible = Application.objects.visible_to(request.user)
        names = (
            ApplicationLanguage.objects.filter(application__in=visible)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Exists(ApplicationLanguage.objects.filter(application=OuterRef("pk"), name=self.value()))
            )
        return queryset


class TopicFilter(admin.RelatedFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("Themenfeld")  # the admin shows "Nach Themenfeld"
