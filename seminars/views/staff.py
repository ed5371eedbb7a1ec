"""The programme team's seminar pages: seminars, invitations, attendance, make-ups and the matrix."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from miglobe.core.templatetags.fragments import fragment_key
from pool.exports import csv_response, xlsx_response
from pool.models import Advisor

from .. import services
from ..forms import ATTENDANCE_CHOICES, CatchUpForm, InviteForm, MaterialForm, SeminarForm
from ..models import Attendance, Curriculum, Invitation, Seminar
from ..permissions import seminar_staff_required
from ..progress import progress_for
from ..states import InvitationStatus, ModuleState

# Symbols beside the words, so the matrix reads without colour and in print.
SYMBOLS = {
    ModuleState.ATTENDED: "✓",
    ModuleState.MADE_UP: "✓*",
    ModuleState.EXCUSED: "E",
    ModuleState.ABSENT: "✗",
    ModuleState.PARTLY: "½",
    ModuleState.UPCOMING: "→",
    ModuleState.OPEN: "–",
}


@seminar_staff_required
def seminar_list(request):
    now = timezone.now()
    seminars = Seminar.objects.with_counts().select_related("curriculum__call", "module").order_by("-starts_at")
    return render(
        request,
        "seminars/seminar_list.html",
        {
            "upcoming": [s for s in seminars if s.ends_at > now],
            "past": [s for s in seminars if s.ends_at <= now],
            "curricula": Curriculum.objects.select_related("call"),
        },
    )


@seminar_staff_required
def seminar_create(request):
    form = SeminarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        seminar = services.create_seminar(seminar=form.save(commit=False), by=request.user)
        messages.success(request, _("Das Seminar ist angelegt. Laden Sie jetzt ein."))
        return redirect("seminars:seminar_detail", pk=seminar.pk)
    return render(request, "seminars/seminar_form.html", {"form": form})


@seminar_staff_required
def seminar_edit(request, pk):
    seminar = get_object_or_404(Seminar, pk=pk)
    form = SeminarForm(request.POST or None, instance=seminar)
    if request.method == "POST" and form.is_valid():
        if form.changed_data:
            services.update_seminar(seminar=form.instance, by=request.user, fields=form.changed_data)
            messages.success(request, _("Die Änderungen sind gespeichert."))
        return redirect("seminars:seminar_detail", pk=seminar.pk)
    return render(request, "seminars/seminar_form.html", {"form": form, "seminar": seminar})


@seminar_staff_required
def seminar_detail(request, pk):
    seminar = get_object_or_404(Seminar.objects.select_related("curriculum__call", "module"), pk=pk)
    invitations = list(seminar.invitations.select_related("advisor").order_by("status", "advisor__last_name"))
    return render(
        request,
        "seminars/seminar_detail.html",
        {
            "seminar": seminar,
            "invitations": invitations,
            "unanswered": [i for i in invitations if i.status == InvitationStatus.INVITED],
            "accepted_count": sum(1 for i in invitations if i.status == InvitationStatus.ACCEPTED),
            "invite_form": InviteForm(seminar=seminar),
            "material_form": MaterialForm(),
            "materials": seminar.materials.all(),
        },
    )


@require_POST
@seminar_staff_required
def seminar_invite(request, pk):
    seminar = get_object_or_404(Seminar, pk=pk)
    form = InviteForm(request.POST, seminar=seminar)
    if form.is_valid():
        everyone = "everyone" in request.POST
        chosen = None if everyone else list(form.cleaned_data["advisors"])
        if chosen == []:
            messages.error(request, _("Bitte wählen Sie mindestens eine Person aus, oder laden Sie alle ein."))
        else:
            try:
                created = services.invite_advisors(seminar=seminar, advisors=chosen, by=request.user)
            except services.Refused as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _("%(count)s Einladungen werden verschickt.") % {"count": len(created)})
    return redirect("seminars:seminar_detail", pk=seminar.pk)


@require_POST
@seminar_staff_required
def material_upload(request, pk):
    seminar = get_object_or_404(Seminar, pk=pk)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        material = form.save(commit=False)
        material.seminar = seminar
        material.original_name = form.cleaned_data["file"].name[:200]
        material.save()
        messages.success(request, _("Das Material ist gespeichert."))
    else:
        for error in form.errors.values():
            messages.error(request, error.as_text())
    return redirect("seminars:seminar_detail", pk=seminar.pk)


def _attendance_rows(seminar):
    """Everyone invited, plus the cohort: staff also record people who came without answering."""
    advisors = Advisor.objects.in_pool().filter(call_id=seminar.curriculum.call_id)
    recorded = dict(Attendance.objects.filter(seminar=seminar).values_list("advisor_id", "state"))
    answers = dict(Invitation.objects.filter(seminar=seminar).values_list("advisor_id", "status"))
    return [(advisor, recorded.get(advisor.pk, ""), answers.get(advisor.pk)) for advisor in advisors]


@seminar_staff_required
def attendance(request, pk):
    seminar = get_object_or_404(Seminar.objects.select_related("curriculum__call", "module"), pk=pk)
    rows = _attendance_rows(seminar)
    status = 200
    if request.method == "POST":
        valid = dict(ATTENDANCE_CHOICES)
        states = {
            advisor.pk: request.POST[f"state-{advisor.pk}"]
            for advisor, _state, _answer in rows
            if request.POST.get(f"state-{advisor.pk}") in valid
        }
        try:
            changed = services.record_attendance_sheet(seminar=seminar, states=states, by=request.user)
        except services.Refused as refused:
            messages.error(request, refused.message)
            # Nothing was saved; the choices made stay on the page.
            rows = [(advisor, states.get(advisor.pk, state), answer) for advisor, state, answer in rows]
            status = 400
        else:
            messages.success(request, _("Teilnahme gespeichert (%(count)s Änderungen).") % {"count": changed})
            return redirect("seminars:attendance", pk=seminar.pk)
    return render(
        request,
        "seminars/attendance_form.html",
        {"seminar": seminar, "rows": rows, "choices": ATTENDANCE_CHOICES},
        status=status,
    )


# What the matrix, its exports and the make-up form's options read of each advisor: `str(advisor)` needs no more.
MATRIX_ADVISOR_COLUMNS = ("pk", "first_name", "last_name", "erased_at")


def _matrix(curriculum):
    now = timezone.now()
    advisors = list(
        Advisor.objects.in_pool()
        .filter(call_id=curriculum.call_id)
        .only(*MATRIX_ADVISOR_COLUMNS)
        .order_by("last_name", "first_name")
    )
    modules, progress = progress_for(curriculum, [a.pk for a in advisors], now)
    rows = [
        {
            "advisor": advisor,
            "cells": [progress[advisor.pk].states[module.pk] for module in modules],
            "progress": progress[advisor.pk],
        }
        for advisor in advisors
    ]
    return modules, rows


def _table(modules, rows):
    yield [_("Name"), *[f"{m.number}. {m.title}" for m in modules], _("Module erfüllt"), _("qualifiziert")]
    for row in rows:
        progress = row["progress"]
        yield [
            str(row["advisor"]),
            *[str(ModuleState(cell).label) for cell in row["cells"]],
            progress.done,
            _("ja") if progress.qualified else _("nein"),
        ]


@seminar_staff_required
def matrix(request, curriculum_pk):
    curriculum = get_object_or_404(Curriculum.objects.select_related("call"), pk=curriculum_pk)
    modules, rows = _matrix(curriculum)
    export = request.GET.get("format")
    filename = f"qualifizierung-{curriculum.call.slug}"
    if export == "csv":
        return csv_response(_table(modules, rows), filename=f"{filename}.csv")
    if export == "xlsx":
        return xlsx_response(_table(modules, rows), filename=f"{filename}.xlsx", sheet_title=_("Qualifizierung"))
    return _render_matrix(request, curriculum, modules, rows)


def _render_matrix(request, curriculum, modules, rows, form=None, status=200):
    """The matrix and the make-up form: `form` is a bound form to show again; without one the empty form."""
    # Each state's symbol, label and class once a page, and each row as plain values: the template looked up
    # the progress object's attributes and translated a label per cell (issue #13).
    states = {
        state: {"symbol": SYMBOLS[state], "label": str(state.label), "code": state.value} for state in ModuleState
    }
    cells = [
        {
            "name": str(row["advisor"]),
            "done": row["progress"].done,
            "needed": row["progress"].needed,
            "qualified": row["progress"].qualified,
            "cells": [states[cell] for cell in row["cells"]],
        }
        for row in rows
    ]
    advisors = [row["advisor"] for row in rows]
    form_key = None
    if form is None:
        # The empty form is the same for everyone who opens this cohort's matrix: its fields are a fragment
        # keyed on the options they offer (decision 0110), and the form is built only when that is not cached.
        form_key = fragment_key(
            "seminars.catch_up_form", [(a.pk, str(a)) for a in advisors], [(m.pk, str(m)) for m in modules]
        )
        form = SimpleLazyObject(lambda: _offering(CatchUpForm(curriculum=curriculum), advisors, modules))
    else:
        _offering(form, advisors, modules)
    legend = [(state["symbol"], state["label"]) for state in states.values()]
    context = {
        "curriculum": curriculum,
        "modules": modules,
        "rows": cells,
        "legend": legend,
        "catch_up_form": form,
        "catch_up_form_key": form_key,
    }
    return render(request, "seminars/matrix.html", context, status=status)


def _offering(form, advisors, modules):
    form.offer(advisors=advisors, modules=modules)
    return form


@require_POST
@seminar_staff_required
def catch_up_create(request, curriculum_pk):
    curriculum = get_object_or_404(Curriculum, pk=curriculum_pk)
    form = CatchUpForm(request.POST, curriculum=curriculum)
    if form.is_valid():
        try:
            services.record_catch_up(by=request.user, **form.cleaned_data)
        except services.Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Die Nachholung ist erfasst."))
            return redirect("seminars:matrix", curriculum_pk=curriculum.pk)
    modules, rows = _matrix(curriculum)
    return _render_matrix(request, curriculum, modules, rows, form, status=400)
