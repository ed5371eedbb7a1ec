"""How numbers are rounded and written for people: one place, so the admin list, the ranking page and the
exports never disagree (a score of 3.125 once read 3,13 in the admin and 3.12 in the CSV)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format

SCORE_PLACES = Decimal("0.01")


def score(value) -> Decimal | None:
    """A weighted score rounded half up to two places, as people round (3.125 -> 3.13).

    The score arrives as a float from the database. Going through its shortest repr ("3.125") rather than
    its binary value (3.12499999…) is what makes the rounding match what the reader sees and expects;
    Python's round() would give 3.12 here."""
    if value is None:
        return None
    return Decimal(repr(float(value)) if isinstance(value, float) else str(value)).quantize(
        SCORE_PLACES, rounding=ROUND_HALF_UP
    )


def decimal_text(value: Decimal) -> str:
    """A Decimal written with the active language's decimal separator (German: 3,13; English: 3.13)."""
    return str(value).replace(".", get_format("DECIMAL_SEPARATOR"))


def score_text(value, empty: str = "–") -> str:
    """The score as the admin column and the ranking page show it: rounded, localised, a dash if none."""
    rounded = score(value)
    return empty if rounded is None else decimal_text(rounded)
