"""The seminars' column in the staff roster (CONTRACTS §4): modules done of those needed, and since when
qualified. One annotation of subqueries, so the roster keeps its query count."""

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pool.roster import register_column

from .models import Attendance, CatchUp, Module
from .states import AttendanceState


def annotate_progress(queryset):
    counting = Attendance.objects.filter(advisor_id=OuterRef(OuterRef("pk")), seminar__module=OuterRef("pk")).filter(
        Q(state=AttendanceState.ATTENDED) | Q(state=AttendanceState.PARTLY, seminar__curriculum__partly_counts=True)
    )
    caught_up = CatchUp.objects.filter(advisor_id=OuterRef(OuterRef("pk")), module=OuterRef("pk"))
    modules = Module.objects.filter(curriculum__call_id=OuterRef("call_id"))
    done = (
        modules.filter(Exists(counting) | Exists(caught_up))
        .order_by()
        .values("curriculum")
        .annotate(n=Count("pk"))
        .values("n")
    )
    total = modules.order_by().values("curriculum").annotate(n=Count("pk")).values("n")
    # The rule and the qualification are one row each (a call's curriculum, an advisor's qualification):
    # joined, not asked in a subquery per advisor.
    return queryset.annotate(
        seminar_modules_done=Coalesce(Subquery(done, output_field=IntegerField()), 0),
        seminar_modules_total=Subquery(total, output_field=IntegerField()),
        seminar_modules_required=F("call__curriculum__required_modules"),
        seminar_qualified_at=Case(
            When(qualification__revoked_at__isnull=True, then=F("qualification__qualified_at")), default=None
        ),
    )


def render_progress(advisor):
    if advisor.seminar_modules_total is None:
        return "–"  # the cohort has no curriculum yet
    needed = min(advisor.seminar_modules_required or advisor.seminar_modules_total, advisor.seminar_modules_total)
    text = f"{advisor.seminar_modules_done}/{needed}"
    if advisor.seminar_qualified_at:
        on = date_format(localtime(advisor.seminar_qualified_at), "SHORT_DATE_FORMAT")
        text += " – " + _("qualifiziert am %(date)s") % {"date": on}
    return text


def register_columns():
    register_column(
        key="seminars",
        label=gettext_lazy("Module (Qualifizierung)"),
        annotate=annotate_progress,
        render=render_progress,
        order=20,
    )
