"""Exports for the programme team: the application list and the ranking, as CSV and XLSX.

The special-category field is never exported. Scores are rounded by `pool.formatting.score`, the same helper
the admin uses, and kept as numbers until the writer decides how to spell them: a German CSV gets the decimal
comma (German Excel read "3.12" as the 3rd of December), an XLSX cell gets a real number."""

import csv
from decimal import Decimal
from io import BytesIO

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from . import formatting
from .models import ApplicationLanguage

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _submitted(application):
    return timezone.localtime(application.submitted_at).strftime("%d.%m.%Y %H:%M") if application.submitted_at else ""


# (header, value) pairs. Deliberately no migration background: Art. 9 data is never exported in bulk.
COLUMNS = [
    (lambda: _("Bewerbungsnummer"), lambda a: a.reference or ""),
    (lambda: _("Ausschreibung"), lambda a: a.call.title),
    (lambda: _("Status"), lambda a: str(a.get_status_display())),
    (lambda: _("Vorname"), lambda a: a.first_name),
    (lambda: _("Nachname"), lambda a: a.last_name),
    (lambda: _("E-Mail-Adresse"), lambda a: a.email),
    (lambda: _("Telefon"), lambda a: a.phone),
    (lambda: _("Wohnort (Kreis)"), lambda a: str(a.get_home_region_display())),
    (lambda: _("Sprachen"), lambda a: ", ".join(str(lang) for lang in a.languages.all())),
    (lambda: _("Themenfelder"), lambda a: ", ".join(str(topic) for topic in a.topics.all())),
    (lambda: _("Verfügbarkeit (Tage pro Monat)"), lambda a: a.availability_days or ""),
    (lambda: _("Punkte (gewichtet)"), lambda a: formatting.score(a.weighted_score)),
    (lambda: _("Bewertungen"), lambda a: a.review_count),
    (lambda: _("eingereicht am"), _submitted),
]


def rows(queryset):
    """Header row, then one row per application; a fixed number of queries whatever the count."""
    applications = queryset.select_related("call").prefetch_related(
        "topics", Prefetch("languages", queryset=ApplicationLanguage.objects.order_by("id"))
    )
    yield [header() for header, _value in COLUMNS]
    for application in applications:
        yield [value(application) for _header, value in COLUMNS]


def ranking_rows(ranked, *, call):
    """The ranking page as a table: header first, then the applications in the order given (best first,
    unscored last, as `CallAdmin.ranking_view` orders them). Unscored ones have no rank, as on the page.
    `ranked` carries the `with_ranking()` annotations; `call` gives the pool line."""
    yield [
        _("Rang"),
        _("Bewerbungsnummer"),
        _("Vorname"),
        _("Nachname"),
        _("Status"),
        _("Punkte (gewichtet)"),
        _("Bewertungen"),
        _("Im Pool (%(size)s Plätze)") % {"size": call.pool_size},
    ]
    for rank, application in enumerate(ranked, start=1):
        scored = application.weighted_score is not None
        yield [
            rank if scored else None,
            application.reference or "",
            application.first_name,
            application.last_name,
            str(application.get_status_display()),
            formatting.score(application.weighted_score),
            application.review_count,
            _("ja") if scored and rank <= call.pool_size else _("nein"),
        ]


def _safe_cell(value):
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return formatting.decimal_text(value)  # 3,13 on German exports, read as a number by German Excel
    return _safe_cell(value)


def write_csv(table, stream):
    stream.write("\ufeff")  # so that Excel reads the umlauts as UTF-8
    writer = csv.writer(stream, delimiter=";")
    for row in table:
        writer.writerow([_csv_cell(value) for value in row])


def _xlsx_cell(value):
    # openpyxl writes Decimal as a number too, but a float keeps the cell plain for every reader.
    return float(value) if isinstance(value, Decimal) else value


def xlsx_bytes(table, *, sheet_title=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(sheet_title or _("Bewerbungen"))[:31]  # Excel's limit for sheet names
    for row in table:
        sheet.append([_xlsx_cell(value) for value in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text as typed, never a formula (an XLSX cell needs no quote prefix)
            elif isinstance(cell.value, float):
                cell.number_format = "0.00"  # shown as the admin shows it; the cell keeps the number
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attachment(response, filename):
    # Our file names are ASCII slugs and dates; the quotes keep a space or a dot harmless.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(table, *, filename) -> HttpResponse:
    """A CSV download in the active language's number format (call it inside the staff member's language)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    write_csv(table, response)
    return _attachment(response, filename)


def xlsx_response(table, *, filename, sheet_title) -> HttpResponse:
    """An XLSX download whose score cells are real numbers."""
    response = HttpResponse(xlsx_bytes(table, sheet_title=sheet_title), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename)
