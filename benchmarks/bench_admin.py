"""The staff's application list with reviews and scores, at 100 and 1000 applications.

The list shows one page (50 rows since docs/decisions/0125), but its ranking annotations, filters and count run over
all rows.
"""

import pytest
from django.urls import reverse

from miglobe.core.tests.factories import PanelMemberFactory, StaffFactory
from pool.models import Application, Review, Score
from pool.tests.factories import ApplicationFactory, CallFactory, CriterionFactory, ReviewFactory, ScoreFactory

from .support import RESULTS, analyze, measure

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


VOLUMES = (1_000, 100_000)


def _bulk_applications(call, criteria, reviewer, count, start):
    """`count` applications in review with one submitted review of every criterion (plain bulk inserts)."""
    from django.utils import timezone

    now = timezone.now()
    applications = Application.objects.bulk_create(
        (
            Application(
                call=call,
                status=Application.Status.IN_REVIEW,
                reference=f"VOL-{start + i:06d}",
                first_name=f"Vorname{start + i}",
                last_name=f"Nachname{start + i}",
                email=f"vol{start + i}@example.org",
                email_key=f"vol{start + i}@example.org",
                home_region="08111",
                availability_days=3,
                privacy_consent_at=now,
                submitted_at=now,
            )
            for i in range(count)
        ),
        batch_size=5000,
    )
    reviews = Review.objects.bulk_create(
        (Review(application=a, reviewer=reviewer, submitted_at=now) for a in applications), batch_size=5000
    )
    Score.objects.bulk_create(
        (Score(review=r, criterion=c, value=1 + (r.pk + c.pk) % 5) for r in reviews for c in criteria),
        batch_size=10000,
    )


def _bulk_outbox(count, start):
    from django.utils import timezone

    from miglobe.core.models import OutboxMessage

    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        (
            OutboxMessage(
                message_id=f"<vol-{start + i}@bench>",
                recipient=f"p{start + i}@example.org",
                from_email="miglobe@example.org",
                template="pool/application_submitted" if i % 3 else "pool/draft_saved",
                language="de",
                subject="Ihre Bewerbung",
                body_text="Text " * 40,
                body_html="<p>Text</p>" * 40,
                status=OutboxMessage.Status.SENT,
                sent_at=now,
            )
            for i in range(count)
        ),
        batch_size=10000,
    )


def bench_admin_lists_at_100000_rows(client):
    """The application and outbox lists at 1,000 and at 100,000 rows (goal #13.5: at most 2 × the 1,000-row
    time), plain and filtered."""
    client.force_login(StaffFactory())
    call = CallFactory()
    criteria = [CriterionFactory(call=call, weight=weight) for weight in (3, 2, 1)]
    reviewer = PanelMemberFactory()
    call.reviewers.add(reviewer)
    pages = {
        "admin: application list": reverse("admin:pool_application_changelist"),
        "admin: application list, filtered + searched": reverse("admin:pool_application_changelist")
        + "?status=in_review&home_region=08111&q=Nachname42",
        "admin: outbox list": reverse("admin:core_outboxmessage_changelist"),
        "admin: outbox list, filtered": reverse("admin:core_outboxmessage_changelist") + "?status__exact=sent",
    }
    have = 0
    medians = {}
    for size in VOLUMES:
        _bulk_applications(call, criteria, reviewer, size - have, have)
        _bulk_outbox(size - have, have)
        have = size
        analyze()
        for name, url in pages.items():
            response = measure(name, size, lambda _, url=url: client.get(url), per_item=False)
            assert response.status_code == 200
            medians[name, size] = RESULTS[-1].median_s
    ratios = {name: medians[name, VOLUMES[1]] / medians[name, VOLUMES[0]] for name in pages}
    print(
        "\n"
        + "\n".join(f"{name}: 100,000 rows take {ratio:.2f} × the 1,000-row time" for name, ratio in ratios.items())
    )
    # The goal is about the lists as staff open them. The filtered and searched list is reported, not judged:
    # its status filter and search are served by indexes now (docs/decisions/0126), but the search term matches
    # 100 × as many rows at 100,000, and each match is counted and sorted.
    plain = {name: ratio for name, ratio in ratios.items() if "filtered" not in name}
    assert all(ratio <= 2 for ratio in plain.values()), plain
