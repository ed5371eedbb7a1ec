"""Scheduled emails of consultations: an unanswered assignment reminds the advisor after three days and
alerts the programme team after seven (the occasion is the moment of the proposal, so each goes out once);
a request still "received" after three working days alerts the programme team."""

from datetime import timedelta

from django.utils import timezone

from miglobe.core.reminders import Recipient, ReminderRule
from pool.reminders import programme_team_recipients

from .choices import Stage
from .models import Assignment, ConsultationRequest

ADVISOR_REMINDER_AFTER = timedelta(days=3)
STAFF_ALERT_AFTER = timedelta(days=7)


def unanswered(after):
    def due(now):
        return Assignment.objects.unanswered_since(now - after).select_related("advisor", "request__municipality")

    return due


UNHANDLED_AFTER_WORKING_DAYS = 3


def working_days_before(now, days):
    """The moment `days` working days (Monday to Friday, Europe/Berlin) before `now`."""
    moment = timezone.localtime(now)
    while days:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def unhandled_requests(now):
    return ConsultationRequest.objects.filter(
        stage=Stage.RECEIVED, created_at__lte=working_days_before(now, UNHANDLED_AFTER_WORKING_DAYS)
    ).select_related("municipality")


RULES = [
    ReminderRule(
        code="consultations.assignment_unanswered_advisor",
        due=unanswered(ADVISOR_REMINDER_AFTER),
        recipients=lambda a: [Recipient(email=a.advisor.email, language=a.advisor.language, name=a.advisor.full_name)],
        template="consultations/assignment_reminder",
        occasion=lambda a: a.proposed_at,
        context=lambda a, recipient: {"assignment": a},
    ),
    ReminderRule(
        code="consultations.assignment_unanswered_staff",
        due=unanswered(STAFF_ALERT_AFTER),
        recipients=programme_team_recipients,
        template="consultations/assignment_unanswered",
        occasion=lambda a: a.proposed_at,
        context=lambda a, recipient: {"assignment": a},
    ),
    ReminderRule(
        code="consultations.request_unhandled",
        due=unhandled_requests,
        recipients=programme_team_recipients,
        template="consultations/request_unhandled",
        occasion=lambda consultation: consultation.created_at,
        context=lambda consultation, recipient: {"consultation": consultation},
    ),
]
