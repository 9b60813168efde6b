"""The preview image's drawing: Vietnamese printed with the shipped font, titles that fit."""

import unicodedata
from dataclasses import replace

import pytest
from PIL import Image, ImageChops, ImageDraw

from advisories.sharing import cards

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
CARD = cards.Card(
    portal="Cổng cảnh báo lừa đảo",
    kind="Cảnh báo lừa đảo",
    title="Tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”",
    strong_line="Sở Y tế tỉnh An Giang",
    plain_line="Công văn số 2152/SYT-CNTTTT · 07/10/2025",
)


def _glyph(font, char):
    image = Image.new("L", (90, 110))
    ImageDraw.Draw(image).text((10, 10), char, font=font, fill=255)
    return image.tobytes()


@pytest.mark.parametrize("path", [cards.BOLD, cards.REGULAR])
def test_every_vietnamese_letter_has_its_own_glyph_in_the_shipped_font(path):
    font = cards._font(path, 40)
    missing = _glyph(font, "\U000f0000")  # a private code point: the font's "tofu" box
    letters = VIETNAMESE + VIETNAMESE.upper()
    assert [char for char in letters if _glyph(font, char) == missing] == []
    assert len({_glyph(font, char) for char in letters}) == len(letters)


def test_decomposed_text_is_drawn_like_the_composed_one():
    """Text pasted with combining marks (e + ̂ + ̣) prints the same as "ệ"."""
    decomposed = replace(CARD, title=unicodedata.normalize("NFD", CARD.title))
    assert decomposed.title != CARD.title
    difference = ImageChops.difference(cards.render(CARD), cards.render(decomposed))
    assert difference.getbbox() is None


def test_exactly_1200_by_630():
    assert cards.render(CARD).size == (1200, 630)


def test_wrap_keeps_every_word_in_order_within_the_width():
    font = cards._font(cards.BOLD, 64)
    text = "Phòng chống tình trạng lừa đảo trong việc thực hiện dịch vụ công trực tuyến " * 3
    lines = cards.wrap(text, font, cards.TEXT_WIDTH)
    assert " ".join(lines) == " ".join(text.split())
    assert all(font.getlength(line) <= cards.TEXT_WIDTH for line in lines)
    assert len(lines) > 1


def test_a_word_longer_than_the_line_is_cut():
    font = cards._font(cards.BOLD, 64)
    word = "UBND-KGVX" * 12
    lines = cards.wrap(word, font, cards.TEXT_WIDTH)
    assert "".join(lines) == word
    assert all(font.getlength(line) <= cards.TEXT_WIDTH for line in lines)


def test_a_title_too_long_for_the_card_ends_with_an_ellipsis():
    title = "Cảnh giác với thủ đoạn giả danh cán bộ thuế gọi điện yêu cầu nộp tiền " * 8
    font, lines, leading = cards._title_layout(title)
    assert font.size == cards.TITLE_SIZES[-1]
    assert lines[-1].endswith("…")
    assert len(lines) * leading <= cards.TITLE_BOTTOM - cards.TITLE_TOP


def test_a_short_title_is_printed_large():
    font, lines, _ = cards._title_layout("Giả danh nhà trường")
    assert (font.size, lines) == (cards.TITLE_SIZES[0], ["Giả danh nhà trường"])


@pytest.mark.parametrize("field", ["portal", "kind", "title", "strong_line", "plain_line", "stamp"])
def test_the_version_changes_with_anything_printed(field):
    assert replace(CARD, **{field: "khác"}).version != CARD.version


def test_the_png_is_small():
    png = cards.render_png(CARD)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) < 60_000
