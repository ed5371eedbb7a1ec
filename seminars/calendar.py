"""iCalendar files: one seminar (attached to the invitation) and an advisor's private feed."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar, Event

from .models import Invitation
from .states import InvitationStatus

PRODID = "-//MiGlobe Pool//Seminare//DE"


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(seminar, *, status=None, stamp):
    event = Event()
    # The same UID for the same seminar, so a calendar updates a moved seminar instead of adding a second one.
    event.add("uid", f"seminar-{seminar.public_id}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}")
    event.add("dtstamp", stamp)
    event.add("dtstart", timezone.localtime(seminar.starts_at))
    event.add("dtend", timezone.localtime(seminar.ends_at))
    event.add("summary", f"MiGlobe: {seminar.display_title}")
    event.add("location", f"{seminar.venue}, {' '.join(seminar.address.split())}")
    if seminar.trainers:
        event.add("description", f"{seminar.trainers}")
    event.add("status", "TENTATIVE" if status == InvitationStatus.INVITED else "CONFIRMED")
    return event


def seminar_ics(seminar, *, language="de", status=None, now=None) -> bytes:
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        calendar = _calendar(str(seminar.display_title))
        calendar.add_component(_event(seminar, status=status, stamp=now or timezone.now()))
        calendar.add_missing_timezones()
        return calendar.to_ical()


def advisor_feed_ics(advisor, *, language="de", now=None) -> bytes:
    """Every seminar the advisor is invited to and has not declined."""
    stamp = now or timezone.now()
    invitations = (
        Invitation.objects.filter(advisor=advisor)
        .exclude(status=InvitationStatus.DECLINED)
        .select_related("seminar__module")
        .order_by("seminar__starts_at")
    )
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        calendar = _calendar(str(translation.gettext("MiGlobe-Seminare")))
        for invitation in invitations:
            calendar.add_component(_event(invitation.seminar, status=invitation.status, stamp=stamp))
        calendar.add_missing_timezones()
        return calendar.to_ical()
