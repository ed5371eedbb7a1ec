"""The seminars' section of the advisor portal home (CONTRACTS §3)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miglobe.core.portal import PortalSection, register

from .models import Curriculum, Invitation, Qualification
from .progress import progress_for


def portal_context(request, advisor, now=None, *, section=False):
    """What the portal shows of the seminars: also the context of the portal section (CONTRACTS §3).

    The section shows nothing but its empty text to an advisor without invitations and certificate, so for
    it (`section=True`) the curriculum and the progress are not looked up then.
    """
    now = now or timezone.now()
    invitations = list(
        Invitation.objects.filter(advisor=advisor)
        .select_related("seminar__module")
        .prefetch_related("seminar__materials")
        .order_by("seminar__starts_at")
    )
    qualification = Qualification.objects.valid().filter(advisor=advisor).first()
    if section and not invitations and qualification is None:
        return {"empty": True}
    curriculum = Curriculum.objects.filter(call_id=advisor.call_id).first()
    modules, progress = progress_for(curriculum, [advisor.pk], now) if curriculum else ([], {})
    return {
        "advisor": advisor,
        "upcoming": [i for i in invitations if i.seminar.ends_at > now],
        "past": [i for i in invitations if i.seminar.ends_at <= now],
        "modules": [(m, progress[advisor.pk].states[m.pk]) for m in modules] if curriculum else [],
        "progress": progress.get(advisor.pk),
        "qualification": qualification,
        "empty": not invitations and qualification is None,
    }


def section_context(request, advisor):
    return {**portal_context(request, advisor, section=True), "in_portal": True}


def register_sections():
    register(
        PortalSection(
            key="seminars",
            title=_("Seminare"),
            template="seminars/_portal_section.html",
            context=section_context,
            empty_text=_("Hier erscheinen Ihre Einladungen zu den Qualifizierungsseminaren und Ihr Zertifikat."),
            order=20,
        )
    )
