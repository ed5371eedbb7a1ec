"""Fee arithmetic (Decimal), the log's editing rules, rate versions and the claim's status path."""

from datetime import date
from decimal import Decimal

import pytest

from consultations import fee_services, fees
from consultations.choices import ActivityKind, ClaimStatus, EntryStatus, RateBasis
from consultations.models import FeeRate
from consultations.services import Refused
from miglobe.core.models import AuditEntry

from .fee_factories import bank_account, entry_data, make_entry, standard_rates, tandem

pytestmark = pytest.mark.django_db


def test_hour_bands_and_day_rates_in_exact_decimals():
    standard_rates()
    on = date(2027, 3, 1)
    assert fees.price(kind=ActivityKind.TALK, minutes=90, day=on).fee == Decimal("150.00")
    assert fees.price(kind=ActivityKind.TALK, minutes=120, day=on).fee == Decimal("150.00")  # the band's limit
    assert fees.price(kind=ActivityKind.WORKSHOP, minutes=121, day=on).fee == Decimal("250.00")
    assert fees.price(kind=ActivityKind.WORKSHOP, minutes=300, day=on).fee == Decimal("400.00")  # one day
    assert fees.price(kind=ActivityKind.WORKSHOP, minutes=600, day=on).fee == Decimal("800.00")  # two started days
    assert fees.price(kind=ActivityKind.TRAVEL, minutes=600, day=on).fee == Decimal("0.00")  # paid by receipts
    with pytest.raises(fees.NoRate):
        fees.price(kind=ActivityKind.TALK, minutes=600, day=date(2026, 12, 31))


def test_a_rate_change_in_the_middle_of_a_month_applies_per_entry(staff):
    standard_rates(short="150.10")
    fee_services.add_rate(
        basis=RateBasis.HOUR_BAND, up_to_minutes=120, amount=Decimal("160.35"), valid_from=date(2027, 3, 16), by=staff
    )
    _, mine, _ = tandem()
    bank_account(mine.advisor)
    before = make_entry(mine, date=date(2027, 3, 15), duration_minutes=60)
    after = make_entry(mine, date=date(2027, 3, 16), duration_minutes=60, travel_costs=Decimal("23.45"))
    travel = make_entry(mine, date=date(2027, 3, 20), kind=ActivityKind.TRAVEL, travel_costs=Decimal("0.10"))
    for entry in (before, after, travel):
        fee_services.approve_entry(entry=entry, by=staff)
    claim = fee_services.prepare_claim(advisor=mine.advisor, month=date(2027, 3, 1))
    assert claim.status == ClaimStatus.DRAFT
    assert sorted(e.fee for e in claim.entries.all()) == [Decimal("0.00"), Decimal("150.10"), Decimal("160.35")]
    assert claim.total == Decimal("334.00")  # 150.10 + 160.35 + 23.45 + 0.10, not a float's 333.99999
    assert isinstance(claim.total, Decimal)


def test_a_used_rate_is_never_changed_a_new_version_is_added(staff):
    short, *_ = standard_rates()
    fee_services.change_rate(rate=short, amount=Decimal("155.00"), by=staff)  # unused: a correction is fine
    _, mine, _ = tandem()
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60), by=staff)
    with pytest.raises(Refused):
        fee_services.change_rate(rate=short, amount=Decimal("170.00"), by=staff)
    short.refresh_from_db()
    assert short.amount == Decimal("155.00")
    newer = fee_services.add_rate(
        basis=RateBasis.HOUR_BAND, up_to_minutes=120, amount=Decimal("170.00"), valid_from=date(2027, 4, 1), by=staff
    )
    assert FeeRate.objects.filter(basis=RateBasis.HOUR_BAND, up_to_minutes=120).count() == 2
    assert AuditEntry.objects.filter(action="consultations.feerate.added", object_id=str(newer.pk)).exists()


def test_an_approved_entry_cannot_be_edited_a_returned_one_can(staff):
    standard_rates()
    _, mine, partner = tandem()
    entry = fee_services.log_activity(assignment=mine, advisor=mine.advisor, data=entry_data())
    with pytest.raises(Refused):  # the partner reads it but does not write it
        fee_services.update_activity(entry=entry, advisor=partner.advisor, data=entry_data(participants=1))
    with pytest.raises(Refused):
        fee_services.return_entry(entry=entry, by=staff, comment=" ")
    fee_services.return_entry(entry=entry, by=staff, comment="Bitte die Dauer prüfen.")
    changed = fee_services.update_activity(entry=entry, advisor=mine.advisor, data=entry_data(duration_minutes=90))
    assert changed.status == EntryStatus.PENDING and changed.duration_minutes == 90
    approved = fee_services.approve_entry(entry=changed, by=staff)
    assert approved.fee == Decimal("150.00")
    with pytest.raises(Refused):
        fee_services.update_activity(entry=approved, advisor=mine.advisor, data=entry_data(duration_minutes=600))
    approved.refresh_from_db()
    assert approved.duration_minutes == 90
    actions = list(AuditEntry.objects.for_object(approved).values_list("action", flat=True))
    assert {
        "consultations.logentry.created",
        "consultations.logentry.returned",
        "consultations.logentry.approved",
    } <= set(actions)


def test_only_an_accepted_advisor_of_the_case_logs():
    _, mine, _ = tandem()
    _, other, _ = tandem()
    with pytest.raises(Refused):
        fee_services.log_activity(assignment=mine, advisor=other.advisor, data=entry_data())


def test_a_claim_cannot_be_changed_after_it_is_submitted(staff):
    standard_rates()
    _, mine, _ = tandem()
    bank_account(mine.advisor)
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60), by=staff)
    claim = fee_services.prepare_claim(advisor=mine.advisor, month=date(2027, 3, 1))
    with pytest.raises(Refused):
        fee_services.approve_claim(claim=claim, by=staff)  # not yet submitted
    claim = fee_services.submit_claim(claim=claim, advisor=mine.advisor)
    assert claim.iban == "DE89370400440532013000" and claim.total == Decimal("150.00")
    # A later approval of the same month does not change the submitted claim; it waits for the next one.
    late = fee_services.approve_entry(entry=make_entry(mine, date=date(2027, 3, 30), duration_minutes=60), by=staff)
    again = fee_services.prepare_claim(advisor=mine.advisor, month=date(2027, 3, 1))
    assert again.pk == claim.pk and again.total == Decimal("150.00")
    late.refresh_from_db()
    assert late.claim is None
    with pytest.raises(Refused):
        fee_services.submit_claim(claim=claim, advisor=mine.advisor)
    april = fee_services.prepare_claim(advisor=mine.advisor, month=date(2027, 4, 1))
    assert list(april.entries.all()) == [late]
    paid = fee_services.mark_claim_paid(claim=fee_services.approve_claim(claim=claim, by=staff), by=staff)
    assert paid.status == ClaimStatus.PAID and paid.paid_at is not None


def test_only_the_own_claim_is_submitted(staff):
    standard_rates()
    _, mine, partner = tandem()
    bank_account(partner.advisor)
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60), by=staff)
    claim = fee_services.prepare_claim(advisor=mine.advisor, month=date(2027, 3, 1))
    with pytest.raises(Refused):
        fee_services.submit_claim(claim=claim, advisor=partner.advisor)
    with pytest.raises(Refused):  # no bank details yet
        fee_services.submit_claim(claim=claim, advisor=mine.advisor)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT
