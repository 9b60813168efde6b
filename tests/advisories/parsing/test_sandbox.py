"""The sandbox: a reading that runs past its CPU, wall-clock or memory limit is cut off with a
Vietnamese message; a normal one comes back whole; pypdf's repairs make one log line."""

import logging

import pytest

from advisories.parsing.errors import DocumentTooComplex, DocumentTooLarge, UnreadableDocument
from advisories.parsing.limits import Limits
from advisories.parsing.reading import DocumentReading, read_dispatch
from advisories.parsing.sandbox import run_limited
from tests.pdfs import heavy_text_pdf, inflating_pdf, nested_dictionaries_bomb, page_bomb

from ..admin.pdfs import make_text_pdf
from .test_text import seed_text

SLOW = "Tệp quá phức tạp để đọc trong thời gian cho phép"


def test_a_seed_document_comes_back_as_read_in_this_process():
    text = seed_text("000")
    answer = run_limited("dispatch_file", make_text_pdf(text), Limits())
    reading = DocumentReading.from_dict(answer)
    in_process = read_dispatch(text)
    assert reading.documents == in_process.documents == 3
    assert reading.parsed == in_process.parsed
    assert reading.parts == in_process.parts
    assert reading.warnings == in_process.warnings


def test_pasted_text_is_parsed_in_the_child_too():
    text = seed_text("004")
    answer = run_limited("dispatch_text", text.encode(), Limits())
    assert DocumentReading.from_dict(answer) == read_dispatch(text)


def test_a_file_past_its_cpu_time_is_cut_off():
    """100 pages (within every structural limit) whose content takes long to read."""
    limits = Limits(cpu_seconds=1, wall_seconds=120)
    with pytest.raises(DocumentTooComplex, match=SLOW):
        run_limited("dispatch_file", heavy_text_pdf(), limits)


def test_a_file_past_its_wall_clock_time_is_cut_off():
    limits = Limits(cpu_seconds=120, wall_seconds=1)
    with pytest.raises(DocumentTooComplex, match=SLOW + r" \(1 giây\)"):
        run_limited("dispatch_file", heavy_text_pdf(), limits)


def test_a_file_past_its_memory_is_cut_off():
    """A content stream that inflates to 40 MB, read with 80 MB of address space."""
    limits = Limits(memory_bytes=80 * 1024 * 1024)
    with pytest.raises(DocumentTooComplex, match=r"với bộ nhớ cho phép \(80 MB\)"):
        run_limited("dispatch_file", inflating_pdf(40), limits)


def test_refusals_keep_their_kind_and_message():
    with pytest.raises(DocumentTooLarge, match=r"Tệp PDF có 50\.000 trang"):
        run_limited("attachment", page_bomb(50_000), Limits(max_pages=300))
    with pytest.raises(UnreadableDocument, match="không phải là PDF"):
        run_limited("attachment", b"<html>", Limits())


def test_pypdf_repairs_make_one_log_line(caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DocumentTooComplex, match="quá nhiều lỗi cấu trúc"):
        run_limited("attachment", nested_dictionaries_bomb(), Limits())
    assert [r.name for r in caplog.records] == ["advisories.parsing.sandbox"]
    assert "pypdf đã sửa" in caplog.records[0].getMessage()
