"""Demo data of issue #12, on the demo requests of demo.py: log entries approved, returned and pending; fee
rates with one change in the middle of a month; a paid, a submitted and a draft claim; and a completed case
with its report and the municipality's feedback. Idempotent: it does nothing once demo rates exist."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from . import fee_services
from .choices import ActivityKind, AssignmentStatus, ClaimStatus, Outcome, RateBasis, Setting, Stage
from .models import Assignment, BankAccount, CaseReport, Feedback, FeeRate, LogEntry

DEMO_IBAN = "DE89370400440532013000"  # the well-known test IBAN, valid check digits, nobody's account


def _months_back(today: date, n: int) -> date:
    year, month = today.year, today.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def _entry(assignment, day, kind, minutes, summary, **extra):
    at = timezone.make_aware(datetime.combine(day, time(12)))
    return LogEntry.objects.create(
        assignment=assignment,
        date=day,
        kind=kind,
        duration_minutes=minutes,
        setting=extra.pop("setting", Setting.ON_SITE),
        participants=extra.pop("participants", 12),
        summary=summary,
        next_steps=extra.pop("next_steps", "Nächsten Termin mit der Verwaltung abstimmen."),
        created_at=at,
        updated_at=at,
        **extra,
    )


def seed(*, stdout):
    if FeeRate.objects.exists():
        stdout.write("Honorare: schon angelegt")
        return
    today = timezone.localdate()
    three, two, last = (_months_back(today, n) for n in (3, 2, 1))
    change = two + timedelta(days=14)  # the 15th: a change in the middle of a month
    start = _months_back(today, 12)
    for basis, up_to, amount in [
        (RateBasis.HOUR_BAND, 120, "150.00"),
        (RateBasis.HOUR_BAND, 240, "250.00"),
        (RateBasis.DAY, None, "400.00"),
    ]:
        fee_services.add_rate(basis=basis, up_to_minutes=up_to, amount=Decimal(amount), valid_from=start, by=None)
    fee_services.add_rate(
        basis=RateBasis.HOUR_BAND, up_to_minutes=120, amount=Decimal("165.00"), valid_from=change, by=None
    )

    running = list(
        Assignment.objects.filter(status=AssignmentStatus.ACCEPTED, request__stage=Stage.BERATUNG_RUNNING)
        .select_related("advisor", "request")
        .order_by("request__created_at", "pk")
    )
    if not running:
        stdout.write("Honorare: Sätze angelegt (keine Einsätze für Protokolleinträge)")
        return
    main = running[0]
    BankAccount.objects.get_or_create(
        advisor=main.advisor, defaults={"holder": main.advisor.full_name, "iban": DEMO_IBAN}
    )
    # Three months ago: paid. Two months ago, across the rate change: submitted. Last month: a draft.
    for month, status in [(three, ClaimStatus.PAID), (two, ClaimStatus.SUBMITTED), (last, ClaimStatus.DRAFT)]:
        entries = [
            _entry(main, month + timedelta(days=4), ActivityKind.TALK, 60, "Vortrag im Integrationsausschuss."),
            _entry(
                main, month + timedelta(days=9), ActivityKind.WORKSHOP, 210, "Workshop mit Vereinen und Verwaltung."
            ),
            _entry(main, month + timedelta(days=19), ActivityKind.COUNSELLING, 90, "Beratungsgespräch im Amt."),
            _entry(
                main,
                month + timedelta(days=19),
                ActivityKind.TRAVEL,
                120,
                "Anreise mit der Bahn.",
                travel_costs=Decimal("38.40"),
                participants=0,
            ),
        ]
        for entry in entries:
            fee_services.approve_entry(entry=entry, by=None)
        claim = fee_services.prepare_claim(advisor=main.advisor, month=month)
        if status != ClaimStatus.DRAFT:
            claim = fee_services.submit_claim(claim=claim, advisor=main.advisor)
        if status == ClaimStatus.PAID:
            fee_services.mark_claim_paid(claim=fee_services.approve_claim(claim=claim, by=None), by=None)

    # This month, on every running case: one entry waiting for approval, one returned with a comment.
    for assignment in running:
        _entry(assignment, today.replace(day=1), ActivityKind.PREPARATION, 60, "Vorbereitung des Workshops.")
    returned = _entry(running[-1], today.replace(day=1), ActivityKind.TALK, 45, "Vortrag im Gemeinderat.")
    fee_services.return_entry(entry=returned, by=None, comment="Bitte die Zahl der Teilnehmenden ergänzen.")

    completed = Assignment.objects.filter(
        status=AssignmentStatus.ACCEPTED, request__stage=Stage.COMPLETED
    ).select_related("request", "advisor")
    for assignment in completed:
        consultation = assignment.request
        if CaseReport.objects.filter(request=consultation).exists():
            continue
        CaseReport.objects.create(
            request=consultation,
            outcome=Outcome.BERATUNG,
            what_was_done="Drei Workshops mit Verwaltung und Migrant*innenorganisationen, ein Beirat ist gegründet.",
            next_plans="Der Beirat lädt zweimal im Jahr zu einem Austausch ein.",
            written_by=assignment.advisor,
            completed_at=consultation.stage_changed_at,
        )
        Feedback.objects.create(
            request=consultation,
            asked_at=consultation.stage_changed_at,
            rating=5,
            text="Sehr hilfreich: Wir haben jetzt feste Ansprechpersonen in den Vereinen.",
            answered_at=consultation.stage_changed_at + timedelta(days=3),
        )
    stdout.write(
        f"Honorare: {LogEntry.objects.count()} Protokolleinträge, Abrechnungen bezahlt/eingereicht/Entwurf für "
        f"{main.advisor}"
    )
