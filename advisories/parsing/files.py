"""Read a dispatch file into text: a PDF (by its `%PDF-` header) or plain text in any common
Vietnamese encoding (UTF-8, UTF-16, Windows-1258)."""

import os
from pathlib import Path

from .errors import NoTextLayer as NeedsOcr
from .errors import UnreadableDocument
from .limits import Limits, check_size
from .ocr import check_image, looks_like_image
from .pdf import extract_text, looks_like_pdf

# Encodings tried in order for a text file without a byte-order mark. cp1258 decodes almost
# any bytes, so it comes last and its result is checked for binary garbage.
_TEXT_ENCODINGS = ("utf-8", "cp1258")
# Control characters allowed in a text file: tab, line feed, vertical tab, form feed, CR.
_ALLOWED_CONTROLS = frozenset("\t\n\v\f\r")
# More control characters than this share of the text: binary data, not text.
_MAX_CONTROL_SHARE = 0.01


def _is_text(text: str) -> bool:
    """True when decoded data reads as text: no NUL, few control characters, some letters."""
    if "\x00" in text:
        return False
    controls = sum(1 for c in text if ord(c) < 32 and c not in _ALLOWED_CONTROLS)
    visible = [c for c in text if not c.isspace()]
    letters = sum(1 for c in visible if c.isalpha())
    return controls <= _MAX_CONTROL_SHARE * len(text) and letters >= 0.1 * len(visible)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark, told by its NUL bytes, else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nuls = data[0::2].count(0)
    odd_nuls = data[1::2].count(0)
    half = len(data) // 2
    for encoding, nuls in (("utf-16-le", odd_nuls), ("utf-16-be", even_nuls)):
        if nuls > 0.3 * half:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_text(data: bytes) -> str:
    """Decode the bytes of a text file: BOM first, then UTF-16, UTF-8, Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument("Tệp văn bản UTF-16 bị hỏng, không đọc được.") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    utf16 = _utf16_without_bom(data)
    if utf16 is not None and _is_text(utf16):
        return utf16
    for encoding in _TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_text(text):
            return text
    raise UnreadableDocument(
        "Tệp không phải văn bản đọc được (dữ liệu nhị phân hoặc bảng mã không hỗ trợ)."
    )


def read_file_bytes(path: str | os.PathLike, max_bytes: int | None = None) -> bytes:
    """The bytes of a file, refused (DocumentTooLarge) past `max_bytes` before it is read
    whole: at most `max_bytes + 1` bytes are read, whatever the file system says (a pipe or a
    device has no size)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise UnreadableDocument(f"Không tìm thấy tệp {path}.") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(f"{path} là một thư mục, không phải tệp.") from exc
    except OSError as exc:
        raise UnreadableDocument(f"Không mở được tệp {path}: {exc.strerror}.") from exc
    if max_bytes is not None and len(data) > max_bytes:
        size = max(len(data), path.stat().st_size) if path.is_file() else len(data)
        check_size(size, Limits(max_bytes=max_bytes))
    return data


def document_text(data: bytes, limits: Limits | None = None, name: str = "") -> str:
    """The text of a dispatch file's bytes: a PDF (by content; checked against `limits` when
    given) or a text file; UnreadableDocument when there is none, NoTextLayer (a kind of it)
    when only OCR can read it: an image file, a scanned PDF or one whose text is garbled."""
    label = f"Tệp {name}" if name else "Tệp"
    if not data.strip():
        raise UnreadableDocument(f"{label} rỗng, không có nội dung.")
    if limits is not None:
        check_size(len(data), limits)
    if looks_like_image(data):
        if limits is not None:
            check_image(data, limits)
        raise NeedsOcr("Tệp ảnh (bản scan hoặc ảnh chụp): cần nhận dạng ký tự (OCR).", pages=1)
    text = extract_text(data, limits) if looks_like_pdf(data) else decode_text(data)
    if not text.strip():
        raise UnreadableDocument(f"{label} không có nội dung chữ.")
    return text


def read_document_text(path: str | os.PathLike, limits: Limits | None = None) -> str:
    """The text of a dispatch file (.pdf by content, otherwise text); UnreadableDocument if none.

    In this process: for a file that may be crafted, use the sandbox (advisories.documents).
    """
    max_bytes = limits.max_bytes if limits is not None else None
    return document_text(read_file_bytes(path, max_bytes), limits, name=str(path))
