"""Helpers for the applicant-side tests: files built in memory, and the POST data of a complete form."""

import io
import time
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from pool.forms import started_token
from pool.models import Topic
from pool.uploads import DOCM_MAIN, DOCX_MAIN

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{main}"/>
</Types>"""
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Lebenslauf</w:t></w:r></w:p></w:body></w:document>"
)


def docx_bytes(*, main=DOCX_MAIN, document=True, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main))
        if document:
            archive.writestr("word/document.xml", DOCUMENT)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docm_bytes() -> bytes:
    return docx_bytes(main=DOCM_MAIN, extra={"word/vbaProject.bin": b"\x00" * 64})


def zip_bomb_bytes() -> bytes:
    """A DOCX whose one extra member unpacks to 20 MB of zeros from about 20 KB."""
    return docx_bytes(extra={"word/media/image1.png": b"\x00" * (20 * 1024 * 1024)})


def pdf_upload(name="lebenslauf.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_upload(name="lebenslauf.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, docx_bytes(), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def languages(*rows, total=4) -> dict:
    data = {
        "languages-TOTAL_FORMS": str(total),
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "10",
    }
    for index in range(total):
        name, level = rows[index] if index < len(rows) else ("", "")
        data[f"languages-{index}-name"] = name
        data[f"languages-{index}-level"] = level
    return data


def form_data(*, topics=(), action="submit", **overrides) -> dict:
    """A complete, valid application as the browser posts it (the form was opened a minute ago).

    Without `topics` the first topic is chosen; `name=None` leaves a field out.
    """
    if not topics:
        topics = Topic.objects.all()[:1]
    data = {
        "action": action,
        "started": started_token(time.time() - 60),
        "pending_cv": "",
        "website": "",
        "first_name": "Ayşe",
        "last_name": "Öztürk",
        "email": "ayse.oeztuerk@example.org",
        "phone": "0711 1234567",
        "home_region": "08111",
        "topics": [str(t.pk) for t in topics],
        "expertise_regions": "Türkei, Westafrika",
        "engagement": "Vorstand im Verein Brücken e. V., Fairtrade-Stadt Stuttgart",
        "municipal_experience": "Integrationsbeirat der Stadt Stuttgart",
        "motivation": "Ich möchte Kommunen bei der interkulturellen Öffnung begleiten.",
        "availability_days": "3",
        "migration_background": "",
        "privacy_consent": "on",
        **languages(("Türkisch", "native"), ("Deutsch", "fluent")),
        "cv": pdf_upload(),
    }
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def open_link(client, application) -> str:
    """Follow the applicant's emailed private link as the browser does; returns where it landed (key-less)."""
    from urllib.parse import urlsplit

    from pool.links import APPLICATION_LINK

    parts = urlsplit(APPLICATION_LINK.url(application))
    response = client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 302, response
    return response["Location"]
