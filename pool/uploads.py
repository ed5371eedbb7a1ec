"""Checks for the uploaded CV: PDF or DOCX, judged by the bytes, never by the name or the browser's header.

A DOCX is a zip archive. It is inspected through its central directory only – the declared sizes, the
compression ratios and the number of entries – so a zip bomb is refused before anything is unpacked. The one
member read, `[Content_Types].xml`, is read with a hard byte limit and matched as text, not parsed as XML.
"""

import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Sizes are stated in MB of 1024 × 1024 bytes, the unit Windows shows for a file ("10,0 MB (10.485.760
# Bytes)"), and every size shown is rounded *up* to a tenth: a file over the limit never reads as equal to it.
MB = 1024 * 1024
MAX_CV_BYTES = 10 * MB

# Limits for the zip inside a DOCX. A real CV has a few dozen entries, a few MB unpacked, and its XML
# compresses about 5–20 times; a zip bomb needs thousands of entries or ratios in the hundreds.
MAX_ZIP_ENTRIES = 1000
MAX_UNCOMPRESSED_TOTAL = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM = 1024 * 1024  # tiny members can have odd ratios without doing harm
MAX_CONTENT_TYPES_BYTES = 256 * 1024

PDF = "pdf"
DOCX = "docx"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx"}

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroenabled.main+xml"

WRONG_TYPE = _("Bitte laden Sie Ihren Lebenslauf als PDF- oder Word-Datei (DOCX) hoch.")
NOT_WORD = _(
    "Die Datei ist kein Word-Dokument (DOCX), obwohl sie wie eines gepackt ist. Bitte speichern Sie Ihren "
    "Lebenslauf in Word als „Word-Dokument (*.docx)“ oder als PDF."
)
DAMAGED = _(
    "Die Word-Datei lässt sich nicht öffnen: Sie ist beschädigt oder mit einem Kennwort geschützt. Bitte "
    "speichern Sie sie ohne Kennwort neu oder laden Sie ein PDF hoch."
)
TOO_MANY_PARTS = _(
    "Die Word-Datei besteht aus zu vielen Teilen (%(count)s, höchstens %(max)s). Bitte speichern Sie Ihren "
    "Lebenslauf als PDF und laden Sie dieses hoch."
)
TOO_LARGE_UNPACKED = _(
    "Die Word-Datei ist ausgepackt zu groß: höchstens %(max)s MB, Ihre Datei hat ausgepackt %(size)s MB. Bitte "
    "verkleinern Sie die Bilder darin oder laden Sie ein PDF hoch."
)
TOO_DENSE = _(
    "Die Word-Datei ist ausgepackt ungewöhnlich groß: ein Teil darin wird beim Auspacken mehr als %(ratio)s-mal "
    "so groß (%(size)s MB). Bitte speichern Sie Ihren Lebenslauf als PDF und laden Sie dieses hoch."
)
MACROS = _(
    "Die Datei enthält Makros (DOCM). Solche Dateien nehmen wir nicht an. Bitte speichern Sie Ihren Lebenslauf "
    "als „Word-Dokument (*.docx)“ ohne Makros oder als PDF."
)


def megabytes(size: int) -> str:
    """Bytes as MB for people: one decimal, rounded up, with the decimal comma on German pages (10,1)."""
    tenths = math.ceil(size * 10 / MB)
    value = Decimal(tenths) / 10
    return number_format(value, decimal_pos=0 if tenths % 10 == 0 else 1)


@dataclass(frozen=True)
class CheckedCV:
    kind: str  # PDF or DOCX
    display_name: str


def check_cv(file) -> CheckedCV:
    """Raise ValidationError unless `file` (an UploadedFile) is an acceptable CV; return its kind and a safe name."""
    size = file.size
    if not size:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    if size > MAX_CV_BYTES:
        raise ValidationError(
            _("Die Datei ist zu groß: höchstens %(max)s MB, Ihre Datei hat %(size)s MB."),
            code="too_big",
            params={"max": megabytes(MAX_CV_BYTES), "size": megabytes(size)},
        )
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"PK\x03\x04"):
        _check_docx(file)
        kind = DOCX
    else:
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    file.seek(0)
    return CheckedCV(kind=kind, display_name=display_name(file.name, kind))


def _check_docx(file) -> None:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise ValidationError(
                    TOO_MANY_PARTS,
                    code="zip_entries",
                    params={"count": number_format(len(entries)), "max": number_format(MAX_ZIP_ENTRIES)},
                )
            total = 0
            for entry in entries:
                total += entry.file_size
                ratio = entry.file_size / max(entry.compress_size, 1)
                if entry.file_size > RATIO_CHECK_FROM and ratio > MAX_COMPRESSION_RATIO:
                    # Packed far tighter than any picture or text can be: a zip bomb, or something broken.
                    raise ValidationError(
                        TOO_DENSE,
                        code="zip_ratio",
                        params={"ratio": MAX_COMPRESSION_RATIO, "size": megabytes(entry.file_size)},
                    )
            if total > MAX_UNCOMPRESSED_TOTAL:
                raise ValidationError(
                    TOO_LARGE_UNPACKED,
                    code="zip_size",
                    params={"max": megabytes(MAX_UNCOMPRESSED_TOTAL), "size": megabytes(total)},
                )
            names = {entry.filename for entry in entries}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise ValidationError(NOT_WORD, code="not_docx")
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ValidationError(MACROS, code="macros")
            content_types = archive.getinfo("[Content_Types].xml")
            if content_types.file_size > MAX_CONTENT_TYPES_BYTES:
                raise ValidationError(NOT_WORD, code="not_docx")
            with archive.open(content_types) as member:
                declared = member.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError):
        # Damaged, encrypted, or using a compression method Python cannot read: not a CV we can open.
        raise ValidationError(DAMAGED, code="bad_zip") from None
    _check_content_types(declared.decode("utf-8", errors="replace"))


_OVERRIDE = re.compile(r"<Override\b[^>]*>", re.IGNORECASE)
_PART = re.compile(r"""PartName\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_TYPE = re.compile(r"""ContentType\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def _check_content_types(text: str) -> None:
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise ValidationError(NOT_WORD, code="not_docx")
    main_type = None
    for override in _OVERRIDE.findall(text):
        part, content_type = _PART.search(override), _TYPE.search(override)
        if part and content_type and part.group(1).lower() == "/word/document.xml":
            main_type = content_type.group(1).strip().lower()
    if main_type == DOCM_MAIN:
        raise ValidationError(MACROS, code="macros")
    if main_type != DOCX_MAIN:
        raise ValidationError(NOT_WORD, code="not_docx")


def display_name(name: str, kind: str) -> str:
    """The file's own name, for display only: no folders, no control characters, the right extension."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    stem = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    for known in EXTENSIONS.values():
        if stem.lower().endswith(known):
            stem = stem[: -len(known)]
            break
    stem = stem.strip().lstrip(".").strip() or str(_("Lebenslauf"))
    return stem[:100] + EXTENSIONS[kind]
