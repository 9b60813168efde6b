"""PDFs with pypdf: the cheap look at a file's structure (`inspect_pdf`: pages, image sizes)
and the text of its text layer (`extract_text`). Scanned or broken PDFs raise
UnreadableDocument; PDFs past the limits raise DocumentTooLarge before their content is read.

Run these on untrusted files only inside the sandbox (advisories.parsing.sandbox): the checks
bound the work a file may ask for, the sandbox bounds the work nobody foresaw.
"""

import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import DictionaryObject, IndirectObject

from .errors import (
    DocumentTooComplex,
    DocumentTooLarge,
    EncryptedDocument,
    GarbledText,
    NoTextLayer,
    UnreadableDocument,
)
from .limits import Limits, vietnamese_number

PDF_MAGIC = b"%PDF-"
# The PDF header may follow a little junk; readers look for it in the first kilobyte.
_MAGIC_WINDOW = 1024
# Fewer letters than this on all pages together: the PDF is an image of the paper (a scan).
_MIN_LETTERS = 20
# Image and form XObjects looked at, over all pages, before the file counts as too complex.
_MAX_XOBJECTS_EXAMINED = 10_000
# Forms drawn inside forms: deeper than this is no document a clerk makes.
_MAX_FORM_DEPTH = 8
# pypdf repairs a damaged object and logs a warning; past this many, the file is refused (a
# file of 50,000 nested dictionaries made 37,000 of them, and 1.9 MB of log when logged).
MAX_REPAIRS = 100

PdfSource = str | os.PathLike | bytes | BinaryIO


def looks_like_pdf(data: bytes) -> bool:
    """True when the bytes carry the `%PDF-` header near their start."""
    return PDF_MAGIC in data[:_MAGIC_WINDOW]


def _read_bytes(source: PdfSource) -> bytes:
    """All bytes of a path, a bytes object or a binary file object."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as handle:
                return handle.read()
        except OSError as exc:
            raise UnreadableDocument(
                f"Không mở được tệp {os.fspath(source)}: {exc.strerror}."
            ) from exc
    return source.read()


class PypdfWarnings(logging.Handler):
    """Counts pypdf's warnings (one per object it repairs) and keeps the first one."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0
        self.first = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if self.count == 1:
            self.first = record.getMessage()[:300]


@contextmanager
def counted_pypdf_warnings() -> Iterator[PypdfWarnings]:
    """Within the block, pypdf's warnings are counted instead of logged (one per repaired
    object is no log anybody reads). Changes the process-wide `pypdf` logger: meant for the
    sandbox's single-threaded child, or a test."""
    logger = logging.getLogger("pypdf")
    counter = PypdfWarnings()
    saved = logger.level, logger.propagate
    logger.addHandler(counter)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.level, logger.propagate = saved


def _refuse_if_badly_damaged(repairs: int) -> None:
    if repairs > MAX_REPAIRS:
        raise DocumentTooComplex(
            f"Tệp PDF có quá nhiều lỗi cấu trúc ({vietnamese_number(repairs)} chỗ hỏng). "
            "Hãy xuất lại tệp PDF từ phần mềm soạn thảo rồi tải lên lại."
        )


@contextmanager
def _pypdf_failures() -> Iterator[None]:
    """pypdf's many ways of failing on a damaged file, worded once for the clerk."""
    try:
        yield
    except (UnreadableDocument, MemoryError):
        raise  # out of memory: the sandbox words it, with its limit
    except PyPdfError as exc:
        raise UnreadableDocument(f"Tệp PDF bị hỏng, không đọc được: {exc}") from exc
    except Exception as exc:
        # A damaged file makes pypdf fail in many other ways (zlib, struct, recursion…).
        raise UnreadableDocument(
            f"Tệp PDF bị hỏng, không đọc được ({type(exc).__name__})."
        ) from exc


