"""The CV checks: the type is judged by the bytes, zip bombs are refused unopened, names are only displayed."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from pool import uploads
from pool.models import Application, PendingUpload

from .applicant import PDF, docm_bytes, docx_bytes, form_data, pdf_upload, zip_bomb_bytes


def check(name, content):
    return uploads.check_cv(SimpleUploadedFile(name, content, content_type="application/pdf"))


def error_code(name, content):
    with pytest.raises(ValidationError) as info:
        check(name, content)
    return info.value.code


@pytest.mark.smoke
def test_a_pdf_and_a_docx_pass_with_their_kind():
    assert check("lebenslauf.pdf", PDF).kind == uploads.PDF
    assert check("lebenslauf.docx", docx_bytes()).kind == uploads.DOCX


BAD_FILES = {
    "empty": ("lebenslauf.pdf", b"", "empty"),
    "html renamed to pdf": ("lebenslauf.pdf", b"<!doctype html><html><script>alert(1)</script></html>", "wrong_type"),
    "svg": ("lebenslauf.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "wrong_type"),
    "svg renamed to pdf": (
        "lebenslauf.pdf",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        "wrong_type",
    ),
    "png renamed to pdf": ("lebenslauf.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "wrong_type"),
    "exe renamed to docx": ("lebenslauf.docx", b"MZ\x90\x00" + b"\x00" * 100, "wrong_type"),
    "pdf header later in the file": ("lebenslauf.pdf", b"\n\n%PDF-1.7\n", "wrong_type"),
    "zip without word document": ("lebenslauf.docx", docx_bytes(document=False), "not_docx"),
    "xlsx renamed to docx": (
        "lebenslauf.docx",
        docx_bytes(main="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        "not_docx",
    ),
    "macro-enabled docm": ("lebenslauf.docx", docm_bytes(), "macros"),
    "docm content type without macro part": (
        "lebenslauf.docx",
        docx_bytes(main=uploads.DOCM_MAIN),
        "macros",
    ),
    "zip bomb": ("lebenslauf.docx", zip_bomb_bytes(), "zip_ratio"),
    "broken zip": ("lebenslauf.docx", b"PK\x03\x04" + b"\x00" * 200, "bad_zip"),
}


@pytest.mark.smoke
@pytest.mark.parametrize(("name", "content", "code"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_files_are_refused_with_a_reason(name, content, code):
    assert error_code(name, content) == code


def test_a_file_over_10_mb_is_refused_before_it_is_read():
    big = SimpleUploadedFile(
        "lebenslauf.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as info:
        uploads.check_cv(big)
    assert info.value.code == "too_big"
    assert "10 MB" in str(info.value.message % info.value.params)


def message(name, content):
    with pytest.raises(ValidationError) as info:
        check(name, content)
    return str(info.value.message % (info.value.params or {}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "höchstens 10 MB, Ihre Datei hat 10,1 MB"), ("en", "at most 10 MB, your file has 10.1 MB")],
)
def test_one_byte_over_the_limit_reads_over_the_limit_in_the_same_unit(language, expected):
    """#7.10: 10 MiB + 1 byte read "Ihre Datei hat 10.0 MB" – the same as the limit, with an English point."""
    with translation.override(language):
        text = message("lebenslauf.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 - 8))
    assert expected in text


def test_sizes_are_rounded_up_to_a_tenth():
    with translation.override("de"):
        assert [uploads.megabytes(n) for n in (uploads.MB, uploads.MB + 1, int(10.5 * uploads.MB))] == [
            "1",
            "1,1",
            "10,5",
        ]


def test_a_refused_docx_says_why(monkeypatch):
    with translation.override("de"):
        assert "kein Word-Dokument" in message("cv.docx", docx_bytes(document=False))
        assert "enthält Makros" in message("cv.docx", docm_bytes())
        assert "beschädigt oder mit einem Kennwort geschützt" in message("cv.docx", b"PK\x03\x04" + b"\x00" * 200)
        assert "ausgepackt ungewöhnlich groß" in message("cv.docx", zip_bomb_bytes())
        monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 3)
        assert "zu vielen Teilen (4, höchstens 3)" in message("cv.docx", docx_bytes(extra={"a": b"", "b": b""}))
        monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 1000)
        monkeypatch.setattr(uploads, "MAX_UNCOMPRESSED_TOTAL", 200)
        assert "ausgepackt zu groß: höchstens 0,1 MB, Ihre Datei hat ausgepackt" in message("cv.docx", docx_bytes())
        # A file that is no zip at all still gets the plain request for a PDF or DOCX.
        assert message("cv.pdf", b"MZ\x90") == str(uploads.WRONG_TYPE)


