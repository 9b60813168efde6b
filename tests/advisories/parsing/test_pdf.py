"""Reading files: the text layer of PDFs (pypdf), text encodings, and unreadable files."""

import io
import unicodedata

import pytest

from advisories.parsing import UnreadableDocument, decode_text, extract_text, read_document_text
from tests.pdfs import assemble_pdf, scanned_pdf

PDF_LINES = [
    "UBND TINH AN GIANG",
    "So: 12/UBND-VP",
    "An Giang, ngay 5 thang 1 nam 2025",
    "V/v canh bao lua dao (qua dien thoai)",
]


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds `lines` (ASCII, Helvetica), built by hand."""
    content = ["BT", "/F1 12 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content.append(f"({escaped}) Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    return assemble_pdf(objects, b"1.4")


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese in Windows-1258, which spells tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    encoded = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        marks = "".join(c for c in decomposed if c in tones)
        encoded.append((base + marks).encode("cp1258"))
    return b"".join(encoded)


# --- extract_text -----------------------------------------------------------------------------


def test_text_layer_is_read_from_bytes_path_and_file(tmp_path):
    data = make_pdf(PDF_LINES)
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(data)

    for source in (data, path, str(path), io.BytesIO(data)):
        assert extract_text(source).splitlines() == PDF_LINES


def test_scanned_pdf_without_text_layer_is_unreadable():
    with pytest.raises(UnreadableDocument, match=r"Tệp PDF không có lớp văn bản \(bản scan\)"):
        extract_text(scanned_pdf())


def test_non_pdf_bytes_are_refused():
    with pytest.raises(UnreadableDocument, match="không phải là PDF"):
        extract_text(b"Xin chao, day khong phai PDF")


@pytest.mark.parametrize(
    "data",
    [make_pdf(PDF_LINES)[:150], b"%PDF-1.4\nrac rac rac\n"],
    ids=["truncated", "garbage-after-header"],
)
def test_corrupt_pdf_is_unreadable(data):
    with pytest.raises(UnreadableDocument, match="bị hỏng"):
        extract_text(data)


def test_missing_pdf_path_is_unreadable(tmp_path):
    with pytest.raises(UnreadableDocument, match="Không mở được tệp"):
        extract_text(tmp_path / "khong-co.pdf")


# --- read_document_text and decode_text ---------------------------------------------------------

VIETNAMESE = "Số: 2152 /SYT-CNTTTT\nV/v tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”\n"


def test_pdf_is_told_by_content_not_by_name(tmp_path):
    path = tmp_path / "cong-van.txt"
    path.write_bytes(make_pdf(PDF_LINES))

    assert read_document_text(path).splitlines()[1] == "So: 12/UBND-VP"


def test_text_named_pdf_is_read_as_text(tmp_path):
    path = tmp_path / "cong-van.pdf"
    path.write_text(VIETNAMESE, encoding="utf-8")

    assert read_document_text(path) == VIETNAMESE


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        lambda text: text.encode("utf-16"),
        lambda text: text.encode("utf-16-le"),
        lambda text: text.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-le", "utf-16-be"],
)
def test_unicode_encodings_decode_to_the_same_text(encode):
    assert decode_text(encode(VIETNAMESE)) == VIETNAMESE


def test_windows_1258_decodes_to_the_same_letters():
    decoded = decode_text(to_cp1258(VIETNAMESE))

    assert unicodedata.normalize("NFC", decoded) == VIETNAMESE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "rỗng"),
        (b"  \n\r\n ", "rỗng"),
        (bytes(range(256)) * 8, "không phải văn bản"),
        (b"\x00\x01\x02\x03binary\x00\x00\x07\x08", "không phải văn bản"),
    ],
    ids=["empty", "blank", "all-bytes", "control-bytes"],
)
def test_unreadable_files(tmp_path, data, message):
    path = tmp_path / "tep.txt"
    path.write_bytes(data)

    with pytest.raises(UnreadableDocument, match=message):
        read_document_text(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UnreadableDocument, match="Không tìm thấy tệp"):
        read_document_text(tmp_path / "khong-co.txt")
    with pytest.raises(UnreadableDocument, match="thư mục"):
        read_document_text(tmp_path)
