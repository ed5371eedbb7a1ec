"""A one-page CV as a PDF for a demo application (fpdf2; CONTRACTS §9).

It uses PDF's built-in Helvetica: no font file to ship, and a page takes a few milliseconds, which keeps
`make run` fast. That font covers Windows-1252 only, so letters outside it (ş, ı, ć, …) are written in
their closest Latin form in the PDF; the application itself keeps the name as typed. Decision 0031.
"""

from anyascii import anyascii
from django.core.files.base import ContentFile
from django.utils.text import slugify
from fpdf import FPDF

ENCODING = "windows-1252"


def _printable(text: str) -> str:
    """The text with each character the built-in font cannot show replaced by its Latin transliteration."""
    return "".join(char if _encodable(char) else anyascii(char) for char in text)


def _encodable(char: str) -> bool:
    try:
        char.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def cv_pdf(
    *, name: str, email: str, home: str, languages: list[str], sections: list[tuple[str, str]], written_at
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(_printable(f"Lebenslauf {name}"))
    pdf.set_author(_printable(name))
    pdf.set_creation_date(written_at)  # the moment the person applied, not the moment of seeding
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    pdf.set_font("Helvetica", style="B", size=18)
    pdf.cell(w=0, h=10, text=_printable(f"Lebenslauf – {name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(w=0, h=6, text=_printable(f"{email} · {home}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(w=0, h=6, text=_printable("Sprachen: " + ", ".join(languages)), new_x="LMARGIN", new_y="NEXT")
    for heading, text in sections:
        pdf.ln(4)
        pdf.set_font("Helvetica", style="B", size=12)
        pdf.cell(w=0, h=8, text=_printable(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(w=0, h=5, text=_printable(text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def cv_file(*, name: str, **kwargs) -> ContentFile:
    """The PDF as an upload would hand it to `submit_application` (the storage gives it a random name)."""
    return ContentFile(cv_pdf(name=name, **kwargs), name=f"lebenslauf-{slugify(anyascii(name))}.pdf")
