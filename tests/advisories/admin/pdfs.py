"""PDFs built by hand for the import tests: a text layer in any Unicode text, or none at all."""

from tests.pdfs import assemble_pdf, scanned_pdf  # noqa: F401  (re-exported)

_LINES_PER_PAGE = 60


def _cmap(chars: list[str]) -> bytes:
    """A ToUnicode CMap mapping each 2-byte code to the character of the same code point."""
    entries = [f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars]
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def make_text_pdf(text: str) -> bytes:
    """A PDF whose text layer holds `text` line by line (Vietnamese included, BMP only), as a
    word processor's export has: an Identity-H font with a ToUnicode map."""
    lines = text.split("\n")
    chars = sorted({c for c in text if c != "\n"})
    pages = [lines[i : i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)]
    # 1 catalog, 2 pages, 3 font, 4 descendant font, 5 ToUnicode, then page + content pairs.
    objects: list[bytes] = [
        b"",
        b"",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 >>",
        _stream(_cmap(chars)),
    ]
    kids = []
    for page_lines in pages:
        content = ["BT", "/F1 9 Tf", "11 TL", "40 800 Td"]
        for line in page_lines:
            encoded = "".join(f"{ord(c):04X}" for c in line)
            content.append(f"<{encoded}> Tj T*")
        content.append("ET")
        page_number = len(objects) + 1
        kids.append(f"{page_number} 0 R")
        objects.append(
            # Wide enough for the longest seed line (680 characters): text off the page is
            # cropped by poppler, which reads the text layer first.
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 3200 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_number + 1)
        )
        objects.append(_stream("\n".join(content).encode("ascii")))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        " ".join(kids).encode(),
        len(kids),
    )
    return assemble_pdf(objects, b"1.7")
