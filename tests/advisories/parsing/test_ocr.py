"""Scans and born-digital PDFs as units receive them: chromium's PDF in Liberation Serif (which
pypdf splits into glyphs), the same page scanned (tilted, stamped, noisy) as an image-only PDF
and as a JPEG (and that JPEG kept as an iPhone's HEIC), read through `parse_dispatch` with real
poppler and real Tesseract."""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from advisories.parsing import ocr, parse_dispatch_text
from advisories.parsing.pdf import garbled, poppler_text
from advisories.parsing.reading import NO_SIGNATURE, READ_BY_OCR, read_dispatch
from tests.scans import Dispatch, born_digital_pdf, heic_of, photo_of, scanned_pdf_of

FIELDS = Dispatch().expected()


def parse_json(path) -> dict:

    out = io.StringIO()
    call_command("parse_dispatch", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_pypdf_splits_liberation_serif_and_poppler_keeps_words_whole():

    from pypdf import PdfReader

    data = born_digital_pdf()
    split = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    whole = poppler_text(data, 1, 30)

    assert "C Ộ NG" in split and garbled(split)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in whole and not garbled(whole)


def test_born_digital_pdf_is_read_exactly(tmp_path):
    path = tmp_path / "cong-van.pdf"
    path.write_bytes(born_digital_pdf())

    answer = parse_json(path)

    assert {key: answer[key] for key in FIELDS} == FIELDS
    assert answer["uncertain"] == []


def test_scanned_stamped_pdf_is_read_by_ocr_and_wrong_fields_flagged(tmp_path):
    path = tmp_path / "ban-scan.pdf"
    path.write_bytes(scanned_pdf_of(Dispatch(), 200))

    answer = parse_json(path)

    wrong = {key for key in FIELDS if answer[key] != FIELDS[key]}
    # Every field read wrong is flagged (an emptied one too), and most are read right.
    assert wrong <= set(answer["uncertain"])
    assert len(wrong) <= 2
    assert (answer["issuer"], answer["date"], answer["signer_name"]) == (
        "SỞ Y TẾ",
        "2025-10-07",
        "Đoàn Thanh Hùng",
    )


def test_photo_header_columns_are_read_apart_and_notice_says_ocr():
    data = photo_of(Dispatch(), 200, 1.2, "JPEG")
    reading = ocr.read_image_file(data, ocr_limits())
    lines = reading.text.splitlines()

    # The issuer column comes whole before the motto column: no line holds both.
    assert not any("SỞ Y TẾ" in line and "Độc lập" in line for line in lines)
    assert lines.index("SỞ Y TẾ") < lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert READ_BY_OCR in read_dispatch(reading.text, reading).notices


def ocr_limits():
    from advisories.parsing.limits import Limits

    return Limits(wall_seconds=60, cpu_seconds=60)


def test_skew_is_measured_and_levelled():
    page = Image.new("L", (800, 600), 255)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(page)
    for y in range(60, 560, 40):
        draw.rectangle((80, y, 720, y + 12), fill=0)
    tilted = page.rotate(-2.0, fillcolor=255, expand=True)

    assert ocr.skew_angle(tilted) == pytest.approx(2.0, abs=0.3)
    assert ocr.skew_angle(page) == 0.0


def test_without_tesseract_the_import_says_ocr_is_not_installed(tmp_path, monkeypatch):
    """An environment without tesseract on the PATH: the command refuses in Vietnamese."""
    path = tmp_path / "anh.png"
    path.write_bytes(photo_of(Dispatch(), 150, 0.0, "PNG"))
    monkeypatch.setenv("PATH", str(tmp_path))  # the sandbox child inherits this PATH

    with pytest.raises(CommandError, match="chưa cài đặt phần mềm nhận dạng ký tự"):
        call_command("parse_dispatch", str(path), "--json")


def test_text_cut_off_before_its_signature_gets_a_notice():
    text = born_digital_text_without_signature()
    assert NO_SIGNATURE in read_dispatch(text).notices
    assert (
        NO_SIGNATURE not in read_dispatch(text + "\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐoàn Văn A").notices
    )


def born_digital_text_without_signature() -> str:
    return (
        "UBND TỈNH AN GIANG\nSỞ Y TẾ\nSố: 12/SYT-VP\nAn Giang, ngày 07 tháng 10 năm 2025\n"
        "V/v cảnh báo lừa đảo\nKính gửi: Các đơn vị\nThực hiện chỉ đạo của UBND tỉnh, Sở Y tế"
    )


def test_table_bars_of_a_web_page_header_are_dropped():
    text = (
        "| UBND TỈNH AN GIANG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ Y TẾ | Độc lập - Tự do - Hạnh phúc\n"
        "Số: 12/SYT-VP | An Giang, ngày 07 tháng 10 năm 2025\n"
        "VỀ VIỆC TUYÊN TRUYỀN PHÒNG CHỐNG LỪA ĐẢO QUA SMS VÀ OTP\n"
        "Kính gửi: Các đơn vị\nNội dung.\n"
    )
    parsed = parse_dispatch_text(text)

    assert (parsed.parent_issuer, parsed.issuer) == ("UBND TỈNH AN GIANG", "SỞ Y TẾ")
    assert (parsed.number, parsed.symbol, parsed.place) == ("12", "SYT-VP", "An Giang")
    # All capitals: sentence case, abbreviations kept, without "VỀ VIỆC".
    assert parsed.subject == "Tuyên truyền phòng chống lừa đảo qua SMS và OTP"


def test_values_breaking_a_decree_30_rule_are_uncertain():
    text = (
        "UBND TỈNH AN GIANG\nSỞ Y TẾ\nSố: 12/SYT-VP\nAn Giang, ngày 31 tháng 02 năm 2025\n"
        "V/v cảnh báo lừa đảo\nKính gửi: Các đơn vị\nNội dung.\nNơi nhận:\n- Lưu: VT, VPS.\n"
        "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐoàn Thanh Hùng\n"
    )
    reading = read_dispatch(text)

    # 31 February; the file copy's "VPS" nearly but not exactly the symbol's "VP".
    assert reading.uncertain == ["symbol", "date"]


@pytest.mark.parametrize("turned", [90, 180])
def test_a_page_scanned_sideways_or_upside_down_is_turned_upright(turned):
    page = Image.open(io.BytesIO(photo_of(Dispatch(), 150, 0.0, "PNG")))
    upright = ocr.prepare(page.rotate(turned, expand=True), 30)

    assert ocr._orientation(ocr._grey(page.rotate(turned, expand=True)), 30) == turned
    assert upright.height > upright.width  # portrait again
    assert ocr._orientation(upright, 30) == 0


# --- HEIC: an iPhone's photo ----------------------------------------------------------------


def test_an_iphone_heic_photo_reads_the_same_fields_as_its_jpeg(tmp_path):
    jpeg = photo_of(Dispatch(), 200, 1.2, "JPEG")
    (tmp_path / "anh.jpg").write_bytes(jpeg)
    (tmp_path / "anh.heic").write_bytes(heic_of(jpeg, sideways=True))

    from_jpeg = parse_json(tmp_path / "anh.jpg")
    from_heic = parse_json(tmp_path / "anh.heic")

    assert {key: from_heic[key] for key in FIELDS} == {key: from_jpeg[key] for key in FIELDS}
    assert (from_heic["issuer"], from_heic["date"], from_heic["signer_name"]) == (
        "SỞ Y TẾ",
        "2025-10-07",
        "Đoàn Thanh Hùng",
    )


def test_heic_is_told_by_the_brands_of_its_ftyp_box():
    def ftyp(major: bytes, *compatible: bytes) -> bytes:
        body = major + b"\0\0\0\0" + b"".join(compatible)
        return (8 + len(body)).to_bytes(4, "big") + b"ftyp" + body + b"\0\0\0\x08meta"

    assert ocr.looks_like_image(heic_of(photo_of(Dispatch(), 150, 0.0, "PNG")))
    assert ocr.looks_like_heif(ftyp(b"mif1", b"mif1", b"heic"))  # a camera's generic brand
    assert ocr.looks_like_heif(ftyp(b"heix", b"mif1"))
    assert ocr.looks_like_heif(ftyp(b"msf1", b"hevc"))  # a burst or live photo sequence
    assert not ocr.looks_like_heif(ftyp(b"avif", b"mif1", b"miaf"))  # AVIF: not decoded here
    assert not ocr.looks_like_heif(ftyp(b"isom", b"mp41"))  # an MP4 video
    assert not ocr.looks_like_image(b"\0\0\0\x18ftyp")  # cut short


def test_a_heic_stored_sideways_opens_upright_by_its_orientation():
    heic = heic_of(photo_of(Dispatch(), 150, 0.0, "PNG"), sideways=True)

    page = ocr._open_image(heic, ocr_limits())

    assert page.height > page.width  # the portrait page, as the phone showed it


def test_a_heic_past_the_pixel_limit_is_refused_before_it_is_decoded(tmp_path, settings):
    path = tmp_path / "anh.heic"
    path.write_bytes(heic_of(photo_of(Dispatch(), 150, 0.0, "PNG")))
    settings.IMAGE_MAX_PIXELS = 1_000_000

    with pytest.raises(
        CommandError, match=r"Ảnh quá lớn \(2\.\d{3}\.\d{3} điểm ảnh; tối đa 1\.000\.000\)"
    ):
        call_command("parse_dispatch", str(path), "--json")


def test_without_pillow_heif_a_heic_photo_is_refused_in_vietnamese(tmp_path, monkeypatch):
    """A server where pillow-heif is not installed (its import fails): told, not a crash."""
    path = tmp_path / "anh.heic"
    path.write_bytes(heic_of(photo_of(Dispatch(), 150, 0.0, "PNG")))
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # `import pillow_heif` fails

    with pytest.raises(CommandError, match="chưa cài đặt thư viện đọc ảnh HEIC/HEIF"):
        call_command("parse_dispatch", str(path), "--json")
