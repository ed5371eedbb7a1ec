"""The advisor's side of issue #12: the case's log, own entries, receipts, the monthly claim, the bank details
and the completion of a case. Every view checks that the object is the advisor's own (permissions.py)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from miglobe.core.admin_lists import short_date
from miglobe.core.labels import choice_labels
from miglobe.core.private_files import private_file_response
from miglobe.core.reversing import pk_url
from miglobe.core.templatetags.fragments import fragment_key
from pool.portal import advisor_required, portal_advisor

from . import fee_services
from .audit import record
from .choices import EDITABLE_ENTRY_STATUSES, ActivityKind, AssignmentStatus, EntryStatus, Setting, Stage
from .claim_exports import claim_pdf, mask_iban
from .fee_forms import BankAccountForm, CompletionForm, LogEntryForm, receipt_type
from .models import Assignment, BankAccount, FeeClaim, LogEntry
from .permissions import advisor_sees_claim, advisor_sees_receipt, can_manage_requests
from .services import Refused

COMPLETABLE = {Stage.DIALOGFORUM_HELD, Stage.BERATUNG_RUNNING}
# What the case's table shows of an entry, in this order.
ENTRY_COLUMNS = (
    "pk",
    "assignment_id",
    "date",
    "kind",
    "duration_minutes",
    "setting",
    "participants",
    "status",
    "return_comment",
    "summary",
    "next_steps",
    "receipt",
    "assignment__advisor__first_name",
    "assignment__advisor__last_name",
)


def _accepted_assignment(request, pk):
    return get_object_or_404(
        Assignment.objects.select_related("request__municipality"),
        pk=pk,
        advisor=request.advisor,
        status=AssignmentStatus.ACCEPTED,
    )


def _case_entries(consultation, assignment):
    """The case's entries as rows of ready values: labels, the author's name, the date and, for the advisor's
    own, their links – looked up once for the table instead of a `get_*_display`, a `{% url %}` and a
    `{% blocktranslate %}` a row, and without a model instance per entry, its assignment and its advisor
    (issue #13)."""
    kinds, settings_, statuses = (choice_labels(choices) for choices in (ActivityKind, Setting, EntryStatus))
    edit_url, receipt_url = pk_url("consultations:entry_edit"), pk_url("consultations:receipt")
    edit_label = _("Eintrag vom %(date)s bearbeiten")
    rows = []
    for (
        pk, assignment_id, day, kind, minutes, setting, participants, status, return_comment, summary, next_steps,
        receipt, first_name, last_name,
    ) in LogEntry.objects.of_case(consultation).order_by("-date", "-pk").values_list(*ENTRY_COLUMNS):  # fmt: skip
        own = assignment_id == assignment.pk
        editable = own and status in EDITABLE_ENTRY_STATUSES
        shown_date = short_date(day)  # the language's short format, as the staff tables
        rows.append(
            {
                "date": shown_date,
                "kind": kinds.get(kind, kind),
                "duration_minutes": minutes,
                "setting": settings_.get(setting, setting),
                "participants": participants,
                "author": f"{first_name} {last_name}".strip(),  # as Advisor.full_name
                "status": statuses.get(status, status),
                "returned": status == EntryStatus.RETURNED,
                "return_comment": return_comment,
                "summary": summary,
                "next_steps": next_steps,
                "edit_url": edit_url(pk) if editable else "",
                "edit_label": edit_label % {"date": shown_date} if editable else "",
                "receipt_url": receipt_url(pk) if own and receipt else "",
            }
        )
    return rows


def _log_page(request, assignment, form=None, *, status=200):
    """The case's log with the form for a new entry: `form` is the bound one of a refused POST, else None.

    The empty forms (a new entry dated today, the completion report) are the same for every advisor and come
    from the fragment cache (`{% cached_fragment %}`, decision 0110): their keys name what they show besides
    code – the day the new entry is dated – and the form objects are built only when a fragment is rendered.
    A bound form has no key: it shows what was typed and its errors."""
    consultation = assignment.request
    today = timezone.localdate()
    completable = consultation.stage in COMPLETABLE
    return render(
        request,
        "consultations/portal/log.html",
        {
            "assignment": assignment,
            "consultation": consultation,
            "entries": _case_entries(consultation, assignment),
            "form": form or SimpleLazyObject(lambda: LogEntryForm(initial={"date": today})),
            "form_key": "" if form else fragment_key("consultations.log_entry_form", today),
            "completion_form": SimpleLazyObject(CompletionForm) if completable else None,
            "completion_key": fragment_key("consultations.completion_form") if completable else "",
        },
        status=status,
    )


@advisor_required
def case_log(request, pk):
    assignment = _accepted_assignment(request, pk)
    if request.method != "POST":
        return _log_page(request, assignment)
    form = LogEntryForm(request.POST, request.FILES)
    if not form.is_valid():
        return _log_page(request, assignment, form, status=400)
    try:
        fee_services.log_activity(
            assignment=assignment, advisor=request.advisor, data=form.cleaned_data, receipt=form.cleaned_data["receipt"]
        )
    except Refused as exc:
        messages.error(request, exc.message)
        return _log_page(request, assignment, form, status=400)
    messages.success(request, _("Der Eintrag ist gespeichert und wartet auf Freigabe."))
    return redirect("consultations:case_log", pk=pk)


@advisor_required
def entry_edit(request, pk):
    entry = get_object_or_404(
        LogEntry.objects.select_related("assignment__request__municipality"), pk=pk, assignment__advisor=request.advisor
    )
    form = LogEntryForm(request.POST or None, request.FILES or None, instance=entry)
    if request.method == "POST" and entry.is_editable and form.is_valid():
        try:
            fee_services.update_activity(
                entry=entry, advisor=request.advisor, data=form.cleaned_data, receipt=form.cleaned_data["receipt"]
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Der Eintrag ist geändert und wartet auf Freigabe."))
            return redirect("consultations:case_log", pk=entry.assignment_id)
    if not entry.is_editable:
        messages.info(request, _("Ein freigegebener Eintrag kann nicht mehr geändert werden."))
    return render(request, "consultations/portal/entry_edit.html", {"entry": entry, "form": form})


def receipt(request, pk):
    """The receipt of an entry: for the advisor who logged it and for staff, nobody else."""
    entry = get_object_or_404(LogEntry.objects.select_related("assignment__advisor"), pk=pk)
    if not entry.receipt or not advisor_sees_receipt(request.user, entry):
        raise Http404
    content_type = receipt_type(entry.receipt.open("rb")) or "application/octet-stream"
    return private_file_response(entry.receipt, download_name=f"beleg-{entry.pk}", content_type=content_type)


@advisor_required
def claim_detail(request, pk):
    claim = get_object_or_404(FeeClaim, pk=pk)
    if not advisor_sees_claim(request.advisor, claim):
        raise Http404
    return render(
        request,
        "consultations/portal/claim_detail.html",
        {
            "claim": claim,
            "entries": claim.entries.select_related("assignment__request").order_by("date", "pk"),
            "masked_iban": mask_iban(claim.iban),
            "has_bank_account": BankAccount.objects.filter(advisor=request.advisor).exists(),
        },
    )


@advisor_required
@require_POST
def claim_prepare(request):
    claim = fee_services.prepare_claim(advisor=request.advisor, month=timezone.localdate())
    if claim is None:
        messages.info(request, _("Es gibt noch keine freigegebenen Einträge abzurechnen."))
        return redirect("portal:home")
    return redirect("consultations:claim_detail", pk=claim.pk)


@advisor_required
@require_POST
def claim_submit(request, pk):
    claim = get_object_or_404(FeeClaim, pk=pk)
    if not advisor_sees_claim(request.advisor, claim):
        raise Http404
    try:
        fee_services.submit_claim(claim=claim, advisor=request.advisor)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Ihre Abrechnung ist eingereicht."))
    return redirect("consultations:claim_detail", pk=pk)


def claim_pdf_view(request, pk):
    """The advisor's own copy (IBAN masked); staff may ask for the accounting copy with ?copy=accounting."""
    claim = get_object_or_404(FeeClaim.objects.select_related("advisor"), pk=pk)
    staff = can_manage_requests(request.user)
    advisor = portal_advisor(request.user)
    if not staff and (advisor is None or not advisor_sees_claim(advisor, claim)):
        raise Http404
    accounting = staff and request.GET.get("copy") == "accounting"
    entries = list(claim.entries.select_related("assignment__request").order_by("date", "pk"))
    response = HttpResponse(claim_pdf(claim, entries, accounting_copy=accounting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{claim.number}.pdf"'
    return response


@advisor_required
def bank_account(request):
    account = BankAccount.objects.filter(advisor=request.advisor).first() or BankAccount(advisor=request.advisor)
    form = BankAccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(actor=request.user, action="consultations.bankaccount.saved", obj=form.instance, data={})
        messages.success(request, _("Ihre Bankverbindung ist gespeichert."))
        return redirect("portal:home")
    return render(request, "consultations/portal/bank_account.html", {"form": form})


@advisor_required
@require_POST
def case_complete(request, pk):
    assignment = _accepted_assignment(request, pk)
    form = CompletionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte füllen Sie den Abschlussbericht vollständig aus."))
        return redirect("consultations:case_log", pk=pk)
    try:
        fee_services.complete_case(consultation=assignment.request, advisor=request.advisor, **form.cleaned_data)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Der Fall ist abgeschlossen. Die Kommune wird um eine Rückmeldung gebeten."))
    return redirect("consultations:case_log", pk=pk)
