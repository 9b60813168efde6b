"""Screenshots attached to a report: accepted only if their content is an image (never by the
name or the declared type), within the size and pixel limits, then re-encoded from the pixels
alone, so that no EXIF, location or other metadata is kept."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int


def clean_screenshot(upload) -> CleanImage:
    """The upload re-encoded as a JPEG without metadata, or a ValidationError in Vietnamese."""
    if upload.size > settings.REPORT_SCREENSHOT_MAX_BYTES:
        megabytes = settings.REPORT_SCREENSHOT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"Ảnh “{upload.name}” lớn quá {megabytes} MB.")
    data = upload.read(settings.REPORT_SCREENSHOT_MAX_BYTES + 1)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size  # read from the header: nothing decoded yet
            if kind not in ACCEPTED_FORMATS:
                raise UnidentifiedImageError(kind)
            if width * height > settings.REPORT_SCREENSHOT_MAX_PIXELS:
                raise ValidationError(f"Ảnh “{upload.name}” quá lớn ({width}×{height} điểm ảnh).")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            pixels = ImageOps.exif_transpose(image).convert("RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            f"Tệp “{upload.name}” không phải ảnh (PNG, JPEG, WebP, GIF) đọc được."
        ) from None
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)  # a fresh image: no info dictionary, no EXIF, no ICC profile
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return CleanImage(out.getvalue(), clean.width, clean.height)
