"""Building test PDFs by hand: a file's objects assembled with a valid cross-reference table,
and a scanned page without a text layer."""

import io

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
