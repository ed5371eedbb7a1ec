"""Scheduled emails of consultations: an unanswered assignment reminds the advisor after three days and
alerts the programme team after seven. The occasion is the moment of the proposal, so each goes out once."""

from datetime import timedelta

from miglobe.core.reminders import Recipient, ReminderRule
from pool.reminders import programme_team_recipients

from .models import Assignment

ADVISOR_REMINDER_AFTER = timedelta(days=3)
STAFF_ALERT_AFTER = timedelta(days=7)


def unanswered(after):
    def due(now):
        return Assignment.objects.unanswered_since(now - after).select_related("advisor", "request__municipality")

    return due


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
]
