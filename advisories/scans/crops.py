"""The crop of the page region each uncertain field was read from, shown beside the field."""

import base64
import io

from PIL import Image

from ..parsing.confidence import field_words
from ..parsing.ocr import OcrText
from ..parsing.result import ParsedDispatch

# Fields of the signature block: with no word to find, their crop is the bottom of the last
# page; other fields', the header of the first.
_CLOSING = {"signing_authority", "signer_title", "signer_name"}
_MARGIN = 12
# A crop is scaled down to this width at most (the form shows it beside a field).
_MAX_WIDTH = 900


def _png(image) -> str:
    if image.width > _MAX_WIDTH:
        ratio = _MAX_WIDTH / image.width
        image = image.resize((_MAX_WIDTH, max(1, round(image.height * ratio))))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def crops_of(
    parsed: ParsedDispatch, uncertain: list[str], ocr: OcrText, pages: list[str]
) -> dict[str, str]:
    """Field key → PNG (base64) of its region, for each uncertain field; `pages` are the
    prepared pages as base64 PNGs (`ocr.read_one_page`)."""
    opened: dict[int, Image.Image] = {}

    def page(number: int) -> Image.Image:
        if number not in opened:
            opened[number] = Image.open(io.BytesIO(base64.b64decode(pages[number - 1])))
        return opened[number]

    crops = {}
    for field in uncertain:
        words = field_words(parsed, field, ocr)
        if words:
            number = words[0].page
            words = [w for w in words if w.page == number]
            image = page(number)
            left = min(w.box[0] for w in words) - _MARGIN
            top = min(w.box[1] for w in words) - _MARGIN
            right = max(w.box[0] + w.box[2] for w in words) + _MARGIN
            bottom = max(w.box[1] + w.box[3] for w in words) + _MARGIN
            box = (max(0, left), max(0, top), min(image.width, right), min(image.height, bottom))
        else:
            number = len(pages) if field in _CLOSING else 1
            image = page(number)
            third = image.height // 3
            box = (0, image.height - third, image.width, image.height)
            if field not in _CLOSING:
                box = (0, 0, image.width, third)
        crops[field] = _png(image.crop(box))
    return crops
