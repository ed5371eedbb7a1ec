"""English pages show and read dates day first, like the German ones (found in the trial walk: the pool
overview showed joining dates as "07/04/2026" beside "29/11/2026 17:28")."""

import datetime

from django import forms
from django.utils import formats, timezone, translation


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


def test_the_admin_lists_formats_built_once_per_language_follow_a_changed_setting(settings):
    """`short_date` and `datetime_text` keep their patterns per language (admin_lists.per_language); a changed
    format setting must not leave them with the old one."""
    from miglobe.core.admin_lists import datetime_text, short_date

    day, moment = datetime.date(2027, 3, 4), datetime.datetime(2027, 3, 4, 9, 5, tzinfo=datetime.UTC)
    with translation.override("en"):
        assert short_date(day) == "04/03/2027"  # ours (miglobe/formats/en): day first
        assert datetime_text(moment, "SHORT_DATETIME_FORMAT") == "04/03/2027 10:05"
        settings.FORMAT_MODULE_PATH = None  # Django's own English formats: month first …
        settings.SHORT_DATE_FORMAT = "Y-m-d"  # … once a format setting makes Django forget its format cache
        assert short_date(day) == formats.date_format(day, "SHORT_DATE_FORMAT") == "03/04/2027"
        expected = formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        assert datetime_text(moment, "SHORT_DATETIME_FORMAT") == expected == "03/04/2027 10:05 a.m."
