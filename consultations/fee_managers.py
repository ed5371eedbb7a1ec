"""QuerySets of the consultation log, rates, claims and feedback."""

from datetime import timedelta

from django.db import models
from django.db.models import Q

from .choices import ClaimStatus, EntryStatus, RateBasis


class FeeRateQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Every version that had started by `day`, newest first (`fees.rates_on` picks one per band)."""
        return self.filter(valid_from__lte=day).order_by("-valid_from", "-pk")

    def bands(self):
        return self.filter(basis=RateBasis.HOUR_BAND)


class LogEntryQuerySet(models.QuerySet):
    def of_case(self, consultation):
        return self.filter(assignment__request=consultation)

    def awaiting_approval(self):
        return self.filter(status=EntryStatus.PENDING)

    def unclaimed_until(self, last_day):
        return self.filter(status=EntryStatus.APPROVED, claim__isnull=True, date__lte=last_day)


class FeeClaimQuerySet(models.QuerySet):
    def to_check(self):
        """The staff queue: claims submitted (to approve) and approved (to pay)."""
        return self.filter(status__in=[ClaimStatus.SUBMITTED, ClaimStatus.APPROVED])


class FeedbackQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(answered_at__isnull=True)

    def reminder_due(self, now, after=timedelta(days=7)):
        # A window of a month after the reminder moment: a sweep that did not run for a while still catches up.
        return self.unanswered().filter(Q(asked_at__lte=now - after) & Q(asked_at__gt=now - after - timedelta(days=30)))
