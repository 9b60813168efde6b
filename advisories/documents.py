"""Untrusted documents, read within the limits the settings give: the PDF or text a clerk
imports ("Nhập từ văn bản"), the file given to `manage.py parse_dispatch`, an attachment.

Each is checked cheaply first (its size; a PDF's page count and image sizes, read from its
structure) and refused past `IMPORT_MAX_BYTES`/`ATTACHMENT_MAX_BYTES`, `PDF_MAX_PAGES`/
`ATTACHMENT_MAX_PAGES` and `IMAGE_MAX_PIXELS`; what passes is read in a child process held to
`PARSE_TIMEOUT_SECONDS` and `PARSE_MEMORY_MB` (advisories.parsing.sandbox). So a crafted file
costs a few seconds of one child process, never a worker thread for minutes. Every refusal is
an UnreadableDocument (or subclass) with a Vietnamese message for the clerk.
"""

import dataclasses

from django.conf import settings

from .parsing import ocr as ocr_reader
from .parsing.errors import DocumentTooLarge, NoTextLayer
from .parsing.limits import Limits, check_size, vietnamese_number
from .parsing.reading import DocumentReading
from .parsing.sandbox import run_limited


def _limits(*, max_bytes: int, max_pages: int) -> Limits:
    seconds = settings.PARSE_TIMEOUT_SECONDS
    return Limits(
        max_bytes=max_bytes,
        max_pages=max_pages,
        max_pixels=settings.IMAGE_MAX_PIXELS,
        cpu_seconds=seconds,
        wall_seconds=seconds,
        memory_bytes=settings.PARSE_MEMORY_MB * 1024 * 1024,
    )


def import_limits() -> Limits:
    """A document read for its text: the import form and `manage.py parse_dispatch`."""
    return _limits(max_bytes=settings.IMPORT_MAX_BYTES, max_pages=settings.PDF_MAX_PAGES)


def attachment_limits() -> Limits:
    """A PDF attached to a dispatch: kept and served, never parsed for its text."""
    return _limits(max_bytes=settings.ATTACHMENT_MAX_BYTES, max_pages=settings.ATTACHMENT_MAX_PAGES)


def ocr_limits(pages: int) -> Limits:
    """A scan of `pages` pages read by OCR: OCR_SECONDS_PER_PAGE of CPU and time per page on
    top of the parse's own; refused past OCR_MAX_PAGES."""
    if pages > settings.OCR_MAX_PAGES:
        raise DocumentTooLarge(
            f"Bản scan có {vietnamese_number(pages)} trang: nhận dạng ký tự (OCR) chỉ nhận tối đa "
            f"{vietnamese_number(settings.OCR_MAX_PAGES)} trang. Hãy tách riêng các trang của "
            "văn bản cần nhập rồi tải lên lại."
        )
    seconds = settings.PARSE_TIMEOUT_SECONDS + settings.OCR_SECONDS_PER_PAGE * pages
    return dataclasses.replace(import_limits(), cpu_seconds=seconds, wall_seconds=seconds)


def read_dispatch_file(data: bytes, *, ocr: bool = True) -> DocumentReading:
    """The reading of a dispatch file's bytes: a PDF with a text layer, or a text file; a
    scanned PDF, a PDF whose text layer is garbled, or a JPEG/PNG/HEIC image is read by OCR
    (unless `ocr` is False: then NoTextLayer, with the page count). A HEIC photo on a server
    without pillow-heif is refused here, before a child is started for nothing."""
    limits = import_limits()
    check_size(len(data), limits)
    if ocr_reader.looks_like_heif(data):
        ocr_reader.require_heif()
    try:
        return DocumentReading.from_dict(run_limited("dispatch_file", data, limits))
    except NoTextLayer as exc:
        if not ocr:
            raise
        return read_scan(data, exc.pages)


def read_scan(data: bytes, pages: int) -> DocumentReading:
    """The reading by OCR of a scan of `pages` pages (see `ocr_limits`)."""
    return DocumentReading.from_dict(run_limited("dispatch_scan", data, ocr_limits(pages)))


def read_dispatch_text(text: str) -> DocumentReading:
    """The reading of a pasted text (the parser's time and memory are bounded too)."""
    return DocumentReading.from_dict(run_limited("dispatch_text", text.encode(), import_limits()))


def check_attachment(data: bytes) -> int:
    """The page count of a PDF fit to attach: within the limits, opening without a password."""
    limits = attachment_limits()
    check_size(len(data), limits)
    return run_limited("attachment", data, limits)["pages"]
