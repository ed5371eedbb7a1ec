"""Admin change lists that stay fast at 100,000 rows and cheap at 100 rows a page (docs/benchmarks.md).

- `LargeTablePaginator`: counts exactly only up to `EXACT_LIMIT` rows (a COUNT over a LIMITed subquery,
  whose cost does not grow with the table); beyond that, PostgreSQL's planner estimate of the filtered
  query. Together with `show_full_result_count = False` there is no unfiltered COUNT(*) over a large table.
- `FastListMixin.action_checkbox`: Django renders the row's checkbox through the widget templates, about
  3 ms a row; written directly it is the same markup for a fraction.
- `boolean_icon`: the admin's yes/no icon, made once per value, not once per cell; `short_date` a date
  column's text without Django's format parser per row.
- `DistinctValuesFilter`: a filter over the distinct values of a column (the outbox's templates, the
  reminders' rules) walks the column's index instead of a DISTINCT over the whole table on every page.
"""

import datetime
from functools import cache, lru_cache

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.db import connection, connections
from django.dispatch import receiver
from django.templatetags.static import static
from django.utils import timezone
from django.utils.dateformat import DateFormat, re_escaped, re_formatchars
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _


class LargeTablePaginator(Paginator):
    EXACT_LIMIT = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        exact = queryset.order_by().values("pk")[: self.EXACT_LIMIT + 1].count()
        if exact <= self.EXACT_LIMIT:
            return exact
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return exact
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):  # psycopg2 returns the JSON parsed; keep working if a driver does not
            import json

            plan = json.loads(plan)
        return max(exact, int(plan[0]["Plan"]["Plan Rows"]))


@cache
def _icon(value):
    url = static("admin/img/icon-{}.svg".format({True: "yes", False: "no", None: "unknown"}[value]))
    return format_html('<img src="{}" alt="{}">', url, value)


def boolean_icon(value):
    """The admin's boolean icon (same markup as `boolean=True` columns), made once per value."""
    return _icon(None if value is None else bool(value))


# Django's date format characters of the short formats in use, as strftime patterns (zero-padded alike).
_STRFTIME = {"d.m.Y": "%d.%m.%Y", "d/m/Y": "%d/%m/%Y", "Y-m-d": "%Y-%m-%d", "m/d/Y": "%m/%d/%Y"}


_per_language_results: list[dict] = []


def per_language(build):
    """`build()` once per language and process, for texts that depend on nothing but the language (translated
    labels, format patterns): a column asked them of the translation machinery once per row."""
    built = {}
    _per_language_results.append(built)

    def get():
        language = get_language()
        try:
            return built[language]
        except KeyError:
            value = built[language] = build()
            return value

    return get


@per_language
def _short_date_pattern():
    pattern = get_format("SHORT_DATE_FORMAT")
    return pattern, _STRFTIME.get(pattern)


def short_date(moment):
    """`date_format(localtime(moment), "SHORT_DATE_FORMAT")` for a column: the same text, without Django's
    format parser for every row (a fifth of the application list's rows' time)."""
    if moment is None:
        return None
    day = timezone.localtime(moment) if isinstance(moment, datetime.datetime) else moment
    pattern, strftime = _short_date_pattern()
    return day.strftime(strftime) if strftime else date_format(day, pattern)


# Format characters that depend only on the date, and those of the time written here as DateFormat does.
_DATE_CHARACTERS = set("bdDEFjlLmMnNoStwWyYz")
_TIME_CHARACTERS = {"H": "{:02d}".format, "i": "{:02d}".format, "s": "{:02d}".format, "G": str}
_TIME_FIELDS = {"H": "hour", "i": "minute", "s": "second", "G": "hour"}


@lru_cache(maxsize=32)
def _compiled_format(pattern):
    """The pieces of a Django date format as Formatter.format splits it, or None if it uses a character
    `datetime_text` does not write itself."""
    pieces = []
    for index, piece in enumerate(re_formatchars.split(pattern)):
        if index % 2:
            if piece not in _DATE_CHARACTERS and piece not in _TIME_CHARACTERS:
                return None
            pieces.append((True, piece))
        elif piece:
            pieces.append((False, re_escaped.sub(r"\1", piece)))
    return tuple(pieces)


@lru_cache(maxsize=2048)
def _date_pieces(language, day, pattern):
    formatter = DateFormat(day)
    return {
        piece: str(getattr(formatter, piece)())
        for is_char, piece in _compiled_format(pattern)
        if is_char and piece in _DATE_CHARACTERS
    }


_datetime_formats = {}  # (language, format name) -> (pattern, compiled pattern): asked once, not once per cell


