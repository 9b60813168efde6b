"""Bombs (tests/pdfs.py) are refused by the cheap look at a PDF's structure, before any of its
content is parsed; files within the limits pass; pypdf's repairs are counted, not logged."""

import logging
import re

import pytest

from advisories.parsing import UnreadableDocument, extract_text
from advisories.parsing.errors import DocumentTooComplex, DocumentTooLarge
from advisories.parsing.limits import Limits, check_size
from advisories.parsing.pdf import MAX_REPAIRS, counted_pypdf_warnings, inspect_pdf
from tests.pdfs import (
    PDF_BOMBS,
    huge_image_pdf,
    huge_png,
    nested_dictionaries_bomb,
    page_bomb,
)

from ..admin.pdfs import make_text_pdf

LIMITS = Limits(max_pages=100, max_pixels=100_000_000)


@pytest.mark.parametrize(("build", "message"), PDF_BOMBS.values(), ids=PDF_BOMBS.keys())
def test_every_bomb_is_refused_by_its_structure(build, message):
    with pytest.raises(UnreadableDocument, match=message) as refused:
        inspect_pdf(build(), LIMITS)
    assert isinstance(refused.value, DocumentTooLarge | DocumentTooComplex)


@pytest.mark.parametrize(("build", "message"), PDF_BOMBS.values(), ids=PDF_BOMBS.keys())
def test_extracting_text_within_limits_checks_first(build, message):
    with pytest.raises(UnreadableDocument, match=message):
        extract_text(build(), LIMITS)


def test_the_page_limit_is_the_last_page_allowed():
    assert inspect_pdf(page_bomb(100), LIMITS) == 100
    with pytest.raises(DocumentTooLarge, match="Tệp PDF có 101 trang: chỉ nhận tệp tối đa 100"):
        inspect_pdf(page_bomb(101), LIMITS)


def test_an_image_within_the_pixel_limit_passes():
    assert inspect_pdf(huge_image_pdf(10_000, 10_000), LIMITS) == 1
    with pytest.raises(DocumentTooLarge, match=r"Trang 1 .* hình ảnh quá lớn"):
        inspect_pdf(huge_image_pdf(10_000, 10_001), LIMITS)


def test_a_real_document_passes_and_reads():
    data = make_text_pdf("UBND TỈNH AN GIANG\nSố: 12/UBND-VP\nV/v cảnh báo lừa đảo")
    assert inspect_pdf(data, LIMITS) == 1
    assert "Số: 12/UBND-VP" in extract_text(data, LIMITS)


def test_a_png_of_ten_gigapixels_is_no_pdf():
    with pytest.raises(UnreadableDocument, match="không phải là PDF"):
        inspect_pdf(huge_png(), LIMITS)


def test_the_size_is_checked_before_reading():
    with pytest.raises(DocumentTooLarge, match=r"Tệp quá lớn \(20,1 MB\): tối đa 20 MB\."):
        check_size(20 * 1024 * 1024 + 1, Limits(max_bytes=20 * 1024 * 1024))
    check_size(20 * 1024 * 1024, Limits(max_bytes=20 * 1024 * 1024))


def test_pypdf_repairs_are_counted_not_logged(caplog):
    """The nested-dictionary bomb made pypdf log 16,514 warnings (1.9 MB) in a worker."""
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DocumentTooComplex, match=r"quá nhiều lỗi cấu trúc \(\d+\.\d{3} chỗ"):
        inspect_pdf(nested_dictionaries_bomb(), LIMITS)
    assert len(caplog.records) <= 3


def test_a_few_repairs_are_tolerated():
    """A file whose cross-reference table points a byte off (pypdf repairs every object, as
    real files sometimes need) still passes, and reads."""
    data = make_text_pdf("UBND TỈNH AN GIANG\nSố: 12/UBND-VP\nV/v cảnh báo lừa đảo")
    broken = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 1), data)
    with counted_pypdf_warnings() as repairs:
        assert inspect_pdf(broken, LIMITS) == 1
    assert 0 < repairs.count <= MAX_REPAIRS
    assert "Số: 12/UBND-VP" in extract_text(broken, LIMITS)
