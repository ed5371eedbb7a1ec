"""`manage.py seed_bench`: volumes by scale, the same rows from the same seed, and a second run replaces the first."""

from io import StringIO

import pytest
from django.core.management import call_command

from consultations.fee_models import LogEntry
from consultations.models import ConsultationRequest, Municipality
from miglobe.core.models import OutboxMessage
from pool.models import Advisor, Application, Call, Review

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

    call_command("seed_bench", "--scale", "0.02", "--seed", "7", stdout=StringIO())
    assert snapshot() == first  # replaced, not added; the same rows from the same seed
