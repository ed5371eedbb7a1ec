"""`manage.py seed_bench`: volumes by scale, the same rows from the same seed, and a second run replaces the first."""

from io import StringIO

import pytest
from django.core.management import call_command

from consultations.fee_models import LogEntry
from consultations.models import ConsultationRequest, Municipality
from miglobe.core.models import OutboxMessage
from pool.models import Advisor, Application, Call, Review
from seminars.models import Attendance, Curriculum, Invitation, Qualification, Seminar

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "calls": Call.objects.filter(slug__startswith="bench-").count(),
        "applications": Application.objects.filter(reference__startswith="BN-").count(),
        "reviews": Review.objects.filter(application__reference__startswith="BN-").count(),
        "advisors": Advisor.objects.filter(call__slug__startswith="bench-").count(),
        "outbox": OutboxMessage.objects.filter(template="bench/message").count(),
        "municipalities": Municipality.objects.count(),
        "requests": ConsultationRequest.objects.filter(email__endswith="@bench-kommune.example").count(),
        "log entries": LogEntry.objects.count(),
        "curricula": Curriculum.objects.filter(call__slug__startswith="bench-").count(),
        "seminars": Seminar.objects.filter(curriculum__call__slug__startswith="bench-").count(),
        "invitations": Invitation.objects.count(),
        "attendance": list(Attendance.objects.order_by("advisor__email", "seminar__starts_at")
                           .values_list("advisor__email", "state")),
        "qualified": Qualification.objects.count(),
        "in directory": Advisor.objects.in_directory().count(),
        "names": list(Application.objects.filter(reference__startswith="BN-").order_by("email")
                      .values_list("first_name", "last_name", "status")[:20]),
    }  # fmt: skip


def test_seed_bench_creates_the_volumes_of_its_scale_repeatably():
    call_command("seed_bench", "--scale", "0.02", "--seed", "7", stdout=StringIO())
    first = snapshot()
    assert first["calls"] == 10 and first["advisors"] == 60  # fixed parts
    assert first["applications"] == 100  # 5,000 × 0.02
    assert first["outbox"] == 1000  # 50,000 × 0.02
    assert first["requests"] == 40  # 2,000 × 0.02
    assert first["log entries"] == 400  # 20,000 × 0.02
    assert first["municipalities"] > 1100  # the whole BW directory
    assert first["reviews"] > 0
    # The three cohorts' qualification: six module weekends each, a make-up date and an exchange meeting ahead.
    assert (first["curricula"], first["seminars"]) == (3, 24)
    assert first["invitations"] > 6 * 60 * 0.9 and len(first["attendance"]) == 6 * 60
    assert 0 < first["qualified"] < 60
    # The public directory lists some, not all: the active, qualified ones who agreed.
    assert 0 < first["in directory"] < first["qualified"]

    call_command("seed_bench", "--scale", "0.02", "--seed", "7", stdout=StringIO())
    assert snapshot() == first  # replaced, not added; the same rows from the same seed
