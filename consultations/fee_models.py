"""The consultation log, fee rates, monthly fee claims, bank details, case reports and feedback (issue #12).

Imported at the end of `models.py` so Django finds these models in the app's models module.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pool.models import Advisor

from .choices import ActivityKind, ClaimStatus, EntryStatus, Outcome, RateBasis, Setting
from .fee_managers import FeeClaimQuerySet, FeedbackQuerySet, FeeRateQuerySet, LogEntryQuerySet


def receipt_path(instance, filename):
    # A random name: the uploaded file's own name never reaches the disk (the default storage is private).
    return f"consultations/receipts/{uuid.uuid4().hex}"


class FeeRate(models.Model):
    """One version of a rate. A version that priced an approved entry is never changed; staff add a new one
    with a later `valid_from`. Hour bands pay a flat amount for an activity up to `up_to_minutes`; the day
    rate pays per (started) day of DAY_MINUTES for anything longer than the longest band."""

    basis = models.CharField(_("Grundlage"), max_length=10, choices=RateBasis.choices)
    up_to_minutes = models.PositiveIntegerField(
        _("bis Minuten"), null=True, blank=True, help_text=_("nur bei Stundenbändern: Obergrenze des Bandes")
    )
    amount = models.DecimalField(_("Betrag (Euro)"), max_digits=8, decimal_places=2)
    valid_from = models.DateField(_("gültig ab"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    objects = FeeRateQuerySet.as_manager()

    class Meta:
        verbose_name = _("Honorarsatz")
        verbose_name_plural = _("Honorarsätze")
        ordering = ["basis", "up_to_minutes", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["basis", "up_to_minutes", "valid_from"], name="one_rate_version_per_day"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="rate_not_negative"),
        ]

    def __str__(self):
        if self.basis == RateBasis.DAY:
            label = _("Tagessatz")
        else:
            label = _("bis %(hours)s Std.") % {"hours": Decimal(self.up_to_minutes or 0) / 60}
        return f"{label}: {self.amount} € ({_('ab')} {self.valid_from:%d.%m.%Y})"


class FeeTotal(models.Model):
    """An advisor's approved log so far: minutes and fees, added by `approve_entry` in the same transaction.

    Approved entries are final, so the sums only ever grow by an approval. The roster's "days and fees so far"
    and the matching page's fairness column read this row instead of summing the whole log per advisor on
    every request (issue #13); `fee_services.recount_fee_totals` rebuilds it from the log."""

    advisor = models.OneToOneField(
        Advisor, on_delete=models.CASCADE, primary_key=True, related_name="fee_total", verbose_name=_("Berater*in")
    )
    minutes = models.PositiveIntegerField(_("Minuten freigegeben"), default=0)
    fees = models.DecimalField(_("Honorare freigegeben (Euro)"), max_digits=12, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = _("Summe der Freigaben")
        verbose_name_plural = _("Summen der Freigaben")

    def __str__(self):
        return f"{self.advisor_id}: {self.minutes} min, {self.fees} €"


class BankAccount(models.Model):
    """Where an advisor's fees go. Printed in full only on the accounting copy of a claim."""

    advisor = models.OneToOneField(
        Advisor, on_delete=models.CASCADE, related_name="bank_account", verbose_name=_("Berater*in")
    )
    holder = models.CharField(_("Kontoinhaber*in"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("Bankverbindung")
        verbose_name_plural = _("Bankverbindungen")

    def __str__(self):
        return _("Bankverbindung #%(pk)s") % {"pk": self.pk}


class FeeClaim(models.Model):
    """An advisor's monthly claim: the approved entries up to the end of `month` not claimed before.

    `advisor_name`, `bank_holder` and `iban` are copies taken when the claim is submitted: accounting must
    keep paid claims for the retention period, and an erased advisor's copies become the pseudonym.
    """

    TRANSITIONS = {
        ClaimStatus.DRAFT: {ClaimStatus.SUBMITTED},
        ClaimStatus.SUBMITTED: {ClaimStatus.APPROVED, ClaimStatus.DRAFT},
        ClaimStatus.APPROVED: {ClaimStatus.PAID},
    }

    advisor = models.ForeignKey(
        Advisor, on_delete=models.PROTECT, related_name="fee_claims", verbose_name=_("Berater*in")
    )
    month = models.DateField(_("Monat"), help_text=_("der Erste des Monats"))
    status = models.CharField(_("Status"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.DRAFT)
    total = models.DecimalField(_("Summe (Euro)"), max_digits=10, decimal_places=2, default=Decimal("0.00"))
    advisor_name = models.CharField(_("Name der Berater*in"), max_length=200, blank=True)
    bank_holder = models.CharField(_("Kontoinhaber*in"), max_length=200, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    staff_comment = models.TextField(_("Anmerkung des Programmteams"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    submitted_at = models.DateTimeField(_("eingereicht am"), null=True, blank=True)
    approved_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geprüft von"),
    )
    paid_at = models.DateTimeField(_("bezahlt am"), null=True, blank=True)
    pseudonymised_at = models.DateTimeField(_("pseudonymisiert am"), null=True, blank=True)

    objects = FeeClaimQuerySet.as_manager()

    class Meta:
        verbose_name = _("Honorarabrechnung")
        verbose_name_plural = _("Honorarabrechnungen")
        ordering = ["-month", "pk"]
        constraints = [models.UniqueConstraint(fields=["advisor", "month"], name="one_claim_per_advisor_and_month")]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"H-{self.month:%Y-%m}-{self.pk or 0:04d}"

    @property
    def is_editable(self) -> bool:
        return self.status == ClaimStatus.DRAFT

    def can_move_to(self, status) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


class LogEntry(models.Model):
    """One activity of one advisor on one case. Both advisors of a tandem read the case's entries; each
    writes only their own. `fee` and `rate` are set when staff approve it, from the rate valid on `date`."""

    assignment = models.ForeignKey(
        "consultations.Assignment", on_delete=models.PROTECT, related_name="log_entries", verbose_name=_("Einsatz")
    )
    date = models.DateField(_("Datum"))
    kind = models.CharField(_("Art"), max_length=20, choices=ActivityKind.choices)
    duration_minutes = models.PositiveIntegerField(
        _("Dauer (Minuten)"), validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 60)]
    )
    setting = models.CharField(_("vor Ort oder online"), max_length=10, choices=Setting.choices)
    participants = models.PositiveIntegerField(_("Teilnehmende"), default=0)
    summary = models.TextField(_("Zusammenfassung"))
    next_steps = models.TextField(_("vereinbarte nächste Schritte"), blank=True)
    travel_costs = models.DecimalField(_("Reisekosten (Euro)"), max_digits=8, decimal_places=2, default=Decimal("0.00"))
    receipt = models.FileField(_("Beleg"), upload_to=receipt_path, blank=True)
    receipt_name = models.CharField(_("Dateiname des Belegs"), max_length=200, blank=True)
    status = models.CharField(_("Status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.PENDING)
    return_comment = models.TextField(_("Kommentar bei Rückgabe"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("geprüft von"),
    )
    reviewed_at = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    rate = models.ForeignKey(
        FeeRate, on_delete=models.PROTECT, null=True, blank=True, related_name="entries", verbose_name=_("Satz")
    )
    fee = models.DecimalField(_("Honorar (Euro)"), max_digits=8, decimal_places=2, null=True, blank=True)
    claim = models.ForeignKey(
        FeeClaim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("Abrechnung"),
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), default=timezone.now)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Beratungsprotokoll")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(travel_costs__gte=0), name="travel_costs_not_negative"),
        ]
        indexes = [
            # An advisor's entries of one status (the portal's returned and pending ones) through their
            # assignments, not a scan of every advisor's entries.
            models.Index(fields=["assignment", "status"], name="logentry_assignment_status_idx"),
            # The staff queue: the waiting entries in its order, a page at a time, and their count, without
            # reading the approved years of the log (issue #13).
            models.Index(
                fields=["date", "id"], condition=models.Q(status=EntryStatus.PENDING), name="logentry_waiting"
            ),
        ]

    def __str__(self):
        return _("Eintrag #%(pk)s") % {"pk": self.pk}

    # Django's own get_FOO_display builds a dict from every choice's lazy label on each call, translating all of
    # them; the staff queue shows both for each of its rows (issue #13). The enum finds the one label.
    def get_kind_display(self):
        return ActivityKind(self.kind).label if self.kind in ActivityKind.values else self.kind

    def get_setting_display(self):
        return Setting(self.setting).label if self.setting in Setting.values else self.setting

    @property
    def is_editable(self) -> bool:
        return self.status in (EntryStatus.PENDING, EntryStatus.RETURNED)

    @property
    def amount(self) -> Decimal:
        """What the entry adds to a claim: its fee and its travel costs."""
        return (self.fee or Decimal("0.00")) + self.travel_costs


class CaseReport(models.Model):
    """The advisors' short report when a case is completed; `outcome` counts the case in the funnel."""

    request = models.OneToOneField(
        "consultations.ConsultationRequest",
        on_delete=models.CASCADE,
        related_name="case_report",
        verbose_name=_("Anfrage"),
    )
    outcome = models.CharField(_("Abgeschlossen als"), max_length=20, choices=Outcome.choices)
    what_was_done = models.TextField(_("Was wurde gemacht?"))
    next_plans = models.TextField(_("Was plant die Kommune als Nächstes?"))
    written_by = models.ForeignKey(
        Advisor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("verfasst von")
    )
    completed_at = models.DateTimeField(_("abgeschlossen am"), default=timezone.now)

    class Meta:
        verbose_name = _("Abschlussbericht")
        verbose_name_plural = _("Abschlussberichte")

    def __str__(self):
        return _("Abschlussbericht #%(pk)s") % {"pk": self.pk}


class Feedback(models.Model):
    """The municipality's survey after completion, answered on its private request page."""

    request = models.OneToOneField(
        "consultations.ConsultationRequest",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("Anfrage"),
    )
    asked_at = models.DateTimeField(_("angefragt am"), default=timezone.now)
    rating = models.PositiveSmallIntegerField(
        _("Bewertung"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("Rückmeldung"), blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("Rückmeldung der Kommune")
        verbose_name_plural = _("Rückmeldungen der Kommunen")
        ordering = ["-asked_at"]

    def __str__(self):
        return _("Rückmeldung #%(pk)s") % {"pk": self.pk}
