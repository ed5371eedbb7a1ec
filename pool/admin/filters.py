"""The application list's filters. Each filters only what the user may see (`pool.permissions`)."""

from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from ..choices import ApplicationStatus
from ..models import Application, ApplicationLanguage, Call
from ..permissions import is_programme_staff


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


def language_names_visible_to(user) -> list[str]:
    """The distinct language names of the applications `user` may see (`Application.objects.visible_to`).

    A DISTINCT over all language rows grows with every application. This walks the index on the name
    instead ("loose index scan"): each step asks for the first visible name after the previous one, so the
    cost follows the number of different names, not the number of applications.
    """
    if not (is_programme_staff(user) or user.has_perm("pool.view_application")):
        return []
    language = ApplicationLanguage._meta.db_table
    application = Application._meta.db_table
    visible = "a.status <> %s"
    params = [ApplicationStatus.DRAFT.value]
    if not is_programme_staff(user):
        through = Call.reviewers.through._meta
        visible += f" AND a.call_id IN (SELECT r.call_id FROM {through.db_table} r WHERE r.user_id = %s)"  # noqa: S608
        params.append(user.pk)
    # Table names from the models go into the text; every value is a parameter.
    join = f"{language} l JOIN {application} a ON a.id = l.application_id"
    step = f"SELECT l.name FROM {join} WHERE {{after}}{visible} ORDER BY l.name LIMIT 1"  # noqa: S608
    first, following = step.format(after=""), step.format(after="l.name > names.name AND ")
    sql = (
        # The first step as a derived table, which SQLite (the quick start) accepts as well as PostgreSQL.
        f"WITH RECURSIVE names(name) AS (SELECT * FROM ({first}) AS first_step "  # noqa: S608
        f"UNION ALL SELECT ({following}) FROM names WHERE names.name IS NOT NULL) "
        "SELECT name FROM names WHERE name IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params + params)
        return [row[0] for row in cursor.fetchall()]


class LanguageFilter(admin.SimpleListFilter):
    title = _("Sprache")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        # Only from what this user may see: a panel member must not learn about other calls this way.
        return [(name, name) for name in language_names_visible_to(request.user)]

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


class CallFilter(admin.RelatedFieldListFilter):
    """The calls this user may see. (RelatedOnlyFieldListFilter asked the applications for their calls: a
    DISTINCT over every application on every page.)"""

    # The title in every language (modeltranslation's columns) is all `str(call)` reads; the calls' long texts
    # were loaded on every page of the list for nothing.
    TITLE_COLUMNS = [f"title_{code}" for code, _name in settings.LANGUAGES]

    def field_choices(self, field, request, model_admin):
        calls = Call.objects.visible_to(request.user).only("pk", *self.TITLE_COLUMNS).order_by("-opens_at")
        return [(call.pk, str(call)) for call in calls]
