"""Reusable queries of the seminars app: which seminars are upcoming, who is due for which reminder."""

from datetime import timedelta

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from pool.choices import AdvisorStatus

from .states import AttendanceState, InvitationStatus

THANKS_WINDOW = timedelta(days=14)


class SeminarQuerySet(models.QuerySet):
    def upcoming(self, now):
        return self.filter(ends_at__gt=now)

    def past(self, now):
        return self.filter(ends_at__lte=now)

    def for_cohort(self, call):
        return self.filter(curriculum__call=call)

    def with_counts(self):
        by_status = {
            f"{status}_count": Count("invitations", filter=Q(invitations__status=status))
            for status in InvitationStatus.values
        }
        return self.annotate(**by_status)


class InvitationQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=InvitationStatus.ACCEPTED)

    def unanswered(self):
        return self.filter(status=InvitationStatus.INVITED)

    def waiting_list(self):
        return self.filter(status=InvitationStatus.WAITLISTED).order_by("waitlisted_at", "pk")

    def _upcoming(self, now):
        return self.filter(seminar__starts_at__gt=now).exclude(advisor__status=AdvisorStatus.LEFT)

    # Reminder windows: from the reminder moment until the seminar starts, so a sweep that did not run
    # for hours still sends each one once; the occasion is the start, so a new date is a new reminder.
    def due_for_invitation(self, now):
        return (
            self._upcoming(now).exclude(status=InvitationStatus.DECLINED).select_related("seminar__module", "advisor")
        )

    def due_for_rsvp_reminder(self, now):
        return (
            self._upcoming(now)
            .unanswered()
            .filter(seminar__starts_at__lte=now + timedelta(days=14))
            .select_related("seminar__module", "advisor")
        )

    def due_for_week_reminder(self, now):
        return (
            self._upcoming(now)
            .accepted()
            .filter(seminar__starts_at__lte=now + timedelta(days=7), seminar__starts_at__gt=now + timedelta(days=1))
            .select_related("seminar__module", "advisor")
        )

    def due_for_tomorrow_reminder(self, now):
        return (
            self._upcoming(now)
            .accepted()
            .filter(seminar__starts_at__lte=now + timedelta(days=1))
            .select_related("seminar__module", "advisor")
        )

    def due_for_thanks(self, now):
        """After the seminar, to those who said yes and were not recorded as missing."""
        from .models import Attendance

        missed = Attendance.objects.filter(
            seminar=OuterRef("seminar"),
            advisor=OuterRef("advisor"),
            state__in=[AttendanceState.EXCUSED, AttendanceState.ABSENT],
        )
        return (
            self.accepted()
            .filter(seminar__ends_at__lte=now, seminar__ends_at__gt=now - THANKS_WINDOW)
            .exclude(advisor__status=AdvisorStatus.LEFT)
            .exclude(Exists(missed))
            .select_related("seminar__module", "advisor")
        )


class AttendanceQuerySet(models.QuerySet):
    def counting(self, *, partly_counts):
        states = [AttendanceState.ATTENDED, AttendanceState.PARTLY] if partly_counts else [AttendanceState.ATTENDED]
        return self.filter(state__in=states)


class QualificationQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)
