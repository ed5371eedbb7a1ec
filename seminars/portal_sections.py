"""The seminars' section of the advisor portal home (CONTRACTS §3)."""

from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from miglobe.core.portal import PortalSection, register

from .models import Curriculum, Invitation, Qualification
from .progress import progress_for


def portal_context(request, advisor, now=None, *, section=False):
    """What the portal shows of the seminars: the context of the advisor's page "Meine Seminare" and, with
    `section=True`, of the portal home's section (CONTRACTS §3).

    The home's section is a summary (decision 0150): the upcoming seminars with their answers and materials,
    the certificate, and the module-by-module standing only while the advisor is not yet qualified. The past
    seminars with their materials and the standing of a qualified advisor are on "Meine Seminare", which the
    section links. So the home does not grow with the years of seminars, and once qualified it reads neither
    the curriculum nor the progress. An advisor without invitations and certificate sees only the empty text.
    """
    now = now or timezone.now()
    qualification = Qualification.objects.valid().filter(advisor=advisor).first()
    invitations = Invitation.objects.filter(advisor=advisor).select_related("seminar__module")
    if section and qualification:
        invitations = invitations.filter(seminar__ends_at__gt=now)  # the past ones are not shown here
    invitations = list(invitations.order_by("seminar__starts_at"))
    upcoming = [i for i in invitations if i.seminar.ends_at > now]
    past = [] if section else [i for i in invitations if i.seminar.ends_at <= now]
    empty = not invitations and qualification is None
    if section and empty:
        return {"empty": True}
    prefetch_related_objects(upcoming + past, "seminar__materials")  # no query when both are empty
    curriculum = None
    if not (section and qualification):
        curriculum = Curriculum.objects.filter(call_id=advisor.call_id).first()
    modules, progress = progress_for(curriculum, [advisor.pk], now) if curriculum else ([], {})
    return {
        "advisor": advisor,
        "upcoming": upcoming,
        "past": past,
        "modules": [(m, progress[advisor.pk].states[m.pk]) for m in modules],
        "progress": progress.get(advisor.pk),
        "qualification": qualification,
        "empty": empty,
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