def test_exactly_10_mb_is_still_fine():
    content = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 - 9)
    assert check("lebenslauf.pdf", content).kind == uploads.PDF


def test_a_zip_with_too_many_entries_is_refused_without_unpacking():
    extra = {f"word/part{i}.xml": b"" for i in range(uploads.MAX_ZIP_ENTRIES)}
    assert error_code("lebenslauf.docx", docx_bytes(extra=extra)) == "zip_entries"


def test_the_declared_total_size_is_limited(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNCOMPRESSED_TOTAL", 200)
    assert error_code("lebenslauf.docx", docx_bytes()) == "zip_size"


def test_the_zip_bomb_is_judged_by_its_directory_alone(monkeypatch):
    """Nothing but [Content_Types].xml is ever opened, and that one only after the sizes were checked."""
    bomb, good = zip_bomb_bytes(), docx_bytes()
    opened = []
    original_open = zipfile.ZipFile.open

    def spy(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return original_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(ValidationError):
        check("lebenslauf.docx", bomb)
    assert opened == []
    check("lebenslauf.docx", good)
    assert opened == ["[Content_Types].xml"]


def test_content_types_with_a_doctype_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<!DOCTYPE x [<!ENTITY a "aaaa">]><Types><Override PartName="/word/document.xml" '
            f'ContentType="{uploads.DOCX_MAIN}"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    assert error_code("lebenslauf.docx", buffer.getvalue()) == "not_docx"


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("name", "kind", "shown"),
    [
        ("../../etc/passwd.pdf", uploads.PDF, "passwd.pdf"),
        ("C:\\Users\\Ayşe\\Lebenslauf Ayşe.pdf", uploads.PDF, "Lebenslauf Ayşe.pdf"),
        ("lebenslauf\x00.pdf", uploads.PDF, "lebenslauf.pdf"),
        ("cv\n\r.docx", uploads.DOCX, "cv.docx"),
        ("…/.pdf", uploads.PDF, "Lebenslauf.pdf"),
        ("cv.docx", uploads.PDF, "cv.pdf"),
        ("cv", uploads.DOCX, "cv.docx"),
        ("x" * 300 + ".pdf", uploads.PDF, "x" * 100 + ".pdf"),
    ],
)
def test_the_display_name_has_no_path_parts_no_control_characters_and_the_right_extension(name, kind, shown):
    assert uploads.display_name(name, kind) == shown


# --- through the form --------------------------------------------------------------------------


@pytest.fixture
def post(client, call, private_storage, empty_cache):
    def post(**overrides):
        return client.post(f"/pool/ausschreibungen/{call.slug}/bewerben/", form_data(**overrides))

    return post


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "code"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_the_form_refuses_each_bad_file_and_stores_nothing(post, private_storage, name, content, code):
    response = post(cv=SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'aria-invalid="true"' in html and 'id="id_cv"' in html
    assert not Application.objects.exists()
    assert not PendingUpload.objects.exists()
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))


@pytest.mark.django_db
def test_a_path_in_the_file_name_never_reaches_the_disk(post, private_storage):
    response = post(cv=pdf_upload(name="../../etc/passwd.pdf"))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.cv_original_name == "passwd.pdf"
    stored = application.cv.name
    assert stored.startswith("cv/") and "passwd" not in stored and ".." not in stored
    assert (private_storage / stored).read_bytes().startswith(b"%PDF-")
    assert [p.name for p in private_storage.rglob("*") if p.is_file()] == [stored.split("/")[-1]]


@pytest.mark.django_db
def test_a_docx_is_accepted_and_stored_as_docx(post):
    from .applicant import docx_upload

    assert post(cv=docx_upload("Mein Lebenslauf.docx")).status_code == 302
    application = Application.objects.get()
    assert application.cv.name.endswith(".docx")
    assert application.cv_original_name == "Mein Lebenslauf.docx"
