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


# --- A number or a day written in by hand, or stamped -----------------------------------------


def test_number_and_day_written_in_blue_ink_are_uncertain(tmp_path):
    """The clerk writes the number and the day in by hand after signing: whatever OCR reads
    there, the two fields are flagged (and the printed ones around them read as before)."""
    path = tmp_path / "ban-scan-so-viet-tay.pdf"
    path.write_bytes(scanned_pdf_of(Dispatch(ink="blue", number="815"), 200))

    answer = parse_json(path)

    assert {"number", "date"} <= set(answer["uncertain"])
    assert (answer["issuer"], answer["signer_name"]) == ("SỞ Y TẾ", "Đoàn Thanh Hùng")


def test_a_printed_number_and_day_under_a_red_stamp_are_not_flagged_for_ink(tmp_path):
    path = tmp_path / "ban-scan.pdf"
    path.write_bytes(scanned_pdf_of(Dispatch(), 200))

    answer = parse_json(path)

    assert (answer["number"], answer["date"]) == ("2152", "2025-10-07")
    assert not {"number", "date"} & set(answer["uncertain"])


def _page_with(draw_words):
    """A white colour page with words drawn by `draw_words(draw, font)`, prepared as OCR
    prepares it (grey by the red channel, Otsu), and its coloured-ink mask."""
    from PIL import ImageDraw, ImageFont

    from tests.scans import FONTS

    image = Image.new("RGB", (900, 200), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    draw_words(draw, ImageFont.truetype(str(FONTS / "NotoSans-Regular.ttf"), 48))
    return ocr.binarise(ocr._grey(image)), ocr.ink_mask(image)


def test_words_holding_coloured_ink_are_marked_and_printed_ones_under_a_red_stamp_are_not():
    def draw_words(draw, font):
        draw.text((20, 60), "815", fill=(30, 60, 180), font=font)  # written in, blue ballpoint
        draw.text((110, 60), "/SYT-VP", fill="black", font=font)  # printed
        draw.text((500, 60), "tháng 10", fill="black", font=font)  # printed, stamped over
        draw.rectangle((480, 40, 760, 140), outline=(200, 30, 40, 150), width=6)
        draw.text((520, 90), "ĐẾN", fill=(200, 30, 40, 150), font=font)

    page, mask = _page_with(draw_words)
    written = ocr.Word("815/SYT-VP", 95, 1, (15, 55, 330, 75))
    stamped = ocr.Word("tháng", 95, 1, (495, 55, 150, 75))
    ocr.mark_ink([written, stamped], page, mask)

    assert written.ink  # the number in it, though Tesseract joined it to the printed symbol
    assert not stamped.ink


def test_a_grey_page_has_no_ink_mask_and_readings_without_ink_still_load():
    assert ocr.ink_mask(Image.new("L", (50, 50), 255)) is None
    assert ocr.ink_mask(Image.new("RGB", (50, 50), (20, 20, 20))) is None

    reading = ocr.OcrText("Số: 815", [ocr.Word("815", 90.0, 1, (0, 0, 10, 10), ink=True)])
    assert ocr.OcrText.from_dict(reading.to_dict()).words[0].ink
    older = {"text": "Số", "words": [{"text": "Số", "conf": 90, "page": 1, "box": [0, 0, 1, 1]}]}
    assert not ocr.OcrText.from_dict(older | {"pages": 1}).words[0].ink


@pytest.mark.parametrize("symbol", ["QĐ-TTg", "2026/TT-BCT", "2025/QĐ-UBND", "UBND-KGVX"])
def test_decree_30_symbols_keep_to_the_rule(symbol):
    from advisories.parsing.confidence import rule_failures
    from advisories.parsing.result import ParsedDispatch

    assert "symbol" not in rule_failures(ParsedDispatch(symbol=symbol))
    assert "symbol" in rule_failures(ParsedDispatch(symbol=symbol.lower()))


@pytest.mark.parametrize(
    ("value", "odd"),
    [
        ("Sửa đổi một số điều cỦa các Thông tƯ", True),
        ("chuyển giao VƯờn quốc gia Ba Vì", True),
        ("Ủy ban nhân dân Thành phố Hà Nội, ỦY BAN NHÂN DÂN", False),
        ("Quyết định số 04/2026/QĐ-TTg; PTTgTT Phạm Gia Túc", False),
    ],
)
def test_words_in_a_case_no_vietnamese_word_is_written_in(value, odd):
    from advisories.parsing.confidence import odd_case

    assert odd_case(value) is odd


def test_a_value_read_by_ocr_in_an_odd_case_is_uncertain():
    """Tesseract reads "của" as "cỦa" in a subject and finds "của" read well in the body: the
    words' confidence does not tell, their case does."""
    text = (
        "BỘ CÔNG AN\nSố: 37/2026/TT-BCA\nHà NỘI, ngày 24 tháng 4 năm 2026\nTHÔNG TƯ\n"
        "Sửa đổi một số điều cỦa các Thông tư\nCăn cứ Luật của Quốc hội;\n"
    )
    words = [ocr.Word(w, 95.0, 1, (0, 0, 10, 10)) for w in text.split()]

    reading = read_dispatch(text, ocr.OcrText(text, words))

    assert {"subject", "place"} <= set(reading.uncertain)
    assert (
        "subject"
        not in read_dispatch(text.replace("cỦa", "của"), ocr.OcrText(text, words)).uncertain
    )


def test_a_speck_after_an_issuer_and_a_title_misread_are_uncertain():
    from advisories.parsing.confidence import rule_failures
    from advisories.parsing.result import ParsedDispatch

    misread = ParsedDispatch(issuer="VĂN PHÒNG CHÍNH PHỦ.", signer_title="THỨ TRƯỚNG")
    right = ParsedDispatch(issuer="TRƯỜNG THCS NGUYỄN DU 2", signer_title="THỨ TRƯỞNG")

    assert {"issuer", "signer_title"} <= rule_failures(misread)
    assert not {"issuer", "signer_title"} & rule_failures(right)


def test_words_run_together_or_a_stray_stop_in_a_name_are_uncertain():
    """OCR joins "ỦY BAN NHÂN" into "BANNHÂN" or reads a speck as a stop after "THÀNH": no
    Vietnamese syllable has two vowel groups, and only abbreviations ("TP.") end on a stop."""
    from advisories.parsing.confidence import rule_failures
    from advisories.parsing.result import ParsedDispatch

    joined = ParsedDispatch(issuer="ỦY BANNHÂN DÂN THÀNH PHỐ HÀ NỘI")
    stopped = ParsedDispatch(issuer="ỦY BAN NHÂN DÂN THÀNH. PHỐ HÀ NỘI")
    right = ParsedDispatch(issuer="ỦY BAN NHÂN DÂN TP. HỒ CHÍ MINH", parent_issuer="UBND TỈNH")

    assert "issuer" in rule_failures(joined)
    assert "issuer" in rule_failures(stopped)
    assert not {"issuer", "parent_issuer"} & rule_failures(right)


def test_a_date_read_without_its_place_is_uncertain():
    """Decree 30 prints the place before the date: a date alone came from another line."""
    from advisories.parsing.confidence import rule_failures
    from advisories.parsing.result import DateParts, ParsedDispatch

    alone = ParsedDispatch(date_parts=DateParts(day=10, month=5, year=2026))
    placed = ParsedDispatch(place="Hà Nội", date_parts=DateParts(day=10, month=5, year=2026))

    assert "date" in rule_failures(alone)
    assert "date" not in rule_failures(placed)


def test_the_crop_of_a_field_is_cut_where_its_words_stand_together():
    """ "AN" and "GIANG" are found in body words read with more confidence ("ngân", "Giang"):
    the crop takes the header's run of words, not the best read anywhere on the page."""
    from advisories.parsing.confidence import field_words
    from advisories.parsing.result import ParsedDispatch

    def word(text, conf, top):
        return ocr.Word(text=text, conf=conf, page=1, box=(10, top, 40, 12))

    header = [word(t, 70, 20) for t in ("UBND", "TỈNH", "AN", "GIANG")]
    body = [word(t, 96, 400) for t in ("Thực", "hiện", "ngân", "hàng", "An", "Giang", "đề", "nghị")]
    reading = ocr.OcrText("UBND TỈNH AN GIANG\n…", [*header, *body])

    words = field_words(
        ParsedDispatch(parent_issuer="UBND TỈNH AN GIANG"), "parent_issuer", reading
    )

    assert words == header
