"""Scheduled emails of the seminars app, sent once each by the reminder engine (docs/reminders.md).

Every rule's object is an invitation and its occasion the seminar's start (the end, for the thanks), so a
moved seminar is a new occasion: the engine cancels what is still queued for the old date and plans anew.
"""

from django.urls import reverse

from miglobe.core.reminders import Recipient, ReminderRule

from .calendar import seminar_ics
from .models import Invitation
from .services import advisor_language


def advisor(invitation):
    person = invitation.advisor
    return [Recipient(email=person.email, language=advisor_language(person), name=person.full_name)]


def context(invitation, recipient):
    return {
        "invitation": invitation,
        "seminar": invitation.seminar,
        "advisor": invitation.advisor,
        "portal_path": reverse("seminars:my_seminars"),
    }


def thanks_context(invitation, recipient):
    return {**context(invitation, recipient), "materials": list(invitation.seminar.materials.all())}


def ics_attachment(invitation, recipient):
    content = seminar_ics(invitation.seminar, language=recipient.language, status=invitation.status)
    return [("seminar.ics", content, "text/calendar")]


def starts(invitation):
    return invitation.seminar.starts_at


RULES = [
    ReminderRule(
        code="seminars.invitation",
        due=lambda now: Invitation.objects.due_for_invitation(now),
        recipients=advisor,
        template="seminars/invitation",
        occasion=starts,
        context=context,
        attachments=ics_attachment,
    ),
    ReminderRule(
        code="seminars.rsvp_missing",
        due=lambda now: Invitation.objects.due_for_rsvp_reminder(now),
        recipients=advisor,
        template="seminars/rsvp_missing",
        occasion=starts,
        context=context,
    ),
    ReminderRule(
        code="seminars.seminar_in_7_days",
        due=lambda now: Invitation.objects.due_for_week_reminder(now),
        recipients=advisor,
        template="seminars/seminar_in_7_days",
        occasion=starts,
        context=context,
    ),
    ReminderRule(
        code="seminars.seminar_tomorrow",
        due=lambda now: Invitation.objects.due_for_tomorrow_reminder(now),
        recipients=advisor,
        template="seminars/seminar_tomorrow",
        occasion=starts,
        context=context,
    ),
    ReminderRule(
        code="seminars.thanks",
        due=lambda now: Invitation.objects.due_for_thanks(now),
        recipients=advisor,
        template="seminars/thanks",
        occasion=lambda invitation: invitation.seminar.ends_at,
        context=thanks_context,
    ),
]
