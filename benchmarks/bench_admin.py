"""The staff's application list with reviews and scores, at 100 and 1000 applications.

The list shows one page (100 rows), but its ranking annotations, filters and count run over all rows.
"""

import pytest
from django.urls import reverse

from miglobe.core.tests.factories import PanelMemberFactory, StaffFactory
from pool.models import Application, Review, Score
from pool.tests.factories import ApplicationFactory, CallFactory, CriterionFactory, ReviewFactory, ScoreFactory

from .support import analyze, measure

pytestmark = pytest.mark.django_db

SIZES = (100, 1000)


def add_reviewed_applications(call, criteria, reviewers, count):
    """`count` applications in review, each reviewed by every reviewer on every criterion (bulk inserts)."""
    applications = Application.objects.bulk_create(
        ApplicationFactory.build_batch(count, call=call, status=Application.Status.IN_REVIEW)
    )
    reviews = Review.objects.bulk_create(
        [ReviewFactory.build(application=a, reviewer=r) for a in applications for r in reviewers]
    )
    Score.objects.bulk_create(
        [
            ScoreFactory.build(review=review, criterion=criterion, value=1 + (review.pk + criterion.pk) % 5)
            for review in reviews
            for criterion in criteria
        ]
    )


def bench_application_changelist(client):
    client.force_login(StaffFactory())
    call = CallFactory()
    criteria = [CriterionFactory(call=call, weight=weight) for weight in (3, 2, 1)]
    reviewers = PanelMemberFactory.create_batch(2)
    call.reviewers.add(*reviewers)
    url = reverse("admin:pool_application_changelist")

    have = 0
    for size in SIZES:
        add_reviewed_applications(call, criteria, reviewers, size - have)
        have = size
        analyze()
        response = measure("admin: application changelist", size, lambda _: client.get(url), per_item=False)

        assert response.status_code == 200
        assert response.context["cl"].result_count == size
        assert Score.objects.count() == size * len(reviewers) * len(criteria)
