"""Staff pages: the list of requests and, per request, matching, assignments and the stage."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from miglobe.core.decorators import predicate_required
from pool.models import Advisor

from . import services
from .forms import StageForm
from .matching import rank_advisors, suggest_tandem
from .models import ConsultationRequest
from .permissions import can_manage_requests
from .staff_rows import REQUEST_COLUMNS, candidate_rows, request_rows

staff_required = predicate_required(can_manage_requests)
# Requests per page of the staff list: over the years the open ones alone run into the thousands (issue #13: at
# the benchmark's 2,000 requests the unpaged list rendered 1,400 rows and took half a second).
REQUEST_PAGE_SIZE = 50


@staff_required
def staff_request_list(request):
    show = request.GET.get("show", "open")
    requests = ConsultationRequest.objects.for_staff_list().order_by("-created_at")
    if show != "all":
        requests = requests.open()
    page = Paginator(requests.values_list(*REQUEST_COLUMNS), REQUEST_PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "consultations/staff/request_list.html",
        {
            "page": page,
            "rows": request_rows(page),
            "show": show,
            "page_query": f"{urlencode({'show': show})}&",
        },
    )


@staff_required
def staff_request(request, pk):
    # The case report and feedback (issue #12) come in the same query.
    # The topics are read once, for the ranking and the page.
    consultation = get_object_or_404(
        ConsultationRequest.objects.select_related("municipality", "case_report", "feedback").prefetch_related(
            "topics"
        ),
        pk=pk,
    )
    candidates = rank_advisors(consultation)
    return render(
        request,
        "consultations/staff/request_detail.html",
        {
            "consultation": consultation,
            "candidates": candidate_rows(candidates),
            "tandem": suggest_tandem(candidates),
            "assignments": consultation.assignments.select_related("advisor").order_by("proposed_at", "pk"),
            "stage_form": StageForm(consultation=consultation),
            "stage_changes": consultation.stage_changes.select_related("changed_by"),
            "topics": consultation.topics.all(),
            "closed": consultation.is_closed,
        },
    )


@staff_required
@require_POST
def staff_propose(request, pk):
    consultation = get_object_or_404(ConsultationRequest, pk=pk)
    ids = [value for value in request.POST.getlist("advisor") if value.isdigit()]
    advisors = list(Advisor.objects.filter(pk__in=ids))
    if not advisors:
        messages.error(request, _("Bitte wählen Sie mindestens eine Berater*in aus."))
    for advisor in advisors:
        try:
            services.propose_assignment(consultation=consultation, advisor=advisor, by=request.user)
        except services.Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(name)s ist angefragt.") % {"name": advisor.full_name})
    return redirect("consultations:staff_request", pk=pk)


@staff_required
@require_POST
def staff_move(request, pk):
    consultation = get_object_or_404(ConsultationRequest, pk=pk)
    form = StageForm(request.POST, consultation=consultation)
    if not form.is_valid():
        messages.error(request, _("Dieser Stand ist von hier aus nicht möglich."))
        return redirect("consultations:staff_request", pk=pk)
    try:
        services.move_request(
            consultation=consultation,
            to_stage=form.cleaned_data["stage"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Der Stand ist geändert."))
    return redirect("consultations:staff_request", pk=pk)


@staff_required
@require_POST
def staff_withdraw_assignment(request, pk, assignment_pk):
    consultation = get_object_or_404(ConsultationRequest, pk=pk)
    assignment = get_object_or_404(consultation.assignments, pk=assignment_pk)
    try:
        services.withdraw_assignment(assignment=assignment, by=request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Der Einsatz ist zurückgenommen."))
    return redirect("consultations:staff_request", pk=pk)