@receiver(setting_changed)
def _forget_language_texts(*, setting, **kwargs):
    """A test that changes a format or the languages must not see what was built for the old ones (Django
    forgets its own format cache on the same signal)."""
    if setting.endswith("_FORMAT") or setting in {"FORMAT_MODULE_PATH", "LANGUAGES", "LANGUAGE_CODE"}:
        _datetime_formats.clear()
        for built in _per_language_results:
            built.clear()


def datetime_text(value, format_name="DATETIME_FORMAT"):
    """What the admin shows for a DateTimeField (`formats.localize(template_localtime(value))`), or with
    another format `{{ value|date:format_name }}`: the same text, with the date's part (day, month name …)
    made once per day and language instead of once per cell by Django's format parser, which cost more than
    all other cells of the outbox list together."""
    value = timezone.template_localtime(value)
    language = get_language()
    try:
        pattern, compiled = _datetime_formats[language, format_name]
    except KeyError:
        pattern = str(get_format(format_name))
        pattern, compiled = _datetime_formats[language, format_name] = pattern, _compiled_format(pattern)
    if compiled is None:
        return date_format(value, pattern)
    date_pieces = _date_pieces(language, value.date(), pattern)
    return "".join(
        (
            _TIME_CHARACTERS[piece](getattr(value, _TIME_FIELDS[piece]))
            if piece in _TIME_CHARACTERS
            else date_pieces[piece]
        )
        if is_char
        else piece
        for is_char, piece in compiled
    )


class FastChangeList(ChangeList):
    """Django's change list, its query strings (one per filter choice, sort link and page link) encoded from
    pairs encoded once each: `urlencode` of the whole query for every one of ~100 links cost more than all
    the list's rows."""

    def get_query_string(self, new_params=None, remove=None):
        params = self.filter_params.copy()
        for prefix in remove or ():
            for key in list(params):
                if key.startswith(prefix):
                    del params[key]
        for key, value in (new_params or {}).items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        encoded = (self._encoded(key, value) for key, value in sorted(params.items()))
        return "?" + "&".join(pair for pair in encoded if pair)

    def _encoded(self, key, value):
        cache = self.__dict__.setdefault("_encoded_pairs", {})
        hashable = tuple(value) if isinstance(value, list) else value
        try:
            return cache[key, hashable]
        except KeyError:
            pair = cache[key, hashable] = urlencode([(key, value)], doseq=True)
            return pair
        except TypeError:  # a value that cannot be a key: encode it every time
            return urlencode([(key, value)], doseq=True)


@per_language
def _select_label():
    return _("Select this object for an action - {}")


class FastListMixin:
    show_full_result_count = False
    paginator = LargeTablePaginator
    fast_rows = True  # rows by `{% fast_result_list %}` (templates/admin/change_list.html), the same markup

    def get_changelist(self, request, **kwargs):
        return FastChangeList if self.fast_rows else super().get_changelist(request, **kwargs)

    def action_checkbox(self, obj):
        # format_html's markup with the translated label inserted as it is, the object's text escaped.
        label = _select_label().format(escape(str(obj)))
        return mark_safe(  # noqa: S308
            f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" value="{escape(obj.pk)}"'
            f' class="action-select" aria-label="{label}">'
        )


def distinct_values(model, field_name: str) -> list:
    """The distinct non-null values of one indexed column, by a "loose index scan": each step asks the index
    for the first value after the previous one, so the cost follows the number of different values, not the
    number of rows (a plain DISTINCT reads the whole table)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(field_name).column)
    # Only names from the model's meta, quoted, go into the text; there are no values.
    step = f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL{{after}} ORDER BY {column} LIMIT 1"  # noqa: S608
    first, following = step.format(after=""), step.format(after=f" AND {column} > found.value")
    sql = (
        # The first step as a derived table: SQLite (the quick start) allows no parenthesised member with
        # ORDER BY/LIMIT in a compound query, PostgreSQL takes either form.
        f"WITH RECURSIVE found(value) AS (SELECT * FROM ({first}) AS first_step UNION ALL "  # noqa: S608
        f"SELECT ({following}) FROM found WHERE found.value IS NOT NULL) "
        "SELECT value FROM found WHERE value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


class DistinctValuesFilter(admin.AllValuesFieldListFilter):
    """`AllValuesFieldListFilter` over an indexed column, its values found by `distinct_values`."""

    @property
    def lookup_choices(self):
        return self._lookup_choices

    @lookup_choices.setter
    def lookup_choices(self, queryset):
        # The parent assigns a DISTINCT queryset over the whole table here; it is never evaluated.
        self._lookup_choices = distinct_values(queryset.model, self.lookup_kwarg)
