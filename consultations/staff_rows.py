"""The staff pages' tables as rows of ready values (decision 0120, applied to the staff pages in 0160).

A table of 50 or 60 rows read as model instances with every joined column, and written with a `{% url %}`,
a `get_*_display()` and a date filter per cell, cost the staff pages several times the rest of the request
(issue #13). Here each table is read with `values_list` and turned into tuples once: labels from the
`Choices` once per request, URLs by `pk_url` (one `reverse()` per table), each day's date text made once.
The markup stays in the templates.
"""

import unicodedata

from django.utils.formats import date_format, get_format
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from miglobe.core.admin_lists import short_date
from miglobe.core.labels import choice_labels
from miglobe.core.reversing import pk_url
from pool.templatetags.pool_public import BERLIN

from .choices import ActivityKind, Setting, Stage
from .models import request_number, short_name


def per_value(make):
    """`make` for the rows of one table, called once per distinct value: dates, amounts and counts repeat
    down a table, and Django's formatting costs 50–150 calls each. Fresh for each page, so the texts follow
    the request's language."""
    texts = {}

    def text(value):
        if value not in texts:
            texts[value] = make(value)
        return texts[value]

    return text


def euro_amounts():
    """`{{ amount|floatformat:2 }}` for amounts stored with two decimal places (fees, travel costs), without
    Django's Decimal arithmetic and number formatting per row (about 100 calls each): the decimal separator of
    the request's language, no grouping (as floatformat without "g")."""
    separator = get_format("DECIMAL_SEPARATOR")
    return lambda amount: "" if amount is None else f"{amount:.2f}".replace(".", separator)


def berlin_dates():
    """`berlin_date` for the rows of one table: each day's text made once."""
    by_day = per_value(lambda day: date_format(day, "DATE_FORMAT"))
    return lambda moment: by_day(moment.astimezone(BERLIN).date()) if moment else ""


def short_dates():
    """A day in the language's short format (01.12.2026, 01/12/2026), as the admin lists write it, once per day."""
    return per_value(short_date)


# The staff request list: what `request_rows` reads of each request (with the list's two counts).
REQUEST_COLUMNS = ("pk", "created_at", "municipality__name", "stage", "accepted_count", "proposed_count")


def request_rows(values) -> list[dict]:
    """The staff list's requests of REQUEST_COLUMNS: link, number, municipality, received on, stage, counts."""
    detail_url, stages, received = pk_url("consultations:staff_request"), choice_labels(Stage), berlin_dates()
    return [
        {
            "url": detail_url(pk),
            "number": request_number(pk, created_at),
            "municipality": municipality,
            "received": received(created_at),
            "stage": stages.get(stage, stage),
            "accepted": accepted,
            "proposed": proposed,
        }
        for pk, created_at, municipality, stage, accepted, proposed in values
    ]


# The approval queue: what `queue_rows` reads of each waiting entry.
QUEUE_COLUMNS = (
    "pk",
    "date",
    "assignment__request_id",
    "assignment__request__created_at",
    "assignment__request__municipality__name",
    "assignment__advisor__first_name",
    "assignment__advisor__last_name",
    "kind",
    "setting",
    "participants",
    "duration_minutes",
    "travel_costs",
    "receipt",
    "summary",
)


SUMMARY_CHARS = 200


def truncated(text: str) -> str:
    """`{{ text|truncatechars:200 }}`: a text of at most 200 characters (after the NFC normalisation the
    Truncator does too) is never cut, and skips the Truncator's loop over every character."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= SUMMARY_CHARS else Truncator(text).chars(SUMMARY_CHARS)


def queue_rows(values) -> list[dict]:
    """The approval queue's entries of QUEUE_COLUMNS, each with its texts and links ready for the table."""
    review_url, receipt_url = pk_url("consultations:staff_entry_review"), pk_url("consultations:receipt")
    kinds, settings_, dates = choice_labels(ActivityKind), choice_labels(Setting), short_dates()
    money = euro_amounts()
    people = per_value(
        lambda count: ngettext("%(count)s Teilnehmende*r", "%(count)s Teilnehmende", count) % {"count": count}
    )
    approve = gettext("Eintrag vom %(date)s freigeben")
    rows = []
    for (
        pk,
        day,
        request_pk,
        received_at,
        municipality,
        first_name,
        last_name,
        kind,
        setting,
        participants,
        minutes,
        travel_costs,
        receipt,
        summary,
    ) in values:
        date_text = dates(day)
        rows.append(
            {
                "pk": pk,
                "date": date_text,
                "request": f"{request_number(request_pk, received_at)} {short_name(municipality)}",
                "advisor": f"{first_name} {last_name}".strip(),  # Advisor.full_name
                "activity": f"{kinds.get(kind, kind)} ({settings_.get(setting, setting)}, {people(participants)})",
                "minutes": minutes,
                "travel_costs": money(travel_costs),
                "receipt_url": receipt_url(pk) if receipt else "",
                "summary": truncated(summary),
                "review_url": review_url(pk),
                "approve_label": approve % {"date": date_text},
            }
        )
    return rows


def candidate_rows(candidates) -> list[dict]:
    """The matching table: each ranked candidate's cells ready (the checkbox's label, the fees as text), read
    from plain values instead of the candidate's advisor instance a cell (decision 0160)."""
    ask, money = gettext("%(name)s anfragen"), euro_amounts()
    rows = []
    for c in candidates:
        name = c.advisor.full_name
        rows.append(
            {
                "pk": c.advisor.pk,
                "name": name,
                "ask_label": ask % {"name": name},
                "already_asked": c.already_asked,
                "has_conflict": c.has_conflict,
                "score": c.score,
                "reasons": c.reasons,
                "conflicts": c.conflicts,
                "assignments_total": c.assignments_total,
                "fees_so_far": money(c.fees_so_far),
            }
        )
    return rows
