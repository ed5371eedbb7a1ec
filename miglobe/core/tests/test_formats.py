"""English pages show and read dates day first, like the German ones (found in the trial walk: the pool
overview showed joining dates as "07/04/2026" beside "29/11/2026 17:28")."""

import datetime

from django import forms
from django.utils import formats, translation


def test_english_short_dates_are_day_first_like_the_short_date_times():
    with translation.override("en"):
        assert formats.date_format(datetime.date(2026, 7, 4), "SHORT_DATE_FORMAT") == "04/07/2026"
        assert formats.date_format(datetime.datetime(2026, 11, 29, 17, 28), "SHORT_DATETIME_FORMAT") == (
            "29/11/2026 17:28"
        )


def test_a_date_typed_on_an_english_page_is_read_day_first():
    field = forms.DateField()
    with translation.override("en"):
        assert field.clean("04/07/2026") == datetime.date(2026, 7, 4)
        assert field.clean("2026-07-04") == datetime.date(2026, 7, 4)
    with translation.override("de"):
        assert field.clean("04.07.2026") == datetime.date(2026, 7, 4)
