"""Two staff members approve and pay the same claim at the same moment: real connections (PostgreSQL)."""

from datetime import date

import pytest

from consultations import fee_services
from consultations.choices import ClaimStatus
from miglobe.core.models import AuditEntry
from miglobe.core.tests.factories import StaffFactory
from miglobe.core.tests.support import require_postgresql_and_redis

from .fee_factories import bank_account, make_entry, standard_rates, tandem
from .test_concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_staff_approving_and_paying_one_claim_at_once_pay_it_once(staff):
    require_postgresql_and_redis()
    standard_rates()
    colleague = StaffFactory(username="kollegin")
    _, mine, _ = tandem()
    bank_account(mine.advisor)
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60), by=staff)
    claim = fee_services.submit_claim(
        claim=fee_services.prepare_claim(advisor=mine.advisor, month=date(2027, 3, 1)), advisor=mine.advisor
    )
    people = iter([staff, colleague])
    outcomes = run_together(lambda: fee_services.approve_claim(claim=claim, by=next(people)))
    assert sum(isinstance(o, fee_services.Refused) for o in outcomes) == 1
    people = iter([staff, colleague])
    outcomes = run_together(lambda: fee_services.mark_claim_paid(claim=claim, by=next(people)))
    assert sum(isinstance(o, fee_services.Refused) for o in outcomes) == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert AuditEntry.objects.filter(action="consultations.feeclaim.approved", object_id=str(claim.pk)).count() == 1
    assert AuditEntry.objects.filter(action="consultations.feeclaim.paid", object_id=str(claim.pk)).count() == 1
