"""Completion with the case report, the municipality's feedback behind its own link, the reminders (run twice),
the funnel figures, the roster column and the erasure of an advisor with paid claims."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import fee_services
from consultations.choices import ClaimStatus, Format, Outcome, Stage
from consultations.fee_hooks import register_hooks
from consultations.models import Appointment, FeeClaim, Feedback, StageChange
from consultations.reminders import RULES
from consultations.services import Refused
from miglobe.core.models import AuditEntry, OutboxMessage
from miglobe.core.reminders import send_due_reminders
from miglobe.core.testing import assert_constant_queries
from pool import advisor_erasure, roster, roster_services
from pool.exceptions import Refused as PoolRefused
from pool.models import Advisor

from .fee_factories import bank_account, make_entry, standard_rates, tandem
from .test_private_page import landing, open_link

pytestmark = pytest.mark.django_db


def sweep_twice(now):
    send_due_reminders(now, rules=RULES)
    send_due_reminders(now + timedelta(minutes=5), rules=RULES)


def complete(consultation, assignment, outcome=Outcome.BERATUNG, now=None):
    return fee_services.complete_case(
        consultation=consultation,
        advisor=assignment.advisor,
        outcome=outcome,
        what_was_done="Zwei Workshops mit Vereinen.",
        next_plans="Ein Beirat für Entwicklungspolitik.",
        now=now,
    )


def test_completion_writes_the_report_and_asks_the_municipality_once(staff):
    consultation, mine, _ = tandem(stage=Stage.DIALOGFORUM_HELD)
    with pytest.raises(Refused):  # a Dialogforum-only case cannot be completed as a Beratung
        complete(consultation, mine, Outcome.BERATUNG)
    _, outsider, _ = tandem(stage=Stage.DIALOGFORUM_HELD)
    with pytest.raises(Refused):
        complete(consultation, outsider, Outcome.DIALOGFORUM_ONLY)
    report = complete(consultation, mine, Outcome.DIALOGFORUM_ONLY)
    consultation.refresh_from_db()
    assert consultation.stage == Stage.COMPLETED and report.outcome == Outcome.DIALOGFORUM_ONLY
    assert OutboxMessage.objects.filter(template="consultations/feedback_request").count() == 1
    assert AuditEntry.objects.filter(action="consultations.casereport.written").count() == 1
    with pytest.raises(Refused):
        complete(consultation, mine, Outcome.DIALOGFORUM_ONLY)


def test_a_municipality_link_opens_only_its_own_feedback_form(client):
    a, a_assignment, _ = tandem(municipality__name="Eberbach, Stadt")
    b, b_assignment, _ = tandem(municipality__name="Weinheim, Große Kreisstadt")
    complete(a, a_assignment)
    complete(b, b_assignment)
    page = open_link(client, a).content.decode()
    assert reverse("consultations:request_feedback", args=[a.public_id]) in page
    assert reverse("consultations:request_feedback", args=[b.public_id]) not in page
    refused = client.post(reverse("consultations:request_feedback", args=[b.public_id]), {"rating": "1", "text": "x"})
    assert refused.status_code == 404
    assert client.get(landing(b)).status_code == 404
    client.post(reverse("consultations:request_feedback", args=[a.public_id]), {"rating": "5", "text": "Sehr gut"})
    assert Feedback.objects.get(request=a).rating == 5
    assert Feedback.objects.get(request=b).answered_at is None
    # Once answered, a second answer is refused and changes nothing.
    client.post(reverse("consultations:request_feedback", args=[a.public_id]), {"rating": "1", "text": "anders"})
    assert Feedback.objects.get(request=a).text == "Sehr gut"


def test_the_feedback_reminder_goes_once_a_week_later_and_staff_see_who_has_not_answered(client, staff):
    now = timezone.now()
    a, a_assignment, _ = tandem()
    b, b_assignment, _ = tandem()
    complete(a, a_assignment, now=now - timedelta(days=7, minutes=1))
    complete(b, b_assignment, now=now - timedelta(days=7, minutes=1))
    fee_services.give_feedback(consultation=b, rating=4, text="")
    sweep_twice(now - timedelta(days=1))  # not yet
    assert not OutboxMessage.objects.filter(template="consultations/feedback_reminder").exists()
    sweep_twice(now)
    reminder = OutboxMessage.objects.get(template="consultations/feedback_reminder")
    assert reminder.recipient.endswith(f"<{a.email}>")
    client.force_login(staff)
    page = client.get(reverse("consultations:staff_feedback")).content.decode()
    assert page.count("noch keine Antwort") == 1 and "4/5" in page


def test_a_planned_date_without_entry_reminds_the_advisor_after_two_days_once(staff):
    now = timezone.now()
    consultation, mine, partner = tandem()
    held = now - timedelta(days=2, hours=1)
    Appointment.objects.create(request=consultation, kind=Format.DIALOGFORUM, starts_at=held)
    Appointment.objects.create(request=consultation, kind=Format.WORKSHOP, starts_at=now - timedelta(days=1))  # not yet
    make_entry(partner, date=timezone.localtime(held).date())  # the partner logged it already
    sweep_twice(now)
    reminder = OutboxMessage.objects.get(template="consultations/log_entry_missing")
    assert reminder.recipient.endswith(f"<{mine.advisor.email}>")
    # Once the entry is there, a later sweep sends nothing more.
    make_entry(mine, date=timezone.localtime(held).date())
    sweep_twice(now + timedelta(hours=12))  # the workshop is then a day and a half past: not yet due
    assert OutboxMessage.objects.filter(template="consultations/log_entry_missing").count() == 1


def test_the_figures_count_dialogforen_kommunen_and_beratungen(client, staff):
    def case(stages, municipality=None):
        consultation, *_ = tandem(stage=stages[-1], **({"municipality": municipality} if municipality else {}))
        for source, target in zip([Stage.RECEIVED, *stages], stages, strict=False):
            StageChange.objects.create(request=consultation, from_stage=source, to_stage=target)
        return consultation

    first = case([Stage.DIALOGFORUM_HELD, Stage.BERATUNG_RUNNING])
    case([Stage.DIALOGFORUM_HELD], municipality=first.municipality)  # a second Dialogforum in the same Kommune
    case([Stage.DIALOGFORUM_HELD])
    case([Stage.IN_REVIEW])
    client.force_login(staff)
    page = client.get(reverse("consultations:staff_figures")).content.decode()
    assert "3 Dialogforen in 2 Kommunen/Landkreisen führten zu 1 Beratungen in 1." in page


def test_the_roster_column_shows_days_and_fees_so_far(staff):
    register_hooks()
    standard_rates()
    _, mine, _ = tandem()
    for minutes in (600, 60):  # two started days and a short talk: 800 + 150
        fee_services.approve_entry(entry=make_entry(mine, duration_minutes=minutes), by=staff)
    make_entry(mine, duration_minutes=600)  # not approved: not counted
    annotated = roster.annotate(Advisor.objects.filter(pk=mine.advisor.pk)).get()
    column = next(c for c in roster.columns() if c.key == "consultations_fees")
    assert column.render(annotated) == "1.4 Tage, 950.00 €"


def test_the_running_totals_grow_with_each_approval_and_match_a_recount(staff):
    """The roster and the matching page read each advisor's total instead of summing the log (issue #13)."""
    from consultations.models import FeeTotal

    standard_rates()
    _, mine, partner = tandem()
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=600), by=staff)  # two started days: 800
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60), by=staff)  # 150
    fee_services.approve_entry(entry=make_entry(partner, duration_minutes=180), by=staff)  # 250
    returned = make_entry(mine, duration_minutes=600)
    fee_services.return_entry(entry=returned, by=staff, comment="Bitte genauer")  # not counted
    make_entry(partner, duration_minutes=60)  # waiting: not counted
    with pytest.raises(Refused):  # approving twice counts once
        fee_services.approve_entry(entry=mine.log_entries.order_by("pk").first(), by=staff)

    totals = {t.advisor_id: (t.minutes, t.fees) for t in FeeTotal.objects.all()}
    assert totals == {mine.advisor_id: (660, Decimal("950.00")), partner.advisor_id: (180, Decimal("250.00"))}
    assert fee_services.recount_fee_totals() == 2
    assert {t.advisor_id: (t.minutes, t.fees) for t in FeeTotal.objects.all()} == totals


