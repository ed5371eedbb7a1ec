"""The consultation log, rates, monthly claims, completion and feedback (issue #12).

Keyword-only, atomic services; each records its audit entry. Status moves go through the models' transition
tables under select_for_update(), so two staff members pressing the same button change it once.
"""

import calendar
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from miglobe.core.outbox import format_address, queue_email

from . import fees
from .audit import record
from .choices import AssignmentStatus, ClaimStatus, EntryStatus, Outcome, Stage
from .links import request_url
from .models import Assignment, CaseReport, ConsultationRequest, FeeClaim, Feedback, FeeRate, FeeTotal, LogEntry
from .services import Refused, move_request

ENTRY_FIELDS = (
    "date",
    "kind",
    "duration_minutes",
    "setting",
    "participants",
    "summary",
    "next_steps",
    "travel_costs",
)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


# --- the log ---------------------------------------------------------------------------------------------


def _check_assignment(assignment, advisor):
    if assignment.advisor_id != advisor.pk or assignment.status != AssignmentStatus.ACCEPTED:
        raise Refused(_("Sie können nur zu Einsätzen schreiben, die Sie zugesagt haben."))


def log_activity(*, assignment, advisor, data: dict, receipt=None) -> LogEntry:
    """The advisor logs an activity of their own accepted assignment."""
    _check_assignment(assignment, advisor)
    with transaction.atomic():
        entry = LogEntry(assignment=assignment, **{name: data[name] for name in ENTRY_FIELDS})
        if receipt is not None:
            entry.receipt, entry.receipt_name = receipt, receipt.name[:200]
        entry.save()
        record(
            actor=advisor.user,
            action="consultations.logentry.created",
            obj=entry,
            data={"assignment": assignment.pk, "kind": entry.kind, "minutes": entry.duration_minutes},
        )
    return entry


def update_activity(*, entry, advisor, data: dict, receipt=None, now=None) -> LogEntry:
    """Change an entry of one's own until staff approve it; a returned entry goes back to the queue."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = LogEntry.objects.select_for_update().select_related("assignment").get(pk=entry.pk)
        if locked.assignment.advisor_id != advisor.pk:
            raise Refused(_("Sie können nur Ihre eigenen Einträge ändern."))
        if not locked.is_editable:
            raise Refused(_("Ein freigegebener Eintrag kann nicht mehr geändert werden."))
        for name in ENTRY_FIELDS:
            setattr(locked, name, data[name])
        fields = [*ENTRY_FIELDS, "status", "updated_at"]
        if receipt is not None:
            locked.receipt, locked.receipt_name = receipt, receipt.name[:200]
            fields += ["receipt", "receipt_name"]
        locked.status = EntryStatus.PENDING
        locked.updated_at = now
        locked.save(update_fields=fields)
        record(actor=advisor.user, action="consultations.logentry.changed", obj=locked, data={})
    return locked


def approve_entry(*, entry, by, now=None) -> LogEntry:
    """Staff approve: the entry is priced with the rates valid on its date and is final from now on."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = LogEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != EntryStatus.PENDING:
            raise Refused(_("Nur Einträge, die auf Freigabe warten, können freigegeben werden."))
        try:
            priced = fees.price(kind=locked.kind, minutes=locked.duration_minutes, day=locked.date)
        except fees.NoRate:
            raise Refused(
                _("Für den %(date)s ist kein Honorarsatz hinterlegt.") % {"date": f"{locked.date:%d.%m.%Y}"}
            ) from None
        locked.status, locked.reviewed_by, locked.reviewed_at = EntryStatus.APPROVED, by, now
        locked.rate, locked.fee, locked.return_comment = priced.rate, priced.fee, ""
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "rate", "fee", "return_comment"])
        _add_to_total(locked)
        record(
            actor=by,
            action="consultations.logentry.approved",
            obj=locked,
            data={"fee": str(priced.fee), "rate": priced.rate.pk if priced.rate else None},
        )
    return locked


def _add_to_total(entry):
    advisor_id = Assignment.objects.filter(pk=entry.assignment_id).values_list("advisor_id", flat=True).get()
    FeeTotal.objects.get_or_create(advisor_id=advisor_id)  # the row first, then an increment no one can lose
    FeeTotal.objects.filter(advisor_id=advisor_id).update(
        minutes=F("minutes") + entry.duration_minutes, fees=F("fees") + (entry.fee or Decimal("0"))
    )


