"""The pool's own sections of the portal home: membership status with next steps, and the profile."""

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from miglobe.core.portal import PortalSection, register

from .models import Advisor

Status = Advisor.Status


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:  # a page not wired in this deployment is shown as text only
        return ""


def next_steps(advisor) -> list[dict]:
    steps = []
    if advisor.status == Status.IN_QUALIFICATION:
        steps.append(
            {"text": _("Nehmen Sie an den Qualifizierungsseminaren teil; danach können Sie Kommunen beraten.")}
        )
    elif advisor.status == Status.QUALIFIED:
        steps.append({"text": _("Sie sind qualifiziert. Das Programmteam schaltet Sie für Beratungen frei.")})
    elif advisor.status == Status.ACTIVE:
        steps.append({"text": _("Sie können Kommunen beraten. Halten Sie Ihre Verfügbarkeit aktuell.")})
    elif advisor.status == Status.PAUSED:
        pause = advisor.pauses.order_by("-starts_on").first()
        if pause and pause.ends_on:
            text = _("Ihre Mitarbeit ruht bis %(date)s.") % {"date": date_format(pause.ends_on, "SHORT_DATE_FORMAT")}
        else:
            text = _("Ihre Mitarbeit ruht, bis Sie mit dem Programmteam die Rückkehr vereinbaren.")
        steps.append({"text": text})
    profile_url = _url("portal:profile")
    if not (advisor.bio and advisor.topics.exists() and advisor.languages.exists()):
        steps.append(
            {"text": _("Vervollständigen Sie Ihr Profil (Kurzbiografie, Themen, Sprachen)."), "url": profile_url}
        )
    if not advisor.public_listing:
        steps.append(
            {
                "text": _("Entscheiden Sie, ob und mit welchen Angaben Sie im öffentlichen Verzeichnis erscheinen."),
                "url": profile_url,
            }
        )
    return steps


def membership_context(request, advisor):
    return {"next_steps": next_steps(advisor)}


def profile_context(request, advisor):
    return {"public_count": len(advisor.public_fields())}


def register_sections():
    register(
        PortalSection(
            key="membership",
            title=_("Ihre Mitgliedschaft im Pool"),
            template="pool/portal/_membership_section.html",
            context=membership_context,
            order=0,
        )
    )
    register(
        PortalSection(
            key="profile",
            title=_("Ihr Profil"),
            template="pool/portal/_profile_section.html",
            context=profile_context,
            order=10,
        )
    )
