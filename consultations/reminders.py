"""Scheduled emails of consultations: an unanswered assignment reminds the advisor after three days and
alerts the programme team after seven (the occasion is the moment of the proposal, so each goes out once);
a request still "received" after three working days alerts the programme team. An agreed date two days past
without a log entry reminds each advisor of the case who has none; the municipality's feedback survey is
reminded once a week after completion; on the 1st of a month an advisor with approved, unclaimed entries is
asked to submit the monthly fee claim."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from miglobe.core.reminders import Recipient, ReminderRule
from pool.models import Advisor
from pool.reminders import programme_team_recipients

from .choices import AssignmentStatus, Stage
from .links import request_url
from .models import Appointment, Assignment, ConsultationRequest, Feedback, LogEntry

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


LOG_REMINDER_AFTER = timedelta(days=2)
# After a month a missing entry is the programme team's business, not a reminder's.
LOG_REMINDER_WINDOW = timedelta(days=30)


def _berlin_day(field):
    return TruncDate(field, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _missing_entry(assignment_ref):
    return ~Exists(LogEntry.objects.filter(assignment_id=assignment_ref, date=OuterRef(OuterRef("planned_day"))))


def appointments_without_entry(now):
    """Agreed dates past two days ago whose case has an accepted advisor without an entry on that day."""
    waiting = Assignment.objects.filter(request_id=OuterRef("request_id"), status=AssignmentStatus.ACCEPTED).filter(
        _missing_entry(OuterRef("pk"))
    )
    return (
        Appointment.objects.filter(
            starts_at__lte=now - LOG_REMINDER_AFTER, starts_at__gt=now - LOG_REMINDER_AFTER - LOG_REMINDER_WINDOW
        )
        .exclude(request__stage__in=[Stage.WITHDRAWN, Stage.NOT_PURSUED])
        .annotate(planned_day=_berlin_day("starts_at"))
        .filter(Exists(waiting))
        .select_related("request__municipality")
    )


def advisors_without_entry(appointment):
    day = timezone.localtime(appointment.starts_at).date()
    assignments = (
        Assignment.objects.filter(request_id=appointment.request_id, status=AssignmentStatus.ACCEPTED)
        .exclude(log_entries__date=day)
        .select_related("advisor")
    )
    return [
        Recipient(email=a.advisor.email, language=a.advisor.language, name=a.advisor.full_name) for a in assignments
    ]


def advisors_with_unclaimed_fees(now):
    """From the 1st of a month: advisors with approved entries of earlier months not yet in a claim."""
    first = timezone.localtime(now).date().replace(day=1)
    unclaimed = LogEntry.objects.unclaimed_until(first - timedelta(days=1)).filter(assignment__advisor=OuterRef("pk"))
    return Advisor.objects.in_pool().filter(Exists(unclaimed)).annotate(claim_month=Value(first - timedelta(days=1)))


def feedback_recipient(feedback):
    consultation = feedback.request
    return [Recipient(email=consultation.email, language=consultation.language, name=consultation.contact_name)]


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
    ReminderRule(
        code="consultations.log_entry_missing",
        due=appointments_without_entry,
        recipients=advisors_without_entry,
        template="consultations/log_entry_missing",
        occasion=lambda appointment: appointment.starts_at,
        context=lambda appointment, recipient: {"appointment": appointment},
    ),
    ReminderRule(
        code="consultations.fee_claim_due",
        due=advisors_with_unclaimed_fees,
        recipients=lambda a: [Recipient(email=a.email, language=a.language, name=a.full_name)],
        template="consultations/fee_claim_due",
        occasion=lambda advisor: advisor.claim_month.replace(day=1),
        context=lambda advisor, recipient: {"month": advisor.claim_month},
    ),
    ReminderRule(
        code="consultations.feedback_reminder",
        due=lambda now: Feedback.objects.reminder_due(now).select_related("request__municipality"),
        recipients=feedback_recipient,
        template="consultations/feedback_reminder",
        occasion=lambda feedback: feedback.asked_at,
        context=lambda feedback, recipient: {"consultation": feedback.request, "link": request_url(feedback.request)},
        confidential=True,  # it carries the private link
    ),
]