def recount_fee_totals() -> int:
    """Every advisor's approved minutes and fees summed from the log anew (after bulk loads: seed_bench, imports)."""
    sums = (
        LogEntry.objects.filter(status=EntryStatus.APPROVED)
        .order_by()
        .values("assignment__advisor_id")
        .annotate(minutes=Sum("duration_minutes"), fees=Sum("fee"))
    )
    with transaction.atomic():
        FeeTotal.objects.all().delete()
        FeeTotal.objects.bulk_create(
            FeeTotal(advisor_id=row["assignment__advisor_id"], minutes=row["minutes"], fees=row["fees"] or 0)
            for row in sums
        )
    return len(sums)


def return_entry(*, entry, by, comment: str, now=None) -> LogEntry:
    now = now or timezone.now()
    if not comment.strip():
        raise Refused(_("Bitte schreiben Sie dazu, was geändert werden soll."))
    with transaction.atomic():
        locked = LogEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != EntryStatus.PENDING:
            raise Refused(_("Nur Einträge, die auf Freigabe warten, können zurückgegeben werden."))
        locked.status, locked.reviewed_by, locked.reviewed_at = EntryStatus.RETURNED, by, now
        locked.return_comment = comment.strip()
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "return_comment"])
        record(actor=by, action="consultations.logentry.returned", obj=locked, data={"comment": locked.return_comment})
    return locked


# --- rates -----------------------------------------------------------------------------------------------


def add_rate(*, basis, up_to_minutes, amount: Decimal, valid_from: date, by) -> FeeRate:
    """A new rate or a new version of one: the old version keeps pricing the entries before `valid_from`."""
    with transaction.atomic():
        rate = FeeRate.objects.create(
            basis=basis, up_to_minutes=up_to_minutes, amount=amount, valid_from=valid_from, created_by=by
        )
        record(
            actor=by,
            action="consultations.feerate.added",
            obj=rate,
            data={"basis": basis, "up_to_minutes": up_to_minutes, "amount": str(amount), "from": valid_from},
        )
    return rate


def rate_is_used(rate) -> bool:
    return LogEntry.objects.filter(rate=rate).exists()


def change_rate(*, rate, amount: Decimal, by) -> FeeRate:
    """Correct a rate that has not priced anything yet; a used one is refused (add a new version)."""
    with transaction.atomic():
        locked = FeeRate.objects.select_for_update().get(pk=rate.pk)
        if rate_is_used(locked):
            raise Refused(_("Dieser Satz wurde schon abgerechnet. Legen Sie eine neue Fassung mit neuem Datum an."))
        old, locked.amount = locked.amount, amount
        locked.save(update_fields=["amount"])
        record(actor=by, action="consultations.feerate.changed", obj=locked, data={"from": str(old), "to": str(amount)})
    return locked


# --- claims ----------------------------------------------------------------------------------------------


def prepare_claim(*, advisor, month: date, now=None) -> FeeClaim | None:
    """The draft claim of `month`: every approved, unclaimed entry up to the month's end (late approvals of an
    earlier month come along). None when there is nothing to claim. A submitted claim is left as it is."""
    now = now or timezone.now()
    month = month_start(month)
    with transaction.atomic():
        entries = LogEntry.objects.filter(assignment__advisor=advisor).unclaimed_until(month_end(month))
        claim = FeeClaim.objects.select_for_update().filter(advisor=advisor, month=month).first()
        if claim is None:
            if not entries.exists():
                return None
            claim = FeeClaim.objects.create(advisor=advisor, month=month, created_at=now)
            record(actor=None, action="consultations.feeclaim.created", obj=claim, data={"month": month})
        if not claim.is_editable:
            return claim
        entries.update(claim=claim)
        claim.total = fees.total(claim.entries.all())
        claim.save(update_fields=["total"])
    return claim


def _move_claim(claim, to_status, *, check=None):
    locked = FeeClaim.objects.select_for_update().get(pk=claim.pk)
    if check:
        check(locked)
    if not locked.can_move_to(to_status):
        raise Refused(
            _("Eine Abrechnung im Status „%(current)s“ kann nicht „%(target)s“ werden.")
            % {"current": locked.get_status_display(), "target": ClaimStatus(to_status).label}
        )
    locked.status = to_status
    return locked


def submit_claim(*, claim, advisor, now=None) -> FeeClaim:
    now = now or timezone.now()

    def own(locked):
        if locked.advisor_id != advisor.pk:
            raise Refused(_("Das ist nicht Ihre Abrechnung."))

    with transaction.atomic():
        locked = _move_claim(claim, ClaimStatus.SUBMITTED, check=own)
        if not locked.entries.exists():
            raise Refused(_("Diese Abrechnung enthält keine Einträge."))
        account = getattr(advisor, "bank_account", None)
        if account is None:
            raise Refused(_("Bitte hinterlegen Sie zuerst Ihre Bankverbindung."))
        locked.submitted_at = now
        locked.total = fees.total(locked.entries.all())
        locked.advisor_name, locked.bank_holder, locked.iban = advisor.full_name, account.holder, account.iban
        locked.save(update_fields=["status", "submitted_at", "total", "advisor_name", "bank_holder", "iban"])
        record(
            actor=advisor.user, action="consultations.feeclaim.submitted", obj=locked, data={"total": str(locked.total)}
        )
    return locked


