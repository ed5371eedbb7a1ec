"""The advisor's side: the requests they are asked to take on or accepted, and their answer."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from miglobe.core.labels import choice_labels
from miglobe.core.portal import PortalSection, register
from miglobe.core.reversing import pk_url
from pool.portal import advisor_required

from . import services
from .choices import CLOSED_STAGES, AssignmentStatus, ClaimStatus, EntryStatus, Format, Stage
from .forms import AnswerForm
from .models import Appointment, Assignment, FeeClaim, LogEntry, short_name
from .permissions import advisor_sees_assignment


def _own_assignment_or_404(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("request__municipality", "advisor"), pk=pk, advisor=request.advisor
    )
    if not advisor_sees_assignment(request.advisor, assignment):
        raise Http404
    return assignment


@advisor_required
def assignment_detail(request, pk):
    assignment = _own_assignment_or_404(request, pk)
    consultation = assignment.request
    return render(
        request,
        "consultations/portal/assignment_detail.html",
        {
            "assignment": assignment,
            "consultation": consultation,
            "topics": consultation.topics.all(),
            "appointments": consultation.appointments.all(),
            "partners": consultation.assignments.filter(status=AssignmentStatus.ACCEPTED)
            .exclude(pk=assignment.pk)
            .select_related("advisor"),
            "form": AnswerForm(),
        },
    )


@advisor_required
@require_POST
def assignment_answer(request, pk):
    assignment = _own_assignment_or_404(request, pk)
    form = AnswerForm(request.POST)
    accept = request.POST.get("answer") == "accept"
    if request.POST.get("answer") not in ("accept", "decline") or not form.is_valid():
        messages.error(request, _("Bitte sagen Sie zu oder ab."))
        return redirect("consultations:assignment_detail", pk=pk)
    try:
        services.answer_assignment(
            assignment=assignment, advisor=request.advisor, accept=accept, note=form.cleaned_data["note"]
        )
    except services.Refused as exc:
        messages.error(request, exc.message)
        return redirect("consultations:assignment_detail", pk=pk)
    if accept:
        messages.success(request, _("Vielen Dank für Ihre Zusage! Das Programmteam meldet sich mit den Terminen."))
        return redirect("consultations:assignment_detail", pk=pk)
    messages.success(request, _("Ihre Absage ist angekommen. Vielen Dank für die Rückmeldung."))
    return redirect("portal:home")


def _assignment_rows(advisor) -> list[dict]:
    """The advisor's proposed and accepted assignments as rows of ready values: an advisor may hold dozens, and
    a `{% url %}`, a `get_status_display` and a `{% blocktranslate %}` a row cost more than the rest of the page
    (issue #13). `closed` marks a case whose request is completed, not pursued or withdrawn."""
    found = (
        Assignment.objects.filter(advisor=advisor)
        .open()
        .order_by("status", "-proposed_at")
        .values_list("pk", "status", "request__stage", "request__municipality__name")
    )
    detail_url, log_url = pk_url("consultations:assignment_detail"), pk_url("consultations:case_log")
    statuses = choice_labels(AssignmentStatus)
    stages = choice_labels(Stage)
    log_label = _("Protokoll %(municipality)s")
    return [
        {
            "url": detail_url(pk),
            "municipality": name,
            "status": statuses.get(status, status),
            "stage": stages.get(stage, stage),
            "closed": stage in CLOSED_STAGES,
            "proposed": status == AssignmentStatus.PROPOSED,
            "log_url": log_url(pk) if status == AssignmentStatus.ACCEPTED else "",
            "log_label": log_label % {"municipality": short_name(name)},
        }
        for pk, status, stage, name in found
    ]


def portal_context(request, advisor):
    """The home's section: the open cases – asked for and running – and a link to all of them (decision 0150).

    The closed cases stay on the list of all cases: they only add up over the years, and the home is where the
    advisor sees what needs doing."""
    rows = _assignment_rows(advisor)
    current = [row for row in rows if not row["closed"]]
    return {"assignments": current, "closed_count": len(rows) - len(current), "empty": not rows}


@advisor_required
def assignment_list(request):
    """All the advisor's cases, the closed ones too: the home lists only the open ones."""
    rows = _assignment_rows(request.advisor)
    return render(
        request,
        "consultations/portal/assignment_list.html",
        {
            "current": [row for row in rows if not row["closed"]],
            "closed": [row for row in rows if row["closed"]],
        },
    )


def log_section_context(request, advisor):
    """Entries to write (agreed dates past without an own entry), returned entries and the claim of the month.

    The lists are rows of ready values, for the reason given at `portal_context`.
    """
    now = timezone.now()
    case_log_url, entry_url = pk_url("consultations:case_log"), pk_url("consultations:entry_edit")
    kinds = choice_labels(Format)
    due = (
        Appointment.objects.filter(
            starts_at__lte=now,
            request__assignments__advisor=advisor,
            request__assignments__status=AssignmentStatus.ACCEPTED,
        )
        .exclude(request__stage__in=[Stage.WITHDRAWN, Stage.NOT_PURSUED])
        .annotate(planned_day=TruncDate("starts_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))
        .exclude(
            Exists(
                LogEntry.objects.filter(
                    assignment__advisor=advisor, assignment__request=OuterRef("request"), date=OuterRef("planned_day")
                )
            )
        )
        .annotate(assignment_pk=F("request__assignments__pk"))
        .order_by("starts_at")
        .values_list("assignment_pk", "kind", "starts_at", "request__municipality__name")
    )
    to_write = [
        {"url": case_log_url(pk), "municipality": short_name(name), "kind": kinds.get(kind, kind), "starts_at": at}
        for pk, kind, at, name in due
    ]
    entries = LogEntry.objects.filter(assignment__advisor=advisor)
    # The returned entries and the pending ones in one statement: the pending are only counted, and there are
    # as many as staff have not yet approved, so their rows cost less than a second round trip.
    returned, pending = [], 0
    for pk, status, day, comment, name in (
        entries.filter(status__in=[EntryStatus.RETURNED, EntryStatus.PENDING])
        .order_by("date", "pk")
        .values_list("pk", "status", "date", "return_comment", "assignment__request__municipality__name")
    ):
        if status == EntryStatus.PENDING:
            pending += 1
        else:
            returned.append({"url": entry_url(pk), "municipality": short_name(name), "date": day, "comment": comment})
    month = timezone.localdate().replace(day=1)
    claims = list(FeeClaim.objects.filter(advisor=advisor).exclude(status=ClaimStatus.PAID).order_by("-month")[:3])
    claimable = entries.unclaimed_until(timezone.localdate()).exists()
    return {
        "to_write": to_write,
        "returned": returned,
        "pending": pending,
        "claims": claims,
        "month": month,
        "claimable": claimable,
        "empty": not (to_write or returned or pending or claims or claimable),
    }


def register_sections():
    register(
        PortalSection(
            key="consultation_log",
            title=gettext_lazy("Beratungsprotokoll und Honorar"),
            template="consultations/portal/_log_section.html",
            context=log_section_context,
            empty_text=gettext_lazy(
                "Hier erscheinen Termine, die Sie noch ins Protokoll eintragen sollten, zurückgegebene Einträge "
                "und Ihre Honorarabrechnung des Monats."
            ),
            order=31,
        )
    )
    register(
        PortalSection(
            key="consultations",
            title=gettext_lazy("Beratungen"),
            template="consultations/portal/_section.html",
            context=portal_context,
            empty_text=gettext_lazy("Hier erscheinen Anfragen von Kommunen, für die das Programmteam Sie anfragt."),
            order=30,
        )
    )
