"""The preview image (1200×630 PNG) that Facebook, Zalo and X show beside a shared link.

Pure drawing: a `Card` says what to print, `render_png` prints it with Pillow and the Noto Sans
font shipped in advisories/assets/fonts (every Vietnamese diacritic, the same on any server).
No Django import, so the bench script and the tests can call it on plain values.

Text is NFC-normalised first: every Vietnamese letter then has one precomposed glyph, so
Pillow's basic layout (no text-shaping library needed) prints "Sổ liên lạc" correctly even when
the stored text came in decomposed (a base letter followed by combining marks).
"""

import hashlib
import io
import unicodedata
from dataclasses import astuple, dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# Part of every card's version: change it when the drawing changes, so that every shared link
# gets a new image URL (platforms keep an image by its URL).
DESIGN = "2"

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
BOLD = FONTS / "NotoSans-Bold.ttf"
REGULAR = FONTS / "NotoSans-Regular.ttf"

# The portal's colours (static/css/portal.css); each text colour is at least 7:1 on its ground.
BRAND = (155, 28, 28)  # #9b1c1c: 7.6:1 with white
WITHDRAWN_BAND = (55, 65, 81)  # #374151: 10.3:1 with white
INK = (26, 26, 26)  # #1a1a1a on white: 17:1
MUTED = (74, 74, 74)  # #4a4a4a on white: 8.9:1
RULE = (209, 213, 219)
WHITE = (255, 255, 255)

MARGIN = 60
TEXT_WIDTH = WIDTH - 2 * MARGIN
# Title sizes tried from the largest; the first at which the whole title fits is used.
TITLE_SIZES = (72, 64, 56, 50, 44)
TITLE_TOP, TITLE_BOTTOM = 186, 482


@dataclass(frozen=True)
class Card:
    """What one preview image prints, already in the page's language."""

    portal: str  # the portal's name, in the band at the top
    kind: str  # "Cảnh báo lừa đảo", printed in capitals above the title
    title: str
    strong_line: str = ""  # under the title: the issuer, bold
    plain_line: str = ""  # then the number and date, or other facts
    stamp: str = ""  # "Đã thu hồi": a red label, and the band turns grey

    @property
    def version(self) -> str:
        """16 hex digits that change whenever anything printed (or the design) changes."""
        text = "\x1f".join((DESIGN, *astuple(self)))
        return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _split_long_word(word: str, font, width: int) -> list[str]:
    """A word wider than the line (a long symbol, a URL) cut where it must be."""
    pieces, current = [], ""
    for char in word:
        if current and font.getlength(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return [*pieces, current] if current else pieces


def wrap(text: str, font, width: int) -> list[str]:
    """Greedy word wrap measured with the font itself (Vietnamese words are short syllables,
    so greedy wrapping already gives even lines)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        pieces = _split_long_word(word, font, width) if font.getlength(word) > width else [word]
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if not current or font.getlength(candidate) <= width:
                current = candidate
            else:
                lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return lines


def ellipsize(text: str, font, width: int) -> str:
    """`text`, cut at a word and ended with "…" if it is wider than `width`."""
    if font.getlength(text) <= width:
        return text
    words = text.split()
    while words and font.getlength(" ".join(words) + "…") > width:
        words.pop()
    if not words:  # one very long word
        cut = text
        while cut and font.getlength(cut + "…") > width:
            cut = cut[:-1]
        return cut + "…"
    return " ".join(words).rstrip(",;:–—-") + "…"


def _title_layout(title: str) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest title size at which the whole title fits, else the smallest size with the
    last line ended by "…"."""
    height = TITLE_BOTTOM - TITLE_TOP
    for size in TITLE_SIZES:
        font = _font(BOLD, size)
        leading = round(size * 1.22)
        lines = wrap(title, font, TEXT_WIDTH)
        if len(lines) * leading <= height:
            return font, lines, leading
    fitting = height // leading
    kept = lines[:fitting]
    kept[-1] = ellipsize(" ".join([kept[-1], *lines[fitting:]]), font, TEXT_WIDTH)
    return font, kept, leading


def render(card: Card) -> Image.Image:
    """The card as an RGB image of exactly WIDTH×HEIGHT."""
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    band = WITHDRAWN_BAND if card.stamp else BRAND

    # The band: the portal's mark (as in the page header) and its name.
    draw.rectangle((0, 0, WIDTH, 96), fill=band)
    draw.ellipse((MARGIN, 24, MARGIN + 48, 72), fill=WHITE)
    draw.text((MARGIN + 24, 48), "!", font=_font(BOLD, 34), fill=band, anchor="mm")
    portal_font = _font(BOLD, 34)
    portal = ellipsize(_clean(card.portal), portal_font, TEXT_WIDTH - 72)
    draw.text((MARGIN + 72, 48), portal, font=portal_font, fill=WHITE, anchor="lm")

    # The kind, and on the right the "withdrawn" stamp.
    kind_font = _font(BOLD, 30)
    draw.text((MARGIN, 142), _clean(card.kind).upper(), font=kind_font, fill=BRAND, anchor="lm")
    if card.stamp:
        stamp = _clean(card.stamp).upper()
        stamp_font = _font(BOLD, 32)
        right = WIDTH - MARGIN
        left = right - stamp_font.getlength(stamp) - 40
        draw.rounded_rectangle((left, 114, right, 170), radius=10, fill=BRAND)
        draw.text(((left + right) / 2, 142), stamp, font=stamp_font, fill=WHITE, anchor="mm")

    # The title, as large as it fits.
    font, lines, leading = _title_layout(_clean(card.title))
    y = TITLE_TOP
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK, anchor="la")
        y += leading

    # Who and when.
    draw.line((MARGIN, 498, WIDTH - MARGIN, 498), fill=RULE, width=2)
    if card.strong_line:
        strong_font = _font(BOLD, 32)
        strong = ellipsize(_clean(card.strong_line), strong_font, TEXT_WIDTH)
        draw.text((MARGIN, 536), strong, font=strong_font, fill=INK, anchor="lm")
    if card.plain_line:
        plain_font = _font(REGULAR, 28)
        plain = ellipsize(_clean(card.plain_line), plain_font, TEXT_WIDTH)
        draw.text((MARGIN, 580), plain, font=plain_font, fill=MUTED, anchor="lm")
    draw.rectangle((0, HEIGHT - 12, WIDTH, HEIGHT), fill=band)
    return image


def render_png(card: Card) -> bytes:
    """The card as PNG bytes, in a 256-colour palette: the card is a few flat colours and
    anti-aliased text, which a palette keeps, in about a third of the bytes of an RGB PNG
    (18 KB rather than 53 KB), and faster to compress."""
    image = render(card).quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
