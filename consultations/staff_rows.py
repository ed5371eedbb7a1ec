"""The staff pages' tables as rows of ready values (decision 0120, applied to the staff pages in 0160).

A table of 50 or 60 rows read as model instances with every joined column, and written with a `{% url %}`,
a `get_*_display()` and a date filter per cell, cost the staff pages several times the rest of the request
(issue #13). Here each table is read with `values_list` and turned into tuples once: labels from the
`Choices` once per request, URLs by `pk_url` (one `reverse()` per table), each day's date text made once.
The markup stays in the templates.
"""

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from miglobe.core.reversing import pk_url
from pool.templatetags.pool_public import BERLIN, berlin_date

from .choices import ActivityKind, Setting, Stage
from .models import request_number, short_name


def labels(choices) -> dict:
    """{value: label} of a `Choices` class, translated once for the request's language."""
    return {value: str(label) for value, label in choices.choices}


def berlin_dates():
    """`berlin_date` for the rows of one table: Django's date formatting (about 150 calls) once per day."""
    texts = {}

    def text(moment):
        if not moment:
            return ""
        day = moment.astimezone(BERLIN).date()
        if day not in texts:
            texts[day] = berlin_date(moment)
        return texts[day]

    return text


def short_dates():
    """`{{ day|date:"d.m.Y" }}` for the rows of one table, once per day."""
    texts = {}

    def text(day):
        if day not in texts:
            texts[day] = date_format(day, "d.m.Y")
        return texts[day]

    return text


# The staff request list: what `request_rows` reads of each request (with the list's two counts).
REQUEST_COLUMNS = ("pk", "created_at", "municipality__name", "stage", "accepted_count", "proposed_count")


def request_rows(values) -> list[tuple]:
    """(link, number, municipality, received on, stage, accepted, proposed) for the rows of REQUEST_COLUMNS."""
    detail_url, stages, received = pk_url("consultations:staff_request"), labels(Stage), berlin_dates()
    return [
        (
            detail_url(pk),
            request_number(pk, created_at),
            municipality,
            received(created_at),
            stages.get(stage, stage),
            accepted,
            proposed,
        )
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


def queue_rows(values) -> list[dict]:
    """The approval queue's entries of QUEUE_COLUMNS, each with its texts and links ready for the table."""
    review_url, receipt_url = pk_url("consultations:staff_entry_review"), pk_url("consultations:receipt")
    kinds, settings_, dates = labels(ActivityKind), labels(Setting), short_dates()
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
        people = ngettext("%(count)s Teilnehmende*r", "%(count)s Teilnehmende", participants) % {"count": participants}
        rows.append(
            {
                "pk": pk,
                "date": date_text,
                "request": f"{request_number(request_pk, received_at)} {short_name(municipality)}",
                "advisor": f"{first_name} {last_name}".strip(),  # Advisor.full_name
                "activity": f"{kinds.get(kind, kind)} ({settings_.get(setting, setting)}, {people})",
                "minutes": minutes,
                "travel_costs": floatformat(travel_costs, 2),
                "receipt_url": receipt_url(pk) if receipt else "",
                "summary": Truncator(summary).chars(200),
                "review_url": review_url(pk),
                "approve_label": approve % {"date": date_text},
            }
        )
    return rows


def candidate_rows(candidates) -> list[dict]:
    """The matching table: each ranked candidate's cells ready (the checkbox's label, the fees as text), read
    from plain values instead of the candidate's advisor instance a cell (decision 0160)."""
    ask = gettext("%(name)s anfragen")
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
                "fees_so_far": floatformat(c.fees_so_far, 2),
            }
        )
    return rows
