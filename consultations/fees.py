"""Fee arithmetic: exact euro amounts (Decimal) from the rate versions valid on an entry's own date.

Each entry is priced with the rates in force on the day of the activity, so a rate that changes in the middle
of a month applies per entry. An activity up to a band's upper limit is paid the band's flat amount (the
smallest band that fits); anything longer than the longest band is paid the day rate per started day of
DAY_MINUTES. Travel is paid by its receipts (travel_costs), not by time.
See docs/decisions/0090-consultation-log-and-fees.md.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import ActivityKind, RateBasis
from .models import FeeRate

CENT = Decimal("0.01")
DAY_MINUTES = 8 * 60


class NoRate(Exception):
    """No rate is valid on the entry's date: staff must set one before approving."""


@dataclass(frozen=True)
class Price:
    rate: FeeRate | None
    fee: Decimal


def rates_on(day, rates=None) -> dict:
    """{(basis, up_to_minutes): the version in force on `day`}; `rates` may be preloaded versions."""
    versions = (
        FeeRate.objects.valid_on(day)
        if rates is None
        else sorted((r for r in rates if r.valid_from <= day), key=lambda r: (r.valid_from, r.pk), reverse=True)
    )
    current = {}
    for rate in versions:
        current.setdefault((rate.basis, rate.up_to_minutes), rate)
    return current


def price(*, kind, minutes: int, day, rates=None) -> Price:
    if kind == ActivityKind.TRAVEL:
        return Price(rate=None, fee=Decimal("0.00"))
    current = rates_on(day, rates)
    bands = sorted(
        (rate for (basis, _), rate in current.items() if basis == RateBasis.HOUR_BAND),
        key=lambda r: r.up_to_minutes or 0,
    )
    for band in bands:
        if minutes <= (band.up_to_minutes or 0):
            return Price(rate=band, fee=band.amount.quantize(CENT, ROUND_HALF_UP))
    day_rate = current.get((RateBasis.DAY, None))
    if day_rate is None:
        raise NoRate(day)
    days = -(-minutes // DAY_MINUTES)  # started days
    return Price(rate=day_rate, fee=(day_rate.amount * days).quantize(CENT, ROUND_HALF_UP))


def total(entries) -> Decimal:
    return sum((entry.amount for entry in entries), Decimal("0.00")).quantize(CENT, ROUND_HALF_UP)
