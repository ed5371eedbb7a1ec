"""A claim for SKEW's accounting: a table (CSV/XLSX through pool.exports) and a PDF (fpdf2, the certificate's
fonts). The bank details are printed in full only on the accounting copy; every other copy masks the IBAN."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from seminars.certificate import _fonts


def mask_iban(iban: str) -> str:
    """DE89 **** **** **** **30 00: the country, the check digits and the last four stay readable."""
    if not iban:
        return ""
    masked = iban[:4] + "*" * max(len(iban) - 8, 0) + iban[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def claim_rows(claim, entries):
    """Header first, then one row per entry; amounts stay Decimal until the writer spells them."""
    yield [
        _("Abrechnung"),
        _("Monat"),
        _("Berater*in"),
        _("Anfrage"),
        _("Datum"),
        _("Art"),
        _("Dauer (Minuten)"),
        _("Honorar (Euro)"),
        _("Reisekosten (Euro)"),
        _("Summe (Euro)"),
    ]
    for entry in entries:
        yield [
            claim.number,
            f"{claim.month:%m/%Y}",
            claim.advisor_name or claim.advisor.full_name,
            entry.assignment.request.number,
            entry.date.strftime("%d.%m.%Y"),
            str(entry.get_kind_display()),
            entry.duration_minutes,
            entry.fee or Decimal("0.00"),
            entry.travel_costs,
            entry.amount,
        ]


def _euro(value: Decimal) -> str:
    return f"{value:,.2f} €".replace(",", "X").replace(".", ",").replace("X", ".")


def claim_pdf(claim, entries, *, accounting_copy: bool) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_("Honorarabrechnung %(number)s") % {"number": claim.number})
    pdf.set_author("MiGlobe Pool")
    pdf.set_margins(20, 20, 20)
    _fonts(pdf)
    pdf.add_page()
    pdf.set_text_shaping(False)
    pdf.set_font("Noto", "", 18)
    pdf.cell(0, 10, _("Honorarabrechnung %(number)s") % {"number": claim.number}, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", "", 10)
    if accounting_copy:
        pdf.cell(0, 6, _("Exemplar für die Buchhaltung"), new_x="LMARGIN", new_y="NEXT")
    name = claim.advisor_name or claim.advisor.full_name
    iban = claim.iban if accounting_copy else mask_iban(claim.iban)
    for label, value in [
        (_("Berater*in"), name),
        (_("Monat"), f"{claim.month:%m/%Y}"),
        (_("Status"), str(claim.get_status_display())),
        (_("Kontoinhaber*in"), claim.bank_holder),
        (_("IBAN"), iban),
    ]:
        pdf.cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    # Headings in the regular weight: only that one is loaded (see seminars.certificate._fonts).
    plain = FontFace(emphasis="")
    with pdf.table(col_widths=(22, 40, 22, 28, 28, 30), text_align="LEFT", headings_style=plain) as table:
        header = table.row()
        for title in (_("Datum"), _("Art"), _("Minuten"), _("Honorar"), _("Reisekosten"), _("Summe")):
            header.cell(title)
        for entry in entries:
            row = table.row()
            for value in (
                entry.date.strftime("%d.%m.%Y"),
                str(entry.get_kind_display()),
                str(entry.duration_minutes),
                _euro(entry.fee or Decimal("0.00")),
                _euro(entry.travel_costs),
                _euro(entry.amount),
            ):
                row.cell(value)
    pdf.ln(4)
    pdf.set_font("Noto", "", 12)
    pdf.cell(0, 8, _("Gesamtbetrag: %(total)s") % {"total": _euro(claim.total)}, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Noto", "", 8)
    pdf.cell(0, 5, timezone.localtime().strftime("%d.%m.%Y %H:%M"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