def test_paid_claims_survive_the_erasure_of_the_advisor_pseudonymised(staff):
    register_hooks()
    standard_rates()
    _, mine, _ = tandem()
    advisor = mine.advisor
    bank_account(advisor)
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60), by=staff)
    claim = fee_services.submit_claim(
        claim=fee_services.prepare_claim(advisor=advisor, month=date(2027, 3, 1)), advisor=advisor
    )
    roster_services.leave_pool(advisor=advisor, by=staff, reason="Umzug")
    with pytest.raises(PoolRefused):  # an open claim must be settled first
        advisor_erasure.erase_advisor(advisor=advisor, by=staff, on_request=True)
    fee_services.mark_claim_paid(claim=fee_services.approve_claim(claim=claim, by=staff), by=staff)
    advisor_erasure.erase_advisor(advisor=advisor, by=staff, on_request=True)
    claim = FeeClaim.objects.get(pk=claim.pk)
    assert claim.status == ClaimStatus.PAID and claim.total == Decimal("150.00")
    assert claim.advisor_name == advisor_erasure.pseudonym(advisor) and claim.iban == ""
    assert claim.pseudonymised_at is not None


def test_the_admin_changelists_keep_their_query_count(client, staff):
    client.force_login(staff)

    def grow_claims(n):
        for _ in range(n):
            _case, mine, _partner = tandem()
            FeeClaim.objects.create(advisor=mine.advisor, month=date(2027, 3, 1))

    claims = assert_constant_queries(
        lambda: client.get(reverse("admin:consultations_feeclaim_changelist")), grow_claims
    )
    versions = iter(range(1000))

    def grow_rates(n):
        for _ in range(n):
            day = date(2020, 1, 1) + timedelta(days=next(versions))
            fee_services.add_rate(basis="day", up_to_minutes=None, amount=Decimal("400"), valid_from=day, by=staff)

    rates = assert_constant_queries(lambda: client.get(reverse("admin:consultations_feerate_changelist")), grow_rates)
    assert (claims, rates) == (7, 7)


