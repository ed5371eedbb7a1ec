"""Scheduled emails of the pool app. The reminder engine (miglobe.core.reminders) sends each one once."""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from miglobe.core.reminders import Recipient, ReminderRule
from miglobe.core.roles import PROGRAMME_TEAM

from .links import draft_url
from .models import Application, Call

DIGEST_HOUR = time(8, 0)


def digest_window(now):
    """The 24 hours before today's 08:00 in Europe/Berlin, or None before 08:00 (the digest is not due yet)."""
    local = timezone.localtime(now)
    end = timezone.make_aware(datetime.combine(local.date(), DIGEST_HOUR))
    if local < end:
        return None
    return end - timedelta(days=1), end


def calls_with_new_applications(now):
    window = digest_window(now)
    if window is None:
        return Call.objects.none()
    start, end = window
    return Call.objects.filter(applications__submitted_at__gte=start, applications__submitted_at__lt=end).distinct()


def programme_team_recipients(_call):
    staff = get_user_model().objects.filter(groups__name=PROGRAMME_TEAM, is_active=True).exclude(email="")
    return [Recipient(email=user.email, language="de") for user in staff.order_by("pk")]


def digest_context(call, recipient):
    start, end = digest_window(timezone.now()) or (None, None)
    new = call.applications.filter(submitted_at__gte=start, submitted_at__lt=end).order_by("reference")
    return {
        "call": call,
        "references": list(new.values_list("reference", flat=True)),
        "admin_path": reverse("admin:pool_application_changelist") + f"?call__id__exact={call.pk}",
    }


RULES = [
    ReminderRule(
        code="pool.draft_deadline",
        due=lambda now: Application.objects.drafts_due_for_deadline_reminder(now),
        recipients=lambda application: [Recipient(email=application.email, language=application.language)],
        template="pool/draft_deadline",
        occasion=lambda application: application.call.closes_at.isoformat(),
        context=lambda application, recipient: {
            "application": application,
            "call": application.call,
            "link": draft_url(application),
        },
    ),
    ReminderRule(
        code="pool.staff_digest",
        due=calls_with_new_applications,
        recipients=programme_team_recipients,
        template="pool/staff_digest",
        occasion=lambda call: timezone.localdate().isoformat(),
        context=digest_context,
    ),
]
