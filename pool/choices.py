"""The status values of the pool's models, in a module that both `models` and `managers` import.

Code names the members (`ApplicationStatus.SELECTED`), never the string literals.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingereicht")
    IN_REVIEW = "in_review", _("in Prüfung")
    SHORTLISTED = "shortlisted", _("in der engeren Wahl")
    INTERVIEW = "interview", _("zum Gespräch eingeladen")
    SELECTED = "selected", _("ausgewählt")
    RESERVE = "reserve", _("auf der Nachrückliste")
    REJECTED = "rejected", _("abgelehnt")
    WITHDRAWN = "withdrawn", _("zurückgezogen")


class AdvisorStatus(models.TextChoices):
    IN_QUALIFICATION = "in_qualification", _("in Qualifizierung")
    QUALIFIED = "qualified", _("qualifiziert")
    ACTIVE = "active", _("aktiv")
    PAUSED = "paused", _("pausiert")
    LEFT = "left", _("ausgeschieden")
