"""Text of a PDF's text layer, read with pypdf; scanned or broken PDFs raise UnreadableDocument."""

import io
import logging
import os
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from .errors import UnreadableDocument

PDF_MAGIC = b"%PDF-"
# The PDF header may follow a little junk; readers look for it in the first kilobyte.
_MAGIC_WINDOW = 1024
# Fewer letters than this on all pages together: the PDF is an image of the paper (a scan).
_MIN_LETTERS = 20

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


def extract_text(source: PdfSource) -> str:
    """The text layer of every page, pages separated by a line break.

    Raises UnreadableDocument when the data is no PDF, cannot be parsed, is encrypted, or has
    no text layer (a scanned paper, which would need OCR).
    """
    data = _read_bytes(source)
    if not looks_like_pdf(data):
        raise UnreadableDocument("Tệp không phải là PDF (không có phần đầu %PDF-).")
    # pypdf logs every repair it makes to a damaged file; the caller only needs the outcome.
    logger = logging.getLogger("pypdf")
    previous_level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("Tệp PDF được đặt mật khẩu, không đọc được nội dung.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableDocument:
        raise
    except PyPdfError as exc:
        raise UnreadableDocument(f"Tệp PDF bị hỏng, không đọc được: {exc}") from exc
    except Exception as exc:
        # A damaged file makes pypdf fail in many other ways (zlib, struct, recursion…).
        raise UnreadableDocument(
            f"Tệp PDF bị hỏng, không đọc được ({type(exc).__name__})."
        ) from exc
    finally:
        logger.setLevel(previous_level)
    if not pages:
        raise UnreadableDocument("Tệp PDF không có trang nào.")
    text = "\n".join(pages)
    if sum(c.isalpha() for c in text) < _MIN_LETTERS:
        raise UnreadableDocument(
            "Tệp PDF không có lớp văn bản (bản scan): cần nhận dạng ký tự (OCR) "
            "hoặc gửi bản PDF xuất trực tiếp từ Word."
        )
    return text
