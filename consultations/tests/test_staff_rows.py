"""The staff tables' ready values are the texts Django's filters would have written (decision 0160)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat, truncatechars
from django.utils import translation
from django.utils.formats import date_format

from consultations.staff_rows import berlin_dates, euro_amounts, short_dates, truncated
from pool.templatetags.pool_public import berlin_date

AMOUNTS = [Decimal("0.00"), Decimal("0"), Decimal("7.35"), Decimal("1234.50"), Decimal("-3.10"), Decimal("99999.99")]


@pytest.mark.parametrize("language", ["de", "en"])
def test_amounts_dates_and_summaries_as_the_filters_write_them(language):
    with translation.override(language):
        money, days, short = euro_amounts(), berlin_dates(), short_dates()
        assert [money(a) for a in AMOUNTS] == [floatformat(a, 2) for a in AMOUNTS]
        assert money(None) == floatformat(None, 2) == ""
        # 23:30 UTC on 31 March is already 1 April in Berlin; the same day twice gives the same text.
        for moment in (datetime(2027, 3, 31, 23, 30, tzinfo=UTC), datetime(2027, 1, 1, 12, tzinfo=UTC)) * 2:
            assert days(moment) == berlin_date(moment)
        # The language's short format, as the admin lists: 09.03.2027 in German, 09/03/2027 in English.
        assert short(date(2027, 3, 9)) == date_format(date(2027, 3, 9), "SHORT_DATE_FORMAT")
        assert short(date(2027, 3, 9)) == {"de": "09.03.2027", "en": "09/03/2027"}[language]
    for text in ("kurz", "x" * 200, "x" * 201, "e\u0301" * 150, "<b>" + "ä" * 300):
        assert truncated(text) == truncatechars(text, 200)
