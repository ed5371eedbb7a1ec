"""Consultations: the official municipality directory, requests from municipalities, matching and assignments."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pool.models import Advisor, Topic

from .choices import (
    CITY_KREIS_TYPES,
    CLOSED_STAGES,
    UNINCORPORATED_TYPES,
    AreaType,
    AssignmentStatus,
    Format,
    Level,
    Stage,
    TieKind,
)
from .managers import AssignmentQuerySet, ConsultationRequestQuerySet, MunicipalityQuerySet


def request_number(pk, created_at) -> str:
    """A request's number as staff and municipalities quote it: "B-2027-0042" (the year it came in, its id)."""
    return f"B-{created_at:%Y}-{pk:04d}" if pk else "–"


def short_name(name: str) -> str:
    """A municipality's name without its official suffix: "Eberbach, Stadt" → "Eberbach"."""
    return name.split(",")[0].strip()


class Municipality(models.Model):
    """One unit of the Destatis directory GV100AD: a Land, Regierungsbezirk, Region, Kreis or Gemeinde.

    `key` is the unit's official key as a string with its leading zeros: 2 digits for a Land, 3 for a
    Regierungsbezirk, 4 for a Region (only Baden-Württemberg has them), 5 for a Kreis (the Kreisschlüssel) and
    8 for a Gemeinde (the AGS). The parent keys are stored beside it so that "same Kreis / Region /
    Regierungsbezirk" is a plain comparison. A unit that a later import no longer lists stays (requests point
    to it) with `in_directory` off.
    """

    key = models.CharField(_("Schlüssel"), max_length=8, unique=True)
    level = models.CharField(_("Ebene"), max_length=10, choices=Level.choices)
    area_type = models.CharField(_("Art"), max_length=2, choices=AreaType.choices, blank=True)
    name = models.CharField(_("amtlicher Name"), max_length=50)
    land_key = models.CharField(_("Land"), max_length=2, db_index=True)
    rb_key = models.CharField(_("Regierungsbezirk"), max_length=3, blank=True, db_index=True)
    region_key = models.CharField(_("Region"), max_length=4, blank=True, db_index=True)
    kreis_key = models.CharField(_("Kreis"), max_length=5, blank=True, db_index=True)
    population = models.PositiveIntegerField(_("Einwohner*innen"), null=True, blank=True)
    gebietsstand = models.DateField(_("Gebietsstand"))
    in_directory = models.BooleanField(_("im aktuellen Verzeichnis"), default=True)
    updated_at = models.DateTimeField(_("aktualisiert am"), auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gebietseinheit")
        verbose_name_plural = _("Gemeindeverzeichnis")
        ordering = ["key"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self):
        return f"{self.name} ({self.key})"

    @property
    def short_name(self) -> str:
        """The name without its official suffix: "Eberbach, Stadt" → "Eberbach"."""
        return short_name(self.name)

    @property
    def is_requestable(self) -> bool:
        """A current Gemeinde, Stadt or Kreis may ask for advice; a gemeindefreies Gebiet has nobody who could.
        `MunicipalityQuerySet.requestable()` asks the same in SQL (a test compares them row by row)."""
        if not self.in_directory:
            return False
        if self.level == Level.KREIS:
            return self.area_type not in CITY_KREIS_TYPES  # the city asks as its Gemeinde
        return self.level == Level.GEMEINDE and self.area_type not in UNINCORPORATED_TYPES


class MunicipalityChange(models.Model):
    """What an import changed on a unit: its name or type. Kept so a renamed municipality stays recognisable."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="changes", verbose_name=_("Kommune")
    )
    gebietsstand = models.DateField(_("Gebietsstand"))
    old_name = models.CharField(_("bisheriger Name"), max_length=50)
    new_name = models.CharField(_("neuer Name"), max_length=50)
    old_type = models.CharField(_("bisherige Art"), max_length=2, choices=AreaType.choices, blank=True)
    new_type = models.CharField(_("neue Art"), max_length=2, choices=AreaType.choices, blank=True)
    recorded_at = models.DateTimeField(_("eingelesen am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Änderung im Gemeindeverzeichnis")
        verbose_name_plural = _("Änderungen im Gemeindeverzeichnis")
        ordering = ["municipality", "recorded_at"]

    def __str__(self):
        return f"{self.municipality.key}: {self.old_name} → {self.new_name}"


class ConsultationRequest(models.Model):
    """A municipality's request for advice, followed through its stages (TRANSITIONS) by staff."""

    TRANSITIONS = {
        Stage.RECEIVED: {Stage.IN_REVIEW, Stage.NOT_PURSUED, Stage.WITHDRAWN},
        Stage.IN_REVIEW: {Stage.ADVISORS_PROPOSED, Stage.NOT_PURSUED, Stage.WITHDRAWN},
        # Back to review when every proposed advisor declined.
        Stage.ADVISORS_PROPOSED: {Stage.DIALOGFORUM_AGREED, Stage.IN_REVIEW, Stage.NOT_PURSUED, Stage.WITHDRAWN},
        Stage.DIALOGFORUM_AGREED: {Stage.DIALOGFORUM_HELD, Stage.NOT_PURSUED, Stage.WITHDRAWN},
        # After the first meeting the municipality decides whether a Beratung follows; a case may also be
        # completed as "Dialogforum only" (issue #12), which the funnel figures count apart.
        Stage.DIALOGFORUM_HELD: {Stage.BERATUNG_RUNNING, Stage.COMPLETED, Stage.NOT_PURSUED, Stage.WITHDRAWN},
        Stage.BERATUNG_RUNNING: {Stage.COMPLETED, Stage.WITHDRAWN},
    }

    public_id = models.UUIDField(_("öffentliche Kennung"), default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="requests", verbose_name=_("Kommune")
    )
    office = models.CharField(_("Amt oder Stelle"), max_length=200)
    contact_name = models.CharField(_("Ansprechperson"), max_length=200)
    contact_role = models.CharField(_("Funktion der Ansprechperson"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("Themenfelder"), blank=True, related_name="requests")
    situation = models.TextField(_("Ausgangslage"))
    goals = models.TextField(_("Ziele"))
    desired_format = models.CharField(_("gewünschtes Format"), max_length=20, choices=Format.choices)
    preferred_period = models.CharField(_("gewünschter Zeitraum"), max_length=200, blank=True)
    communities = models.CharField(
        _("Sprachen oder Communities von Interesse"),
        max_length=300,
        blank=True,
        help_text=_("z. B. Arabisch, Türkisch"),
    )
    language = models.CharField(_("Sprache für E-Mails"), max_length=8, choices=settings.LANGUAGES, default="de")
    privacy_consent_at = models.DateTimeField(_("Einwilligung Datenschutz am"))
    stage = models.CharField(_("Stand"), max_length=20, choices=Stage.choices, default=Stage.RECEIVED)
    stage_changed_at = models.DateTimeField(_("Stand geändert am"), default=timezone.now)
    # The form's single-use start token and a fingerprint of what was sent: a double click or a reload of the
    # same form finds the request it already made instead of filing a second one.
    submission_token = models.CharField(
        _("Formular-Kennung"), max_length=200, unique=True, null=True, blank=True, editable=False
    )
    fingerprint = models.CharField(_("Prüfsumme der Angaben"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("eingegangen am"), default=timezone.now)

    objects = ConsultationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beratungsanfrage")
        verbose_name_plural = _("Beratungsanfragen")
        ordering = ["-created_at"]
        indexes = [
            # The staff list's order (a page of the newest, not a sort of every request) and its count of the
            # open ones (from the index alone instead of the table with its long texts).
            models.Index(fields=["-created_at"], name="request_newest_first"),
            models.Index(fields=["stage"], name="request_stage"),
        ]

    def __str__(self):
        return _("Anfrage %(number)s: %(municipality)s") % {"number": self.number, "municipality": self.municipality}

    @property
    def number(self) -> str:
        return request_number(self.pk, self.created_at)

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    def get_stage_display(self):
        # Django's own looks the value up in a dict it builds from every choice's lazy label on each call,
        # translating all nine: half of the staff list's time (issue #13). The enum finds the one label.
        return Stage(self.stage).label if self.stage in Stage.values else self.stage

    def can_move_to(self, stage) -> bool:
        return stage in self.TRANSITIONS.get(self.stage, set())


class StageChange(models.Model):
    """Every move of a request from one stage to the next: who, when and why (beside the audit log)."""

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("Anfrage")
    )
    from_stage = models.CharField(_("von"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("nach"), max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("von")
    )
    reason = models.TextField(_("Begründung"), blank=True)
    changed_at = models.DateTimeField(_("am"), default=timezone.now)

    class Meta:
        verbose_name = _("Änderung des Stands")
        verbose_name_plural = _("Änderungen des Stands")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Appointment(models.Model):
    """A date agreed with the municipality (the Dialogforum, a workshop …), shown on its private page."""

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("Anfrage")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Format.choices, default=Format.DIALOGFORUM)
    starts_at = models.DateTimeField(_("Beginn"))
    place = models.CharField(_("Ort"), max_length=200, blank=True, help_text=_("oder „online“"))

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"


class Assignment(models.Model):
    """Staff ask an advisor to take on a request; only the advisor's acceptance makes it final."""

    request = models.ForeignKey(
        ConsultationRequest, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("Anfrage")
    )
    advisor = models.ForeignKey(
        Advisor, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("Berater*in")
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("angefragt durch"),
    )
    proposed_at = models.DateTimeField(_("angefragt am"), default=timezone.now)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    note = models.TextField(_("Notiz der Berater*in"), blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einsatz")
        verbose_name_plural = _("Einsätze")
        ordering = ["proposed_at", "pk"]
        constraints = [
            # One open place per advisor and request; after a decline staff may ask again.
            models.UniqueConstraint(
                fields=["request", "advisor"],
                condition=models.Q(status__in=["proposed", "accepted"]),
                name="one_open_assignment_per_advisor",
            )
        ]

    def __str__(self):
        return f"{self.advisor} – {self.request.number}"

    def audit_label(self):
        # Audit entries outlive an erasure: no advisor name in them.
        return f"Einsatz #{self.pk} ({self.request.number})"


class AdvisorTie(models.Model):
    """A known tie between an advisor and a municipality, kept by staff: matching flags it as a conflict."""

    advisor = models.ForeignKey(
        Advisor, on_delete=models.CASCADE, related_name="municipality_ties", verbose_name=_("Berater*in")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="advisor_ties", verbose_name=_("Kommune")
    )
    kind = models.CharField(_("Art der Verbindung"), max_length=10, choices=TieKind.choices)
    note = models.CharField(_("Notiz"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Verbindung zu einer Kommune")
        verbose_name_plural = _("Verbindungen zu Kommunen")
        constraints = [
            models.UniqueConstraint(fields=["advisor", "municipality", "kind"], name="one_tie_per_kind"),
        ]

    def __str__(self):
        return f"{self.advisor} – {self.municipality.short_name} ({self.get_kind_display()})"


# The log, rates, claims, reports and feedback of issue #12 live in their own module (kept under 500 lines).
from .fee_models import BankAccount, CaseReport, FeeClaim, Feedback, FeeRate, FeeTotal, LogEntry  # noqa: E402

__all__ = [
    "AdvisorTie",
    "Appointment",
    "Assignment",
    "BankAccount",
    "CaseReport",
    "ConsultationRequest",
    "FeeClaim",
    "FeeRate",
    "FeeTotal",
    "Feedback",
    "LogEntry",
    "Municipality",
    "MunicipalityChange",
    "StageChange",
]
