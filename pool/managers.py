"""Reusable queries: which calls are open, which applications a user may see, which are due for a job."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from .choices import AdvisorStatus, ApplicationStatus
from .permissions import assessments_visible_expression, is_programme_staff

# What a panel member sees of the status before their own review: the applicant's own acts, and otherwise
# the neutral "submitted" – never the staff's "shortlisted", "selected" or "rejected".
NEUTRAL_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN)


def _related_model(model, field_name):
    """The model at the other end of a relation, read from the model's own meta instead of imported:
    `models` imports this module, so this module must not import `models`."""
    return model._meta.get_field(field_name).related_model


class CallQuerySet(models.QuerySet):
    def open_at(self, now):
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def upcoming(self, now):
        return self.filter(opens_at__gt=now)

    def closed_since(self, since, now):
        """Calls whose window ended between `since` and `now` (shown as closed on the public list)."""
        return self.filter(closes_at__gt=since, closes_at__lte=now)

    def visible_to(self, user):
        """Programme staff see every call; a panel member only the calls they review."""
        if is_programme_staff(user):
            return self
        return self.filter(reviewers=user)


class ApplicationQuerySet(models.QuerySet):
    def submitted(self):
        return self.exclude(status=ApplicationStatus.DRAFT)

    def visible_to(self, user):
        """Staff see submitted applications only: a draft belongs to the applicant until it is sent."""
        if is_programme_staff(user):
            return self.submitted()
        if user.has_perm("pool.view_application"):
            return self.submitted().filter(call__reviewers=user)
        return self.none()

    def _ranking_expressions(self):
        """The weighted score (1–5, over all submitted reviews without conflict) and the review count.

        Subqueries keep it one query for any number of rows, and keep the two aggregates from multiplying
        each other through the joins.
        """
        Review = _related_model(self.model, "reviews")
        Score = _related_model(Review, "scores")
        scores = (
            Score.objects.filter(
                review__application=OuterRef("pk"),
                review__submitted_at__isnull=False,
                review__conflict_of_interest=False,
            )
            .order_by()
            .values("review__application")
        )
        # Both sums in one subquery: a second one over the same rows cost its own compilation on every list.
        weighted_mean = scores.annotate(
            mean=Cast(Sum(F("value") * F("criterion__weight")), FloatField())
            / Cast(Sum("criterion__weight"), FloatField())
        ).values("mean")
        review_count = (
            Review.objects.submitted()
            .filter(application=OuterRef("pk"), conflict_of_interest=False)
            .order_by()
            .values("application")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Subquery(weighted_mean, output_field=FloatField()),
            Coalesce(Subquery(review_count), 0),
        )

    def with_ranking(self):
        """Annotate `weighted_score` and `review_count` unmasked: for jobs and services, never for a person."""
        weighted_score, review_count = self._ranking_expressions()
        return self.annotate(weighted_score=weighted_score, review_count=review_count)

    def with_assessments_for(self, user):
        """What `user` may see of the assessments (rule `pool.see_assessments` in `pool.permissions`).

        `weighted_score` and `review_count` are None, and `shown_status` is the neutral "submitted", on rows
        whose assessments the user may not see yet, so every list, filter, ordering and export built on
        this queryset shows the rule without a check of its own.
        """
        weighted_score, review_count = self._ranking_expressions()
        visible = Q(assessments_visible=True)
        return self.annotate(
            assessments_visible=ExpressionWrapper(assessments_visible_expression(user), output_field=BooleanField()),
            assessments_for_user_id=Value(user.pk, output_field=models.IntegerField()),
        ).annotate(
            weighted_score=Case(When(visible, then=weighted_score), default=None, output_field=FloatField()),
            review_count=Case(When(visible, then=review_count), default=None, output_field=models.IntegerField()),
            shown_status=Case(
                When(visible | Q(status__in=NEUTRAL_STATUSES), then=F("status")),
                default=Value(ApplicationStatus.SUBMITTED),
                output_field=models.CharField(),
            ),
        )

    def with_status(self, status):
        """Rows whose status as the user may see it (`shown_status`, see `with_assessments_for`) is `status`.

        Written out instead of `shown_status=status`, so that the stored status (and its index) narrows the
        rows before the visibility rule is asked of each: a row shows `status` when it has that status and
        the user may see its assessments, or the status is neutral; it shows "submitted" also when the user
        may not yet see its real status.
        """
        visible = Q(assessments_visible=True)
        neutral = Q(status__in=NEUTRAL_STATUSES)
        shown_as_stored = Q(status=status) & (visible | neutral)
        if status == ApplicationStatus.SUBMITTED:
            return self.filter(shown_as_stored | (~visible & ~neutral))
        return self.filter(shown_as_stored)

    def drafts_due_for_deadline_reminder(self, now):
        """Drafts of open calls that close within three days: the applicant is reminded once per deadline."""
        return self.filter(
            status=ApplicationStatus.DRAFT,
            call__opens_at__lte=now,
            call__closes_at__gt=now,
            call__closes_at__lte=now + timedelta(days=3),
        ).select_related("call")

    def due_for_erasure(self, now):
        """Rejected/withdrawn applications past their call's retention period, and drafts never submitted
        whose call closed longer ago than its draft retention. Periods are per call, and calls are few."""
        Call = _related_model(self.model, "call")
        due = Q(pk__in=[])
        for call in Call.objects.only("pk", "retention_months", "draft_retention_days", "closes_at"):
            due |= Q(
                call=call,
                status__in=[ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN],
                decided_at__lte=now - relativedelta(months=call.retention_months),
            )
            if call.closes_at <= now - timedelta(days=call.draft_retention_days):
                due |= Q(call=call, status=ApplicationStatus.DRAFT)
        # A reserve-list entry is kept only while the person's consent holds.
        due |= Q(status=ApplicationStatus.RESERVE, reserve_until__lte=now)
        return self.filter(due)

    def reserve_active(self, now):
        return self.filter(status=ApplicationStatus.RESERVE, reserve_until__gt=now)

    def reserve_consent_expiring(self, now, *, within=timedelta(days=30)):
        """On the reserve list with a consent that runs out within `within`: the person is asked to renew."""
        return self.filter(
            status=ApplicationStatus.RESERVE, reserve_until__gt=now, reserve_until__lte=now + within
        ).select_related("call")


class ReviewQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def visible_to(self, user):
        """Everyone sees their own review; the others' of an application only where the rule
        `pool.see_assessments` opens that application's assessments (so nobody is anchored by earlier scores)."""
        if not is_programme_staff(user) and not user.has_perm("pool.view_review"):
            return self.none()
        opened = assessments_visible_expression(user, application_ref="application", call_ref="application__call")
        visible_calls = Q(application__call__reviewers=user) if not is_programme_staff(user) else Q()
        return self.filter(visible_calls).filter(Q(reviewer=user) | Q(opened, submitted_at__isnull=False))


