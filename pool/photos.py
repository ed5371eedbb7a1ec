"""The advisor's photo: judged by its content (Pillow decodes it), never by the name or the browser's header.

What is stored is a fresh JPEG drawn from the decoded pixels, at most 800 px wide: metadata the camera wrote
(GPS position, device) is not carried over, and nothing but image data reaches the private storage.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a larger image is a decompression bomb, not a portrait
STORED_SIZE = (800, 800)
ACCEPTED_FORMATS = {"JPEG", "PNG"}

WRONG_TYPE = _("Bitte laden Sie ein Foto als JPEG- oder PNG-Datei hoch.")


def checked_photo(file) -> ContentFile:
    """Raise ValidationError unless `file` is a JPEG or PNG image; return the re-encoded JPEG to store."""
    if not file.size:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    if file.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("Das Foto ist zu groß: höchstens %(max)s MB."), code="too_big", params={"max": MAX_PHOTO_BYTES // 2**20}
        )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as probe:
                if probe.format not in ACCEPTED_FORMATS:
                    raise ValidationError(WRONG_TYPE, code="type")
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationError(WRONG_TYPE, code="too_many_pixels")
                probe.verify()  # structure and checksums; the image must be opened again afterwards
            file.seek(0)
            with Image.open(file) as image:
                image.load()
                picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):  # fmt: skip
        raise ValidationError(WRONG_TYPE, code="type") from None
    finally:
        file.seek(0)
    picture.thumbnail(STORED_SIZE)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    return ContentFile(out.getvalue(), name="photo.jpg")
