"""Building test PDFs by hand: a file's objects assembled with a valid cross-reference table,
a scanned page without a text layer, and bombs (files that ask a reader for far more work
than their size: many pages, nested dictionaries, huge images, heavy or inflating content)."""

import functools
import io
import struct
import zlib

from pypdf import PdfWriter


def assemble_pdf(objects: list[bytes], version: bytes = b"1.7") -> bytes:
    """A PDF whose numbered objects are `objects` (1 is the catalog)."""
    pdf = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def scanned_pdf() -> bytes:
    """A PDF with one page and no text: what a scanner without OCR gives."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- Bombs: small files that ask a reader for far more work than their size -----------------
# Each is built once per test run (functools.cache; bytes are immutable).

_BOMB_TEXT = b"BT /F1 12 Tf 50 780 Td (Canh bao lua dao, khong cung cap ma OTP) Tj ET"
_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _pages_sharing(content: bytes, pages: int, resources: bytes = b"/Font << /F1 3 0 R >>"):
    """Objects of a PDF whose `pages` pages all draw the one content stream `content`."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _HELVETICA, _stream(content)]
    kids = []
    for _ in range(pages):
        kids.append(b"%d 0 R" % (len(objects) + 1))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
            + resources
            + b" >> /Contents 4 0 R >>"
        )
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    return objects


@functools.cache
def page_bomb(pages: int = 50_000) -> bytes:
    """`pages` pages sharing one content stream: 50,000 of them fit in 8 MB and took a worker
    208 s of CPU to extract (5,000: 0.8 MB, 24 s)."""
    return assemble_pdf(_pages_sharing(_BOMB_TEXT, pages))


@functools.cache
def lying_page_bomb(pages: int = 50_000) -> bytes:
    """The same, with a page tree whose /Count says 1: only walking the tree tells."""
    data = page_bomb(pages)
    return data.replace(b"/Count %d >>" % pages, b"/Count 1 >>" + b" " * (len(str(pages)) - 1))


@functools.cache
def nested_dictionaries_bomb(depth: int = 50_000) -> bytes:
    """One page whose dictionary nests `depth` dictionaries: pypdf repairs (and logs) tens of
    thousands of objects to read it (16,514 warnings, 1.9 MB of log, as an attachment)."""
    nested = b"<< /A " * depth + b"1" + b" >>" * depth
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Bomb " + nested + b" >>",
        _HELVETICA,
        _stream(_BOMB_TEXT),
    ]
    return assemble_pdf(objects)


@functools.cache
def huge_image_pdf(width: int = 100_000, height: int = 100_000) -> bytes:
    """One page drawing a width × height image (10 gigapixels by default) whose data is a few
    bytes: a viewer that believes the dictionary allocates 30 GB."""
    objects = _pages_sharing(
        _BOMB_TEXT + b"\nq 595 0 0 842 0 0 cm /Im1 Do Q",
        1,
        b"/Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >>",
    )
    pixels = zlib.compress(b"\x00" * 3)
    objects.append(
        _stream(
            pixels,
            b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Filter /FlateDecode " % (width, height),
        )
    )
    return assemble_pdf(objects)


@functools.cache
def huge_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG announcing width × height pixels in its header, with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


@functools.cache
def heavy_text_pdf(pages: int = 100, operations: int = 20_000) -> bytes:
    """A PDF within every structural limit (`pages` pages) whose one shared content stream
    holds `operations` text operations: reading it takes long, which only a time limit stops."""
    content = b"BT /F1 12 Tf 50 780 Td\n" + b"(lua dao) Tj 1 0 Td\n" * operations + b"ET"
    return assemble_pdf(_pages_sharing(content, pages))


@functools.cache
def inflating_pdf(megabytes: int = 70) -> bytes:
    """One page whose content stream inflates from a few kilobytes to `megabytes` MB: what a
    memory limit stops."""
    squeeze = zlib.compressobj(1)
    block = b" " * (1024 * 1024)
    content = b"".join(squeeze.compress(block) for _ in range(megabytes)) + squeeze.flush()
    objects = _pages_sharing(b"", 1)
    objects[3] = _stream(content, b"/Filter /FlateDecode ")
    return assemble_pdf(objects)


# The PDF bombs every path must refuse before parsing, with what the refusal says (the same on
# every path: the import form, parse_dispatch, an attachment).
PDF_BOMBS = {
    "50000-pages": (lambda: page_bomb(50_000), "Tệp PDF có 50.000 trang"),
    "5000-pages": (lambda: page_bomb(5_000), "Tệp PDF có 5.000 trang"),
    "lying-page-count": (lying_page_bomb, "Tệp PDF có quá nhiều trang"),
    "50000-nested-dictionaries": (nested_dictionaries_bomb, "quá nhiều lỗi cấu trúc"),
    "10-gigapixel-image": (huge_image_pdf, "có hình ảnh quá lớn"),
}
