from datetime import date
from decimal import Decimal

from consultations.choices import ActivityKind, AssignmentStatus, RateBasis, Setting, Stage
from consultations.models import BankAccount, FeeRate, LogEntry

from .factories import ActivePortalAdvisorFactory, AssignmentFactory, RequestFactory


def standard_rates(valid_from=date(2027, 1, 1), *, short="150.00", half="250.00", day="400.00"):
    """Up to 2 h, up to 4 h, and a day rate."""
    return [
        FeeRate.objects.create(
            basis=RateBasis.HOUR_BAND, up_to_minutes=120, amount=Decimal(short), valid_from=valid_from
        ),
        FeeRate.objects.create(
            basis=RateBasis.HOUR_BAND, up_to_minutes=240, amount=Decimal(half), valid_from=valid_from
        ),
        FeeRate.objects.create(basis=RateBasis.DAY, up_to_minutes=None, amount=Decimal(day), valid_from=valid_from),
    ]


def tandem(stage=Stage.BERATUNG_RUNNING, **request_kwargs):
    consultation = RequestFactory(stage=stage, **request_kwargs)
    first = AssignmentFactory(
        request=consultation, advisor=ActivePortalAdvisorFactory(), status=AssignmentStatus.ACCEPTED
    )
    second = AssignmentFactory(
        request=consultation, advisor=ActivePortalAdvisorFactory(), status=AssignmentStatus.ACCEPTED
    )
    return consultation, first, second


def entry_data(**overrides):
    data = {
        "date": date(2027, 3, 10),
        "kind": ActivityKind.DIALOGFORUM,
        "duration_minutes": 180,
        "setting": Setting.ON_SITE,
        "participants": 12,
        "summary": "Dialogforum mit Verwaltung und Vereinen.",
        "next_steps": "Workshop im Mai.",
        "travel_costs": Decimal("0.00"),
    }
    data.update(overrides)
    return data


def make_entry(assignment, **overrides):
    return LogEntry.objects.create(assignment=assignment, **entry_data(**overrides))


def bank_account(advisor):
    return BankAccount.objects.create(advisor=advisor, holder="A. Beispiel", iban="DE89370400440532013000")
