"""`manage.py parse_dispatch FILE [--json]` on text and PDF files, readable or not."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.advisories.parsing.test_pdf import make_pdf, to_cp1258
from tests.advisories.parsing.test_text import EXPECTED_2152
from tests.pdfs import PDF_BOMBS, heavy_text_pdf, huge_png, page_bomb, scanned_pdf

SEEDS_DIR = Path(__file__).resolve().parents[3] / "advisories" / "seed" / "texts"

NOTICE = """\
UBND TỈNH AN GIANG
SỞ Y TẾ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 2152 /SYT-CNTTTT
An Giang, ngày 07 tháng 10 năm 2025
V/v tuyên truyền phương thức lừa đảo
"Sổ liên lạc điện tử"
Kính gửi: Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc Sở Y tế
Thực hiện Công văn số 1153/UBND-KGVX ngày 06/10/2025 của UBND tỉnh An Giang về việc \
tuyên truyền (đính kèm);
Nhận được Công văn yêu cầu Thủ trưởng các đơn vị chỉ đạo thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, CNTTTT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Đoàn Thanh Hùng
"""


def run(*args: str) -> str:
    """Call the command and return what it printed on stdout."""
    out = io.StringIO()
    call_command("parse_dispatch", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def seed_path(prefix: str) -> Path:
    matches = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    assert matches, f"seed {prefix}_*.txt missing from {SEEDS_DIR}"
    return matches[0]


@pytest.fixture
def notice_file(tmp_path):
    path = tmp_path / "2152.txt"
    path.write_text(NOTICE, encoding="utf-8")
    return path


def test_json_prints_exactly_one_object_with_vietnamese_kept(notice_file):
    output = run(str(notice_file), "--json")

    parsed = json.loads(output)  # fails on anything printed besides the one object
    assert "Sổ liên lạc điện tử" in output  # ensure_ascii=False: no \\u escapes
    # The notice is 2152 with a shorter "Nơi nhận": every other field as in the seed.
    # Plus "uncertain": nothing to check in a born-digital text that keeps every rule.
    assert parsed == EXPECTED_2152 | {
        "distribution": ["Như trên", "Lưu: VT, CNTTTT"],
        "uncertain": [],
        "indicators": [],  # the notice names no phone, link, account nor app
    }


def test_readable_output_has_vietnamese_labels(notice_file):
    output = run(str(notice_file))

    for line in (
        "Cơ quan chủ quản: UBND TỈNH AN GIANG",
        "Cơ quan ban hành: SỞ Y TẾ",
        "Loại văn bản: Công văn",
        "Số, ký hiệu: 2152/SYT-CNTTTT",
        "Ngày ban hành: 07/10/2025",
        "  - Công văn số 1153/UBND-KGVX ngày 06/10/2025 của UBND tỉnh An Giang (thực hiện)",
        "Nhiệm vụ: (không có)",
        "Thẩm quyền ký: KT. GIÁM ĐỐC",
        "Người ký: Đoàn Thanh Hùng",
    ):
        assert line in output.splitlines()


def test_windows_1258_text_file(tmp_path):
    path = tmp_path / "2152-cp1258.txt"
    path.write_bytes(to_cp1258(NOTICE))

    parsed = json.loads(run(str(path), "--json"))

    assert (parsed["issuer"], parsed["signer_name"]) == ("SỞ Y TẾ", "Đoàn Thanh Hùng")


def test_pdf_with_text_layer(tmp_path):
    path = tmp_path / "van-ban"  # no extension: told by its %PDF- header
    path.write_bytes(
        make_pdf(
            [
                "UBND TINH AN GIANG",
                "So: 12/UBND-VP",
                "An Giang, ngay 5 thang 1 nam 2025",
                "V/v canh bao lua dao",
                "Kinh gui: Cac don vi truc thuoc",
            ]
        )
    )

    parsed = json.loads(run(str(path), "--json"))

    assert parsed["issuer"] == "UBND TINH AN GIANG"
    assert (parsed["number"], parsed["symbol"]) == ("12", "UBND-VP")
    assert parsed["date"] == "2025-01-05"
    assert parsed["subject"] == "canh bao lua dao"
    assert parsed["addressees"] == ["Cac don vi truc thuoc"]


def test_text_with_no_recognisable_part_still_succeeds(tmp_path):
    path = tmp_path / "ghi-chu.txt"
    path.write_text("Xin chào, đây chỉ là một ghi chú.\n", encoding="utf-8")

    parsed = json.loads(run(str(path), "--json"))

    assert parsed["number"] is None
    assert parsed["addressees"] == []
    assert parsed["date_parts"] == {"day": None, "month": None, "year": None}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Không tìm thấy tệp"),
        (b"", "rỗng"),
        (bytes(range(256)) * 4, "không phải văn bản"),
        # A blank page: read by OCR, which finds no letters.
        (scanned_pdf(), r"Không nhận dạng được chữ trong bản scan \(ảnh trắng"),
        (b"%PDF-1.7\n\x00\x01 hong", "Tệp PDF bị hỏng"),
    ],
    ids=["missing", "empty", "binary", "scanned-pdf", "corrupt-pdf"],
)
def test_unreadable_file_is_a_command_error(tmp_path, content, message):
    path = tmp_path / "tep.pdf"
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        run(str(path), "--json")


def test_seed_with_three_documents_parses_the_first():
    output = run(str(seed_path("000")), "--json")

    parsed = json.loads(output)
    assert (parsed["number"], parsed["symbol"]) == ("29", "TTYT-DS.TTGDSK")
    assert parsed["issuer"] == "TRUNG TÂM Y TẾ KIÊN HẢI"
    assert parsed["signer_name"] == "Nguyễn Văn Cẩn"


def test_readable_seed_notes_the_other_documents_and_a_blank_day():
    first = run(str(seed_path("000")))
    vinh = run(str(seed_path("004")))

    assert first.splitlines()[0] == "Tệp có 3 văn bản; dưới đây là văn bản đầu tiên."
    assert "Số, ký hiệu: …/UBND-VHTT" in vinh.splitlines()
    assert "Ngày ban hành: …/03/2024 (thiếu ngày hoặc tháng)" in vinh.splitlines()
    assert "Cơ quan ban hành: (không có)" in vinh.splitlines()


# --- Bombs: refused before parsing, the command exits non-zero with the Vietnamese message ----

BOMB_FILES = {
    **PDF_BOMBS,
    "10-gigapixel-png": (huge_png, r"Ảnh quá lớn \(10\.000\.000\.000 điểm ảnh"),
}


@pytest.mark.parametrize("as_json", [False, True], ids=["readable", "json"])
@pytest.mark.parametrize(("build", "message"), BOMB_FILES.values(), ids=BOMB_FILES.keys())
def test_a_bomb_is_a_command_error(tmp_path, build, message, as_json):
    path = tmp_path / "bom.pdf"
    path.write_bytes(build())

    with pytest.raises(CommandError, match=message):
        run(str(path), *(["--json"] if as_json else []))


def test_a_slow_file_within_the_limits_is_cut_off(tmp_path, settings):
    settings.PARSE_TIMEOUT_SECONDS = 1
    path = tmp_path / "nang.pdf"
    path.write_bytes(heavy_text_pdf())

    with pytest.raises(CommandError, match="Tệp quá phức tạp để đọc trong thời gian cho phép"):
        run(str(path), "--json")


def test_a_file_past_the_size_limit_is_refused_unread(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1000
    path = tmp_path / "lon.txt"
    path.write_text(NOTICE * 10, encoding="utf-8")

    with pytest.raises(CommandError, match=r"Tệp quá lớn \(.*\): tối đa 0,9 KB"):
        run(str(path))


def test_the_real_command_exits_non_zero_with_the_message_on_a_50000_page_pdf(tmp_path):
    path = tmp_path / "50000-trang.pdf"
    path.write_bytes(page_bomb(50_000))
    manage = Path(__file__).resolve().parents[3] / "manage.py"

    for extra in ([], ["--json"]):
        done = subprocess.run(
            [sys.executable, str(manage), "parse_dispatch", str(path), *extra],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 1
        assert "Tệp PDF có 50.000 trang: chỉ nhận tệp tối đa 100 trang" in done.stderr
        assert done.stdout == ""
