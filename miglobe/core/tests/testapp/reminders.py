from datetime import time

from miglobe.core.reminders import Recipient, ReminderRule

from .models import Appointment


def morning_rule(at: time = time(8, 0), code: str = "core_testapp.appointment_morning") -> ReminderRule:
    return ReminderRule(
        code=code,
        due=lambda now: Appointment.objects.due_for_reminder(now, at=at),
        recipients=lambda a: [Recipient(a.attendee_email, a.attendee_language, name=a.attendee_name)],
        template="testapp/appointment_reminder",
        occasion=lambda a: a.starts_at,
        context=lambda a, recipient: {"appointment": a},
    )


RULES = [morning_rule()]
