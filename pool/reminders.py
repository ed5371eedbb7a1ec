"""Scheduled emails of the pool app. The reminder engine (miglobe.core.reminders) sends each one once.

The engine hands only `now` to `due(now)`; what a rule's occasion and context need of that moment travels
as annotations on the objects `due` returns, so no rule reads the clock itself.
"""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, Value
from django.urls import reverse

from miglobe.core.reminders import Recipient, ReminderRule, last_local_day_reached, local_moment
from miglobe.core.roles import PROGRAMME_TEAM

from .links import application_url, draft_url
from .models import Application, Call

DIGEST_HOUR = time(8, 0)


def digest_window(now):
    """From the 08:00 (Europe/Berlin) before the last one that `now` has passed, to that last one.

    Until the next 08:00 the same window stays due, so a sweep that did not run for hours still sends it.
    On the days the clocks change the window is 23 or 25 hours long: from one morning to the next.
    """
    day = last_local_day_reached(now, DIGEST_HOUR)
    return local_moment(day - timedelta(days=1), DIGEST_HOUR), local_moment(day, DIGEST_HOUR)


def calls_with_new_applications(now):
    start, end = digest_window(now)
    return (
        Call.objects.filter(applications__submitted_at__gte=start, applications__submitted_at__lt=end)
        .distinct()
        .annotate(
            digest_start=Value(start, output_field=DateTimeField()),
            digest_end=Value(end, output_field=DateTimeField()),
        )
    )


def programme_team_recipients(_call):
    staff = get_user_model().objects.filter(groups__name=PROGRAMME_TEAM, is_active=True).exclude(email="")
    return [Recipient(email=user.email, language="de", name=user.get_full_name()) for user in staff.order_by("pk")]


def digest_context(call, recipient):
    new = call.applications.filter(submitted_at__gte=call.digest_start, submitted_at__lt=call.digest_end)
    return {
        "call": call,
        "references": list(new.order_by("reference").values_list("reference", flat=True)),
        "admin_path": reverse("admin:pool_application_changelist") + f"?call__id__exact={call.pk}",
    }


def applicant(application):
    return [Recipient(email=application.email, language=application.language, name=application.full_name)]


RULES = [
    ReminderRule(
        code="pool.draft_deadline",
        due=lambda now: Application.objects.drafts_due_for_deadline_reminder(now),
        recipients=applicant,
        template="pool/draft_deadline",
        occasion=lambda application: application.call.closes_at,
        context=lambda application, recipient: {
            "application": application,
            "call": application.call,
            "link": draft_url(application),
        },
        confidential=True,  # the link opens the draft
    ),
    ReminderRule(
        code="pool.reserve_consent_expiring",
        due=lambda now: Application.objects.reserve_consent_expiring(now),
        recipients=applicant,
        template="pool/reserve_consent_expiring",
        occasion=lambda application: application.reserve_until,
        context=lambda application, recipient: {
            "application": application,
            "call": application.call,
            "link": application_url(application),
        },
        confidential=True,
    ),
    ReminderRule(
        code="pool.staff_digest",
        due=calls_with_new_applications,
        recipients=programme_team_recipients,
        template="pool/staff_digest",
        occasion=lambda call: call.digest_end,
        context=digest_context,
    ),
]
