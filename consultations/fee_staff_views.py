"""Staff pages of issue #12: the queue of entries to approve and claims to check, a claim with its exports,
the municipalities that have not answered the feedback survey, and the funnel figures of DESIGN §1."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pool.exports import csv_response, xlsx_response

from . import fee_services
from .choices import Outcome, Stage
from .claim_exports import claim_rows
from .fee_forms import ReturnForm
from .models import ConsultationRequest, FeeClaim, Feedback, LogEntry, StageChange
from .services import Refused
from .staff_rows import QUEUE_COLUMNS, queue_rows
from .staff_views import staff_required

# Entries awaiting approval per page: years of logs can leave thousands waiting, and each row carries two
# forms (at the benchmark's 20,000 entries the unpaged queue took over a second to render).
QUEUE_PAGE_SIZE = 50


@staff_required
def queue(request):
    entries = LogEntry.objects.awaiting_approval().order_by("date", "pk").values_list(*QUEUE_COLUMNS)
    page = Paginator(entries, QUEUE_PAGE_SIZE).get_page(request.GET.get("seite"))
    claims = FeeClaim.objects.to_check().select_related("advisor").order_by("status", "month", "pk")
    return render(
        request,
        "consultations/staff/queue.html",
        {"page": page, "entries": queue_rows(page), "claims": claims},
    )


@staff_required
@require_POST
def entry_review(request, pk):
    entry = get_object_or_404(LogEntry, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            fee_services.approve_entry(entry=entry, by=request.user)
            messages.success(request, _("Der Eintrag ist freigegeben."))
        else:
            form = ReturnForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            fee_services.return_entry(entry=entry, by=request.user, comment=comment)
            messages.success(request, _("Der Eintrag ist zurückgegeben."))
    except Refused as exc:
        messages.error(request, exc.message)
    return redirect("consultations:staff_queue")


def _claim_entries(claim):
    return claim.entries.select_related("assignment__request").order_by("date", "pk")


@staff_required
def claim(request, pk):
    claim = get_object_or_404(FeeClaim.objects.select_related("advisor"), pk=pk)
    return render(request, "consultations/staff/claim_detail.html", {"claim": claim, "entries": _claim_entries(claim)})


CLAIM_ACTIONS = {
    "approve": (fee_services.approve_claim, lambda: _("Die Abrechnung ist geprüft.")),
    "pay": (fee_services.mark_claim_paid, lambda: _("Die Abrechnung ist als bezahlt vermerkt.")),
}


@staff_required
@require_POST
def claim_action(request, pk):
    claim = get_object_or_404(FeeClaim, pk=pk)
    action = request.POST.get("action")
    try:
        if action == "reopen":
            fee_services.reopen_claim(claim=claim, by=request.user, comment=request.POST.get("comment", "")[:2000])
            messages.success(request, _("Die Abrechnung ist an die Berater*in zurückgegeben."))
        elif action in CLAIM_ACTIONS:
            service, message = CLAIM_ACTIONS[action]
            service(claim=claim, by=request.user)
            messages.success(request, message())
    except Refused as exc:
        messages.error(request, exc.message)
    return redirect("consultations:staff_claim", pk=pk)


@staff_required
def claim_export(request, pk, fmt):
    claim = get_object_or_404(FeeClaim.objects.select_related("advisor"), pk=pk)
    rows = list(claim_rows(claim, _claim_entries(claim)))
    filename = f"{claim.number}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(rows, filename=filename, sheet_title=claim.number)
    return csv_response(rows, filename=filename)


@staff_required
def feedback_list(request):
    feedback = Feedback.objects.select_related("request__municipality").order_by("answered_at", "-asked_at")
    return render(request, "consultations/staff/feedback_list.html", {"feedback": feedback})


def funnel(year=None):
    """DESIGN §1: Dialogforen held and in how many Kommunen; Beratungen and in how many Kommunen.

    A case counts as Dialogforum when it reached "Dialogforum held", as Beratung when it reached "Beratung
    running" (a case completed as "Beratung" passed there); the stage history holds both facts."""
    moves = StageChange.objects.all()
    if year:
        moves = moves.filter(changed_at__year=year)
    held = moves.filter(to_stage=Stage.DIALOGFORUM_HELD).values("request")
    running = moves.filter(to_stage=Stage.BERATUNG_RUNNING).values("request")
    figures = ConsultationRequest.objects.aggregate(
        dialogforen=Count("pk", filter=Q(pk__in=held)),
        dialogforum_kommunen=Count("municipality", filter=Q(pk__in=held), distinct=True),
        beratungen=Count("pk", filter=Q(pk__in=running)),
        beratung_kommunen=Count("municipality", filter=Q(pk__in=running), distinct=True),
        completed_dialogforum_only=Count("pk", filter=Q(case_report__outcome=Outcome.DIALOGFORUM_ONLY)),
        completed_beratung=Count("pk", filter=Q(case_report__outcome=Outcome.BERATUNG)),
    )
    return figures


@staff_required
def figures(request):
    year = request.GET.get("jahr", "")
    year = int(year) if year.isdigit() else None
    return render(request, "consultations/staff/figures.html", {"figures": funnel(year), "year": year})