def test_on_the_first_of_a_month_an_advisor_with_unclaimed_fees_is_reminded_once(staff):
    import datetime
    from zoneinfo import ZoneInfo

    standard_rates()
    _, mine, partner = tandem()
    fee_services.approve_entry(entry=make_entry(mine, date=date(2027, 3, 10), duration_minutes=60), by=staff)
    fee_services.approve_entry(entry=make_entry(partner, date=date(2027, 4, 2), duration_minutes=60), by=staff)
    first_of_april = datetime.datetime(2027, 4, 1, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    sweep_twice(first_of_april)
    reminder = OutboxMessage.objects.get(template="consultations/fee_claim_due")
    assert reminder.recipient.endswith(f"<{mine.advisor.email}>")  # the partner's entry is of April
    fee_services.prepare_claim(advisor=mine.advisor, month=date(2027, 3, 1))
    sweep_twice(first_of_april + timedelta(days=1))
    assert OutboxMessage.objects.filter(template="consultations/fee_claim_due").count() == 1


def test_the_matching_fairness_column_shows_the_fees_so_far(staff):
    from consultations.matching import rank_advisors

    from .factories import RequestFactory

    standard_rates()
    _, mine, _ = tandem()
    fee_services.approve_entry(entry=make_entry(mine, duration_minutes=60), by=staff)
    fees_by_advisor = {c.advisor.pk: c.fees_so_far for c in rank_advisors(RequestFactory())}
    assert fees_by_advisor[mine.advisor.pk] == Decimal("150.00")
    assert Decimal("0.00") in fees_by_advisor.values()  # the partner, nothing approved yet


def test_staff_read_the_case_report_and_the_feedback_on_the_request_page(client, staff):
    consultation, mine, _ = tandem()
    complete(consultation, mine)
    client.force_login(staff)
    url = reverse("consultations:staff_request", args=[consultation.pk])
    page = client.get(url).content.decode()
    assert "Zwei Workshops mit Vereinen." in page and "noch keine Antwort" in page
    fee_services.give_feedback(consultation=consultation, rating=4, text="Gut begleitet.")
    assert "4/5 Gut begleitet." in client.get(url).content.decode()
