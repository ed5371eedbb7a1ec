"""What consultations adds to the pool's roster and erasure (CONTRACTS §4): the "days and fees so far"
column, and the pseudonymisation of the claims accounting must keep."""

from decimal import Decimal

from django.db.models import DecimalField, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pool.advisor_erasure import register_erasure_hook
from pool.exceptions import Refused
from pool.roster import register_column

from .audit import record
from .choices import ClaimStatus
from .fees import DAY_MINUTES
from .models import BankAccount, FeeClaim, LogEntry


def annotate_fees(queryset):
    """The approved minutes and fees so far, from each advisor's running total (one join, not a sum of the log)."""
    return queryset.annotate(
        consultation_minutes=Coalesce(F("fee_total__minutes"), 0),
        consultation_fees=Coalesce(
            F("fee_total__fees"), Value(Decimal("0.00")), output_field=DecimalField(max_digits=12, decimal_places=2)
        ),
    )


def render_fees(advisor):
    days = (Decimal(advisor.consultation_minutes) / DAY_MINUTES).quantize(Decimal("0.1"))
    return _("%(days)s Tage, %(fees)s €") % {"days": days, "fees": advisor.consultation_fees}


def pseudonymise_claims(advisor, pseudonym):
    """Paid claims stay for the retention period under the pseudonym; drafts go; open claims stop the erasure."""
    if FeeClaim.objects.filter(advisor=advisor, status__in=[ClaimStatus.SUBMITTED, ClaimStatus.APPROVED]).exists():
        raise Refused(_("Es gibt noch eine offene Honorarabrechnung. Bitte erst bezahlen oder zurückgeben."))
    LogEntry.objects.filter(claim__advisor=advisor, claim__status=ClaimStatus.DRAFT).update(claim=None)
    FeeClaim.objects.filter(advisor=advisor, status=ClaimStatus.DRAFT).delete()
    now = timezone.now()
    for claim in FeeClaim.objects.filter(advisor=advisor, status=ClaimStatus.PAID):
        claim.advisor_name = claim.bank_holder = pseudonym
        claim.iban, claim.pseudonymised_at = "", now
        claim.save(update_fields=["advisor_name", "bank_holder", "iban", "pseudonymised_at"])
        record(actor=None, action="consultations.feeclaim.pseudonymised", obj=claim, data={})
    # Receipts and texts of the log describe the person's work in their words: the files go, the amounts stay.
    for entry in LogEntry.objects.filter(assignment__advisor=advisor).exclude(receipt=""):
        entry.receipt.delete(save=False)
        entry.receipt_name = ""
        entry.save(update_fields=["receipt", "receipt_name"])
    BankAccount.objects.filter(advisor=advisor).delete()


def register_hooks():
    register_column(
        key="consultations_fees",
        label=gettext_lazy("Tage und Honorare bisher"),
        annotate=annotate_fees,
        render=render_fees,
        order=40,
    )
    register_erasure_hook(pseudonymise_claims)
