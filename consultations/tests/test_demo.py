from decimal import Decimal
from io import StringIO

import pytest

from consultations import demo
from consultations.choices import AssignmentStatus, Level, Stage
from consultations.models import Assignment, ConsultationRequest, Municipality
from pool.models import Advisor
from pool.tests.factories import CallFactory

from .factories import ActiveAdvisorFactory

pytestmark = pytest.mark.django_db


def test_demo_loads_the_real_directory_and_requests_in_every_stage_once():
    call = CallFactory(slug=demo.DEMO_ADVISOR_CALL)
    for n in range(6):
        ActiveAdvisorFactory(call=call, email=demo.DEMO_ADVISOR_EMAIL if n == 0 else f"b{n}@example.org")
    ActiveAdvisorFactory(call=call, status=Advisor.Status.PAUSED)  # never assigned
    demo.seed(stdout=StringIO())
    out = StringIO()
    demo.seed(stdout=out)

    assert Municipality.objects.gemeinden().count() == 1101
    assert Municipality.objects.filter(level=Level.KREIS, area_type="44").count() == 35
    assert "0 neu, 1164 unverändert" in out.getvalue()
    assert ConsultationRequest.objects.count() == len(demo.REQUESTS)
    assert set(ConsultationRequest.objects.values_list("stage", flat=True)) == set(Stage.values)
    statuses = set(Assignment.objects.values_list("status", flat=True))
    assert statuses == {AssignmentStatus.ACCEPTED, AssignmentStatus.DECLINED, AssignmentStatus.PROPOSED}
    assert not Assignment.objects.filter(advisor__status=Advisor.Status.PAUSED).exists()
    mine = Assignment.objects.filter(advisor__email=demo.DEMO_ADVISOR_EMAIL)
    assert {AssignmentStatus.PROPOSED, AssignmentStatus.ACCEPTED} <= set(mine.values_list("status", flat=True))


def test_demo_without_advisors_has_requests_but_no_assignments():
    out = StringIO()
    demo.seed(stdout=out)
    assert ConsultationRequest.objects.count() == len(demo.REQUESTS)
    assert not Assignment.objects.exists()
    assert "ohne Einsätze" in out.getvalue()


def test_demo_holds_every_state_of_the_log_the_claims_and_completion():
    from consultations.choices import ClaimStatus, EntryStatus
    from consultations.models import FeeClaim, Feedback, FeeRate, LogEntry

    call = CallFactory(slug=demo.DEMO_ADVISOR_CALL)
    for n in range(6):
        ActiveAdvisorFactory(call=call, email=demo.DEMO_ADVISOR_EMAIL if n == 0 else f"b{n}@example.org")
    demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())  # idempotent

    assert set(LogEntry.objects.values_list("status", flat=True)) == set(EntryStatus.values)
    assert set(FeeClaim.objects.values_list("status", flat=True)) == {
        ClaimStatus.PAID,
        ClaimStatus.SUBMITTED,
        ClaimStatus.DRAFT,
    }
    assert FeeRate.objects.filter(basis="hour_band", up_to_minutes=120).count() == 2  # one change in the year
    submitted = FeeClaim.objects.get(status=ClaimStatus.SUBMITTED)
    # The month of the change: the short band is paid 150 € before the 15th and 165 € after it.
    short = submitted.entries.filter(rate__basis="hour_band", rate__up_to_minutes=120).order_by("date")
    assert [entry.fee for entry in short] == [Decimal("150.00"), Decimal("165.00")]
    assert Feedback.objects.filter(answered_at__isnull=False, request__case_report__isnull=False).exists()