def approve_claim(*, claim, by, now=None) -> FeeClaim:
    now = now or timezone.now()
    with transaction.atomic():
        locked = _move_claim(claim, ClaimStatus.APPROVED)
        locked.approved_at, locked.approved_by = now, by
        locked.save(update_fields=["status", "approved_at", "approved_by"])
        record(actor=by, action="consultations.feeclaim.approved", obj=locked, data={"total": str(locked.total)})
    return locked


def reopen_claim(*, claim, by, comment: str) -> FeeClaim:
    """Staff send a submitted claim back to the advisor as a draft, with what to change."""
    with transaction.atomic():
        locked = _move_claim(claim, ClaimStatus.DRAFT)
        locked.staff_comment, locked.submitted_at = comment, None
        locked.save(update_fields=["status", "staff_comment", "submitted_at"])
        record(actor=by, action="consultations.feeclaim.reopened", obj=locked, data={"comment": comment})
    return locked


def mark_claim_paid(*, claim, by, now=None) -> FeeClaim:
    now = now or timezone.now()
    with transaction.atomic():
        locked = _move_claim(claim, ClaimStatus.PAID)
        locked.paid_at = now
        locked.save(update_fields=["status", "paid_at"])
        record(actor=by, action="consultations.feeclaim.paid", obj=locked, data={"total": str(locked.total)})
    return locked


# --- completion and feedback -----------------------------------------------------------------------------


def complete_case(*, consultation, advisor, outcome, what_was_done: str, next_plans: str, now=None) -> CaseReport:
    """An advisor of the case writes the report and completes it; the municipality is asked for feedback."""
    now = now or timezone.now()
    outcome = Outcome(outcome)
    if not Assignment.objects.filter(request=consultation, advisor=advisor, status=AssignmentStatus.ACCEPTED).exists():
        raise Refused(_("Nur die Berater*innen des Falls können ihn abschließen."))
    if not what_was_done.strip() or not next_plans.strip():
        raise Refused(_("Bitte beschreiben Sie, was gemacht wurde und was die Kommune als Nächstes plant."))
    with transaction.atomic():
        locked = ConsultationRequest.objects.select_for_update().get(pk=consultation.pk)
        expected = Stage.DIALOGFORUM_HELD if outcome == Outcome.DIALOGFORUM_ONLY else Stage.BERATUNG_RUNNING
        if locked.stage != expected:
            raise Refused(
                _("„%(outcome)s“ passt nicht zum Stand „%(stage)s“.")
                % {"outcome": outcome.label, "stage": locked.get_stage_display()}
            )
        report = CaseReport.objects.create(
            request=locked,
            outcome=outcome,
            what_was_done=what_was_done,
            next_plans=next_plans,
            written_by=advisor,
            completed_at=now,
        )
        move_request(consultation=locked, to_stage=Stage.COMPLETED, by=advisor.user, reason=outcome.label, now=now)
        record(actor=advisor.user, action="consultations.casereport.written", obj=report, data={"outcome": outcome})
        feedback = Feedback.objects.create(request=locked, asked_at=now)
        queue_email(
            to=format_address(locked.contact_name, locked.email),
            template="consultations/feedback_request",
            context={"consultation": locked, "link": request_url(locked)},
            language=locked.language,
            related_object=feedback,
            confidential=True,
        )
    return report


def give_feedback(*, consultation, rating: int, text: str, now=None) -> Feedback:
    """The municipality answers on its private page (no account behind it), once."""
    now = now or timezone.now()
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().filter(request=consultation).first()
        if feedback is None:
            raise Refused(_("Für diese Anfrage ist keine Rückmeldung vorgesehen."))
        if feedback.answered_at is not None:
            raise Refused(_("Vielen Dank, Ihre Rückmeldung liegt uns schon vor."))
        if rating not in range(1, 6):
            raise Refused(_("Bitte wählen Sie eine Bewertung von 1 bis 5."))
        feedback.rating, feedback.text, feedback.answered_at = rating, text, now
        feedback.save(update_fields=["rating", "text", "answered_at"])
        record(actor=None, action="consultations.feedback.given", obj=feedback, data={"rating": rating})
    return feedback
