"""The advisor's side: the requests they are asked to take on or accepted, and their answer."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from miglobe.core.portal import PortalSection, register
from pool.portal import advisor_required

from . import services
from .choices import AssignmentStatus
from .forms import AnswerForm
from .models import Assignment
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


def portal_context(request, advisor):
    assignments = list(
        Assignment.objects.filter(advisor=advisor, status__in=[AssignmentStatus.PROPOSED, AssignmentStatus.ACCEPTED])
        .select_related("request__municipality")
        .order_by("status", "-proposed_at")
    )
    return {"assignments": assignments, "empty": not assignments}


def register_sections():
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
