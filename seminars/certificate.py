"""The certificate PDF (German), made with fpdf2 so the quick start needs nothing but pip.

The fonts are Noto Sans and Noto Sans Arabic from the pip packages fontpkg-noto-sans and
fontpkg-noto-sans-arabic (SIL Open Font License 1.1): Latin with Turkish, Polish and Vietnamese letters,
Cyrillic, and Arabic script. Nothing font-like is committed to this repository. Arabic is shaped by
HarfBuzz (uharfbuzz, a pip wheel) so its letters join and run right to left; other lines are set without
shaping, which keeps the decomposed Vietnamese marks as the text layer's characters.
"""

import logging
import re

import fontpkg
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

# fontTools reports every subsetting step at INFO: hundreds of log lines per certificate.
logging.getLogger("fontTools").setLevel(logging.WARNING)

RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _fonts(pdf):
    # The regular weight only: instancing the variable font's bold takes seconds per certificate, so the
    # hierarchy comes from the sizes.
    pdf.add_font("Noto", "", fontpkg.path("Noto Sans"))
    pdf.add_font("NotoArabic", "", fontpkg.path("Noto Sans Arabic"))
    pdf.set_fallback_fonts(["NotoArabic"])


def _line(pdf, text, *, size, height=None, gap=0):
    pdf.set_font("Noto", "", size)
    if RTL.search(text):
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl")
    else:
        pdf.set_text_shaping(False)
    pdf.multi_cell(0, height or size * 0.55, text, align="C", new_x="LMARGIN", new_y="NEXT")
    if gap:
        pdf.ln(gap)


def certificate_pdf(qualification) -> bytes:
    advisor = qualification.advisor
    curriculum = qualification.curriculum
    with translation.override("de"):
        pdf = FPDF(format="A4")
        pdf.set_title(_("Zertifikat"))
        pdf.set_author("MiGlobe Pool")
        pdf.set_margins(25, 30, 25)
        _fonts(pdf)
        pdf.add_page()
        _line(pdf, _("Zertifikat"), size=30, gap=10)
        _line(pdf, f"{advisor.first_name} {advisor.last_name}", size=24, height=14, gap=4)
        _line(pdf, _("hat die Qualifizierung erfolgreich abgeschlossen:"), size=13, gap=2)
        _line(pdf, curriculum.programme, size=16, gap=8)
        for module in curriculum.modules.order_by("number"):
            _line(pdf, f"{module.number}. {module.title_de}", size=11, height=7)
        pdf.ln(10)
        qualified_on = date_format(timezone.localtime(qualification.qualified_at), "DATE_FORMAT")
        _line(pdf, _("Qualifiziert am %(date)s") % {"date": qualified_on}, size=12, gap=20)
        # With the code in the link: whoever follows it sees the result without typing (trial walk).
        verify = f"{settings.SITE_URL}{reverse('seminars:verify')}?code={qualification.code}"
        _line(pdf, _("Prüfcode: %(code)s") % {"code": qualification.code}, size=11, height=7)
        _line(pdf, _("Echtheit prüfen: %(url)s") % {"url": verify}, size=9, height=6)
        return bytes(pdf.output())
