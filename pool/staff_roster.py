"""Staff pages of the pool: the roster overview and refilling a free place from the reserve list.

Wired into the admin by AdvisorAdmin.get_urls (so they share its frame and login), but kept out of admin.py.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.fields import BooleanField
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from miglobe.core.admin_lists import datetime_text, short_date
from miglobe.core.labels import choice_labels
from miglobe.core.reversing import pk_url

from . import reserve_services, roster
from .exceptions import Refused
from .models import Advisor, AdvisorPause, Application, Call

CALL_TITLE_COLUMNS = [f"call__title_{code}" for code, _name in settings.LANGUAGES]


def roster_queryset(*, now=None):
    """Every advisor with what the roster shows, in one query: the inactivity flag, the current pause and the
    registered columns of other apps are annotations, never per-row lookups."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.ADVISOR_INACTIVITY_DAYS)
    current_pause = AdvisorPause.objects.filter(advisor=OuterRef("pk")).order_by("-starts_on", "-pk")
    inactive = (
        Q(status__in=[s for s in Advisor.Status if s != Advisor.Status.LEFT])
        & (Q(user__last_login__isnull=True) | Q(user__last_login__lt=since))
        & (Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=since))
    )
    queryset = (
        Advisor.objects.select_related("call", "user")
        # Of the call and the login only what a row shows: not the call's texts and the user's password hash
        # for every advisor (every column of the advisor stays, for the registered columns' renderers).
        .only(*(field.name for field in Advisor._meta.concrete_fields), *CALL_TITLE_COLUMNS, "user__last_login")
        .annotate(
            is_inactive=Case(When(inactive, then=Value(True)), default=Value(False), output_field=BooleanField()),
            pause_from=Subquery(current_pause.values("starts_on")[:1]),
            pause_until=Subquery(current_pause.values("ends_on")[:1]),
        )
        .order_by("call__opens_at", "last_name", "first_name")
    )
    return roster.annotate(queryset)


def roster_rows(advisors):
    """Each advisor with the row's cells as one safe string (`html`): the same markup the template wrote with
    a `{% url %}`, `get_status_display`, seven date filters and three `{% translate %}` per row, with the
    URL reversed, the labels translated and the dates formatted by the one-per-page ways of the admin lists
    (docs/decisions/0170-admin-pages-rows-as-values.md)."""
    change_url = pk_url("admin:pool_advisor_change", "object_id")
    status_labels = choice_labels(Advisor.Status)
    invitation_texts = (str(_("angenommen")), str(_("offen")), str(_("nicht gesendet")))
    inactive_html = format_html("<strong>{}</strong>", _("inaktiv"))
    columns = roster.columns()

    def day(value):
        return short_date(value) or ""

    def moment(value):
        return "–" if value is None else datetime_text(value, "SHORT_DATETIME_FORMAT")

    def cell(value):  # what `<td>{{ value }}</td>` writes for a registered column's value
        return f"<td>{conditional_escape(localize(timezone.template_localtime(value)))}</td>"

    rows = []
    for a in advisors:
        paused = a.status == Advisor.Status.PAUSED
        pause = f"{day(a.pause_from)}–{day(a.pause_until) or '…'}" if paused else "–"
        reason = f" ({a.leave_reason})" if a.leave_reason else ""
        left = day(a.left_at) + reason if a.left_at else "–"
        if a.invitation_accepted_at:
            invitation = invitation_texts[0]
        else:
            invitation = invitation_texts[1] if a.invitation_sent_at else invitation_texts[2]
        texts = (
            a.call.title,
            status_labels.get(a.status, a.status),
            day(a.joined_at),
            day(a.qualified_at) or "–",
            pause,
            left,
            invitation,
            moment(a.user.last_login if a.user_id else None),
            moment(a.last_activity_at),
        )
        html = mark_safe(  # noqa: S308 (every text escaped here, the registered cells by conditional_escape)
            f'<th scope="row"><a href="{change_url(a.pk)}">{escape(str(a))}</a></th>'
            + "".join(f"<td>{escape(text)}</td>" for text in texts)
            + f"<td>{inactive_html if a.is_inactive else '–'}</td>"
            + "".join(cell(column.render(a)) for column in columns)
        )
        rows.append({"advisor": a, "html": html})
    return rows


def _page(request, template, context):
    from django.contrib import admin

    return TemplateResponse(request, template, {**admin.site.each_context(request), "opts": Advisor._meta, **context})


def roster_overview(request):
    if not request.user.has_perm("pool.view_advisor"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    advisors = roster_queryset()
    if status in Advisor.Status.values:
        advisors = advisors.filter(status=status)
    rows = roster_rows(advisors)
    calls = (
        Call.objects.filter(advisors__isnull=False)
        .annotate(in_pool=Count("advisors", filter=~Q(advisors__status=Advisor.Status.LEFT)))
        .order_by("-opens_at")
    )  # one query for every call's occupancy: a place freed by someone leaving shows here
    places = [{"call": call, "in_pool": call.in_pool, "free": max(0, call.pool_size - call.in_pool)} for call in calls]
    return _page(
        request,
        "admin/pool/advisor/roster.html",
        {
            "title": _("Pool-Übersicht"),
            "rows": rows,
            "columns": roster.columns(),
            "statuses": Advisor.Status.choices,
            "status": status,
            "inactivity_days": settings.ADVISOR_INACTIVITY_DAYS,
            "places": places,
        },
    )


def refill(request, call_id):
    """The free places of a call and its reserve list; POST moves one person up."""
    if not request.user.has_perm("pool.decide_application"):
        raise PermissionDenied
    call = get_object_or_404(Call, pk=call_id)
    if request.method == "POST":
        application = get_object_or_404(Application, pk=request.POST.get("application"), call=call)
        try:
            advisor = reserve_services.move_up_from_reserve(application=application, by=request.user)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                _("%(name)s ist nachgerückt und hat die Zusage mit der Einladung zum Portal erhalten.")
                % {"name": advisor.full_name},
            )
        return redirect("admin:pool_advisor_refill", call_id=call.pk)
    now = timezone.now()
    return _page(
        request,
        "admin/pool/advisor/refill.html",
        {
            "title": _("Nachrücken: %(call)s") % {"call": call.title},
            "call": call,
            "free": reserve_services.free_places(call),
            "reserve": list(reserve_services.reserve_list(call, now=now)),
            "expired_count": Application.objects.filter(
                call=call, status=Application.Status.RESERVE, reserve_until__lte=now
            ).count(),
            "left": Advisor.objects.filter(call=call, status=Advisor.Status.LEFT).order_by("-left_at"),
        },
    )
