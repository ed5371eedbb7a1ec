"""The one response for private files: attachment or inline, never cached, never sniffed, 404 without file."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from miglobe.core.private_files import private_file_response


def test_an_attachment_with_its_name_that_no_cache_keeps():
    response = private_file_response(ContentFile(b"%PDF-1.4", name="x.pdf"), download_name="Lebenslauf MG-1.pdf")

    assert response["Content-Disposition"] == 'attachment; filename="Lebenslauf MG-1.pdf"'
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_inline_with_the_given_type():
    response = private_file_response(ContentFile(b"\xff\xd8", name="p.jpg"), content_type="image/jpeg")

    assert response["Content-Type"] == "image/jpeg"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"


def test_no_file_is_not_found():
    with pytest.raises(Http404):
        private_file_response(None)