def _open(data: bytes, *, try_empty_password: bool) -> PdfReader:
    """The reader (its cross-reference table read, no page yet); an encrypted file is opened
    only when it needs no password to be read (permissions-only) and that is allowed."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not (try_empty_password and reader.decrypt("")):
        raise EncryptedDocument("Tệp PDF được đặt mật khẩu, không đọc được nội dung.")
    return reader


def _too_many_pages(pages: int | None, limit: int) -> DocumentTooLarge:
    counted = f"có {vietnamese_number(pages)} trang" if pages else "có quá nhiều trang"
    return DocumentTooLarge(
        f"Tệp PDF {counted}: chỉ nhận tệp tối đa {vietnamese_number(limit)} trang. "
        "Hãy tách riêng phần văn bản cần dùng rồi tải lên lại."
    )


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _page_count(reader: PdfReader, limit: int) -> int:
    """The number of pages, refused past `limit` without walking a page tree of any size.

    The root's /Count is read first (one object). It may lie, so the tree is then walked with
    pypdf's own bound on the entries it visits set just above the limit: a tree of 50,000
    pages costs as much as one of `limit`.
    """
    pages_node = _resolved(reader.root_object.get("/Pages"))
    if not isinstance(pages_node, DictionaryObject):
        raise UnreadableDocument("Tệp PDF bị hỏng: không có danh sách trang.")
    declared = _resolved(pages_node.get("/Count"))
    if isinstance(declared, int) and declared > limit:
        raise _too_many_pages(declared, limit)
    try:
        with apply_configuration(page_tree_maximum_entries=2 * limit + 16):
            count = len(reader.pages)
    except LimitReachedError as exc:
        raise _too_many_pages(None, limit) from exc
    if count > limit:
        raise _too_many_pages(count, limit)
    return count


def _largest_image(resources, budget: list[int], depth: int = 0) -> int:
    """Width × height of the largest image XObject under `resources` (forms looked into),
    read from the image dictionaries alone: no image data is decoded."""
    resources = _resolved(resources)
    if not isinstance(resources, DictionaryObject) or depth > _MAX_FORM_DEPTH:
        return 0
    xobjects = _resolved(resources.get("/XObject"))
    if not isinstance(xobjects, DictionaryObject):
        return 0
    largest = 0
    for value in xobjects.values():
        budget[0] -= 1
        if budget[0] < 0:
            raise DocumentTooComplex(
                "Tệp PDF có quá nhiều hình ảnh để kiểm tra. Hãy xuất lại tệp PDF rồi thử lại."
            )
        xobject = _resolved(value)
        if not isinstance(xobject, DictionaryObject):
            continue
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            width, height = _resolved(xobject.get("/Width")), _resolved(xobject.get("/Height"))
            if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
                largest = max(largest, width * height)
        elif subtype == "/Form":
            largest = max(largest, _largest_image(xobject.get("/Resources"), budget, depth + 1))
    return largest


def _check_images(reader: PdfReader, max_pixels: int) -> None:
    """Refuse a page that draws an image of more than `max_pixels` pixels."""
    budget = [_MAX_XOBJECTS_EXAMINED]
    for number, page in enumerate(reader.pages, start=1):
        pixels = _largest_image(page.get("/Resources"), budget)
        if pixels > max_pixels:
            raise DocumentTooLarge(
                f"Trang {number} của tệp PDF có hình ảnh quá lớn ({vietnamese_number(pixels)} "
                f"điểm ảnh; tối đa {vietnamese_number(max_pixels)}). Hãy giảm độ phân giải "
                "của bản quét rồi tải lên lại."
            )


def _inspected(data: bytes, limits: Limits, *, try_empty_password: bool) -> PdfReader:
    """The reader of a PDF found within `limits` (see `inspect_pdf`)."""
    if not looks_like_pdf(data):
        raise UnreadableDocument("Tệp không phải là PDF (không có phần đầu %PDF-).")
    with counted_pypdf_warnings() as repairs, _pypdf_failures():
        reader = _open(data, try_empty_password=try_empty_password)
        pages = _page_count(reader, limits.max_pages)
        _refuse_if_badly_damaged(repairs.count)
        if not pages:
            raise UnreadableDocument("Tệp PDF không có trang nào.")
        _check_images(reader, limits.max_pixels)
        _refuse_if_badly_damaged(repairs.count)
    return reader


def inspect_pdf(data: bytes, limits: Limits, *, try_empty_password: bool = True) -> int:
    """The page count of a PDF, after checking it is within `limits` (pages, image pixels).

    Reads only the cross-reference table, the page tree (bounded) and the image dictionaries:
    no content stream is parsed and no image decoded.
    """
    return len(_inspected(data, limits, try_empty_password=try_empty_password).pages)


# Lower-case "words" without a vowel ("ph", "ng", "tr", "c"): pieces of syllables cut apart by
# an extraction that places each glyph ("tuyên truy ề n ph ươ ng th ứ c"); Vietnamese prose has
# almost none.
_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_WORD = re.compile(r"[^\W\d_]+")
# Above this share of fragments (or of unmapped glyphs), the text layer is garbled.
_MAX_FRAGMENTS = 0.04
# Fewer fragments than this prove nothing (a short text: "V/v", "km", a typo).
_MIN_FRAGMENTS = 5
# Vowel-less words of real text: the "v" of "V/v", units, "đ" for đồng.
_UNITS = frozenset({"v", "đ", "m", "km", "kg", "cm", "mm", "ml", "kwh", "tr", "st"})
# Glyphs a font maps to no letter: the replacement character, private-use code points, and
# what extractors print for them ("(cid:12)").
_UNMAPPED = re.compile(r"[\ufffd\ue000-\uf8ff]|\(cid:\d+\)")


def garbled(text: str) -> bool:
    """True when a text layer is not readable Vietnamese: words split into glyphs ("C Ộ NG",
    "ph ươ ng"), or glyphs mapped to nothing."""
    words = _WORD.findall(text)
    lower = [w for w in words if w.islower()]
    if not words:
        return False
    fragments = sum(1 for w in lower if not (set(w) & _VOWELS) and w not in _UNITS)
    unmapped = len(_UNMAPPED.findall(text))
    return (fragments >= _MIN_FRAGMENTS and fragments > _MAX_FRAGMENTS * len(lower)) or (
        unmapped >= _MIN_FRAGMENTS and unmapped > 0.02 * len(words)
    )


def poppler_text(data: bytes, pages: int, timeout: float) -> str | None:
    """The text layer by poppler's `pdftotext -layout` (words whole, columns side by side), or
    None when poppler is not installed or fails on the file."""
    program = shutil.which("pdftotext")
    if program is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "in.pdf")
        with open(source, "wb") as handle:
            handle.write(data)
        try:
            done = subprocess.run(  # noqa: S603 - poppler, on a file we wrote
                [program, "-layout", "-enc", "UTF-8", "-l", str(pages), source, "-"],
                capture_output=True,
                timeout=timeout,
                check=True,
            )
        except (subprocess.SubprocessError, OSError):
            return None
    text = done.stdout.decode("utf-8", "replace").replace("\f", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def extract_text(source: PdfSource, limits: Limits | None = None) -> str:
    """The text layer of every page, pages separated by a line break.

    Poppler's `pdftotext -layout` is read first: it keeps Vietnamese words whole where pypdf
    splits them around the marks of some fonts (Liberation Serif, the usual substitute for
    Times New Roman, reads "C Ộ NG HÒA"); pypdf is the fallback when poppler is missing or its
    text is garbled. With `limits`, the file is first checked as `inspect_pdf` does. Raises
    NoTextLayer for a scanned paper (no text layer: OCR is needed), GarbledText when every
    extraction is garbled (OCR too), and UnreadableDocument when the data is no PDF, cannot be
    parsed or is encrypted.
    """
    data = _read_bytes(source)
    if limits is not None:
        reader = _inspected(data, limits, try_empty_password=True)
    elif not looks_like_pdf(data):
        raise UnreadableDocument("Tệp không phải là PDF (không có phần đầu %PDF-).")
    else:
        with _pypdf_failures():
            reader = _open(data, try_empty_password=True)
    with _pypdf_failures():
        count = len(reader.pages)
    if not count:
        raise UnreadableDocument("Tệp PDF không có trang nào.")
    timeout = limits.wall_seconds if limits is not None else 60.0
    poppler = poppler_text(data, count, timeout)
    if poppler is not None and _letters(poppler) >= _MIN_LETTERS and not garbled(poppler):
        return poppler
    with _pypdf_failures():
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    if _letters(text) < _MIN_LETTERS and (poppler is None or _letters(poppler) < _MIN_LETTERS):
        raise NoTextLayer(
            "Tệp PDF không có lớp văn bản (bản scan): cần nhận dạng ký tự (OCR) "
            "hoặc gửi bản PDF xuất trực tiếp từ Word.",
            pages=count,
        )
    if garbled(text):
        raise GarbledText(
            "Lớp văn bản của tệp PDF bị lỗi phông chữ (chữ bị tách rời hoặc sai mã): cần nhận "
            "dạng ký tự (OCR) hoặc gửi bản PDF xuất trực tiếp từ Word.",
            pages=count,
        )
    return text
