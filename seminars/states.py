"""Status codes shared by models, managers and services (one module, so none imports another to dodge a loop)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("noch keine Antwort")
    ACCEPTED = "accepted", _("zugesagt")
    WAITLISTED = "waitlisted", _("auf der Warteliste")
    DECLINED = "declined", _("abgesagt")


class AttendanceState(models.TextChoices):
    ATTENDED = "attended", _("teilgenommen")
    PARTLY = "partly", _("teilweise")
    EXCUSED = "excused", _("entschuldigt")
    ABSENT = "absent", _("unentschuldigt gefehlt")


class ModuleState(models.TextChoices):
    """One advisor's state in one module, as the matrix shows it (with a symbol and a word, never colour alone)."""

    ATTENDED = "attended", _("besucht")
    MADE_UP = "made_up", _("nachgeholt")
    EXCUSED = "excused", _("entschuldigt, noch offen")
    ABSENT = "absent", _("gefehlt, noch offen")
    PARTLY = "partly", _("teilweise, noch offen")
    UPCOMING = "upcoming", _("angemeldet")
    OPEN = "open", _("offen")


DONE = {ModuleState.ATTENDED, ModuleState.MADE_UP}
