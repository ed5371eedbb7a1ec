"""Choices shared by the models and the managers of consultations (one module, so neither imports the other)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Where a unit stands in the official directory (GV100AD Satzart)."""

    LAND = "land", _("Land")
    REGIERUNGSBEZIRK = "rb", _("Regierungsbezirk")
    REGION = "region", _("Region")
    KREIS = "kreis", _("Kreis")
    GEMEINDE = "gemeinde", _("Gemeinde")


class AreaType(models.TextChoices):
    """GV100AD Textkennzeichen (positions 123–124) of Kreise and Gemeinden; blank for the higher levels."""

    NONE = "", _("–")
    KREISFREIE_STADT = "41", _("Kreisfreie Stadt")
    STADTKREIS = "42", _("Stadtkreis")
    KREIS = "43", _("Kreis")
    LANDKREIS = "44", _("Landkreis")
    REGIONALVERBAND = "45", _("Regionalverband")
    MARKT = "60", _("Markt")
    KREISFREIE_STADT_GEMEINDE = "61", _("Kreisfreie Stadt (Gemeinde)")
    STADTKREIS_GEMEINDE = "62", _("Stadtkreis (Gemeinde)")
    STADT = "63", _("Stadt")
    GEMEINDE = "64", _("Kreisangehörige Gemeinde")
    GEMEINDEFREI_BEWOHNT = "65", _("Gemeindefreies Gebiet, bewohnt")
    GEMEINDEFREI_UNBEWOHNT = "66", _("Gemeindefreies Gebiet, unbewohnt")
    GROSSE_KREISSTADT = "67", _("Große Kreisstadt")


# Gemeindefreie Gebiete are Satzart-60 records but no municipality: nobody there can ask for advice.
UNINCORPORATED_TYPES = {AreaType.GEMEINDEFREI_BEWOHNT, AreaType.GEMEINDEFREI_UNBEWOHNT}
# A city that forms its own Kreis: the same place as its Gemeinde record (types 61/62).
CITY_KREIS_TYPES = {AreaType.KREISFREIE_STADT, AreaType.STADTKREIS}


class Stage(models.TextChoices):
    RECEIVED = "received", _("eingegangen")
    IN_REVIEW = "in_review", _("in Prüfung")
    ADVISORS_PROPOSED = "advisors_proposed", _("Berater*innen vorgeschlagen")
    DIALOGFORUM_AGREED = "dialogforum_agreed", _("Dialogforum vereinbart")
    DIALOGFORUM_HELD = "dialogforum_held", _("Dialogforum durchgeführt")
    BERATUNG_RUNNING = "beratung_running", _("Beratung läuft")
    COMPLETED = "completed", _("abgeschlossen")
    NOT_PURSUED = "not_pursued", _("nicht weiterverfolgt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


CLOSED_STAGES = {Stage.COMPLETED, Stage.NOT_PURSUED, Stage.WITHDRAWN}


class Format(models.TextChoices):
    DIALOGFORUM = "dialogforum", _("Dialogforum")
    WORKSHOP = "workshop", _("Workshop")
    COUNSELLING = "counselling", _("Beratungsgespräch")
    TALK = "talk", _("Vortrag")
    PROCESS_SUPPORT = "process_support", _("Prozessbegleitung")


class AssignmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("angefragt")
    ACCEPTED = "accepted", _("zugesagt")
    DECLINED = "declined", _("abgesagt")
    WITHDRAWN = "withdrawn", _("zurückgenommen")


# An assignment that holds the advisor's place on the request (and counts as their current load).
OPEN_ASSIGNMENT_STATUSES = {AssignmentStatus.PROPOSED, AssignmentStatus.ACCEPTED}


class TieKind(models.TextChoices):
    LIVES_IN = "lives_in", _("wohnt dort")
    WORKS_FOR = "works_for", _("arbeitet für die Kommune")
    OTHER = "other", _("andere Verbindung")


class ActivityKind(models.TextChoices):
    """What an advisor logs (issue #12): the meetings with the municipality, and the work around them."""

    DIALOGFORUM = "dialogforum", _("Dialogforum")
    WORKSHOP = "workshop", _("Workshop")
    COUNSELLING = "counselling", _("Beratungsgespräch")
    TALK = "talk", _("Vortrag")
    PREPARATION = "preparation", _("Vorbereitung")
    TRAVEL = "travel", _("Reise")


class Setting(models.TextChoices):
    ON_SITE = "on_site", _("vor Ort")
    ONLINE = "online", _("online")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("zur Freigabe")
    RETURNED = "returned", _("zurückgegeben")
    APPROVED = "approved", _("freigegeben")


# Entries the advisor may still change: until staff approve them.
EDITABLE_ENTRY_STATUSES = {EntryStatus.PENDING, EntryStatus.RETURNED}


class RateBasis(models.TextChoices):
    HOUR_BAND = "hour_band", _("Stundenband")
    DAY = "day", _("Tagessatz")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    APPROVED = "approved", _("geprüft")
    PAID = "paid", _("bezahlt")


class Outcome(models.TextChoices):
    """How a completed case counts in the funnel of DESIGN §1."""

    DIALOGFORUM_ONLY = "dialogforum_only", _("nur Dialogforum")
    BERATUNG = "beratung", _("Beratung")