class AdvisorQuerySet(models.QuerySet):
    def in_pool(self):
        """Advisors who hold a place in the pool: everyone who has not left."""
        return self.exclude(status=AdvisorStatus.LEFT)

    def assignable(self):
        """THE predicate "may be assigned to a municipality": qualified, and neither paused nor left."""
        return self.filter(status__in=self.model.ASSIGNABLE)

    def with_login(self):
        """Advisors whose login works: in the pool, with an active account."""
        return self.in_pool().filter(user__isnull=False, user__is_active=True)

    def invitation_pending(self):
        """In the pool, invited, and the invitation not yet accepted: staff send it again or call."""
        return self.in_pool().filter(invitation_accepted_at__isnull=True)

    def in_directory(self):
        """Who may appear in the public directory: active (so qualified and not paused) and consenting.

        Which of their fields show is decided per field by the public_* flags (see Advisor.public_fields).
        """
        return self.filter(
            status=AdvisorStatus.ACTIVE, qualified_at__isnull=False, public_listing=True, erased_at__isnull=True
        )

    def inactive_since(self, moment):
        """No login and no portal activity since `moment` (never counts as inactive too)."""
        return self.in_pool().filter(
            Q(user__last_login__isnull=True) | Q(user__last_login__lt=moment),
            Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=moment),
        )

    def due_for_erasure(self, now, *, retention_years):
        """Former advisors whose retention period after leaving has passed and who are not yet erased."""
        return self.filter(
            status=AdvisorStatus.LEFT, erased_at__isnull=True, left_at__lte=now - relativedelta(years=retention_years)
        )


class DuplicateFlagQuerySet(models.QuerySet):
    def involving(self, application):
        """Flags on either side of a pair: the earlier application is as much a duplicate as the later one."""
        return self.filter(Q(application=application) | Q(other=application))

    def unresolved(self):
        return self.filter(resolved_at__isnull=True)
