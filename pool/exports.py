"""Exports of the application list for the programme team. The special-category field is never exported."""

import csv
from io import BytesIO

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import ApplicationLanguage

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
    (lambda: _("Punkte (gewichtet)"), lambda a: "" if a.weighted_score is None else round(a.weighted_score, 2)),
    (lambda: _("Bewertungen"), lambda a: a.review_count),
    (
        lambda: _("eingereicht am"),
        lambda a: timezone.localtime(a.submitted_at).strftime("%d.%m.%Y %H:%M") if a.submitted_at else "",
    ),
]


def rows(queryset):
    """Header row, then one row per application; a fixed number of queries whatever the count."""
    applications = queryset.select_related("call").prefetch_related(
        "topics", Prefetch("languages", queryset=ApplicationLanguage.objects.order_by("id"))
    )
    yield [header() for header, _value in COLUMNS]
    for application in applications:
        yield [value(application) for _header, value in COLUMNS]


def _safe_cell(value):
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(table, stream):
    stream.write("\ufeff")  # so that Excel reads the umlauts as UTF-8
    writer = csv.writer(stream, delimiter=";")
    for row in table:
        writer.writerow([_safe_cell(value) for value in row])


def xlsx_bytes(table) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Bewerbungen")
    for row in table:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text as typed, never a formula (an XLSX cell needs no quote prefix)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
