"""The text parser on the four real seed dispatches and on synthetic documents of each shape.

Every expected value is written out by hand from reading the document, not from the parser.
"""

import unicodedata
from pathlib import Path

import pytest

from advisories.parsing import parse_dispatch_text, split_documents
from advisories.parsing.issuer import parse_issuer_block, split_bodies
from advisories.parsing.normalize import clean_line, normalize_text
from advisories.parsing.reading import read_dispatch

# The seed texts, copied into the repository from shared/seeds.
SEEDS_DIR = Path(__file__).resolve().parents[3] / "advisories" / "seed" / "texts"

KEYS = {
    "parent_issuer",
    "issuer",
    "doc_type",
    "number",
    "symbol",
    "place",
    "date",
    "date_parts",
    "subject",
    "addressees",
    "references",
    "directives",
    "distribution",
    "signing_authority",
    "signer_title",
    "signer_name",
}


def seed_text(prefix: str) -> str:
    """The text of the seed file whose name starts with `prefix`."""
    matches = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    assert matches, f"seed {prefix}_*.txt missing from {SEEDS_DIR}"
    return matches[0].read_text(encoding="utf-8")


# --- The real dispatches --------------------------------------------------------------------

EXPECTED_29 = {
    "parent_issuer": "SỞ Y TẾ AN GIANG",
    "issuer": "TRUNG TÂM Y TẾ KIÊN HẢI",
    "doc_type": "Công văn",
    "number": "29",
    "symbol": "TTYT-DS.TTGDSK",
    "place": "Kiên Hải",
    "date": "2025-10-08",
    "date_parts": {"day": 8, "month": 10, "year": 2025},
    "subject": 'Tuyên truyền phương thức lừa đảo "Số liên lạc điện tử"',
    "addressees": [
        "Các Phòng, Khoa chuyên môn trực thuộc Trung tâm Y tế",
        "Các Trạm Y tế",
    ],
    "references": [
        {
            "doc_type": "Công văn",
            "number": "2152",
            "symbol": "SYT-CNTTTT",
            "date": "2025-10-07",
            "kind": "can_cu",
            "issuer": "Sở Y tế tỉnh An Giang",
        }
    ],
    "directives": [],
    "distribution": ["BGĐ. TTYT", "Các Phòng, Khoa chuyên môn", "Các Trạm y tế", "Lưu: VT"],
    "signing_authority": None,
    "signer_title": None,
    "signer_name": "Nguyễn Văn Cẩn",
}

EXPECTED_2152 = {
    "parent_issuer": "UBND TỈNH AN GIANG",
    "issuer": "SỞ Y TẾ",
    "doc_type": "Công văn",
    "number": "2152",
    "symbol": "SYT-CNTTTT",
    "place": "An Giang",
    "date": "2025-10-07",
    "date_parts": {"day": 7, "month": 10, "year": 2025},
    "subject": 'tuyên truyền phương thức lừa đảo "Sổ liên lạc điện tử"',
    "addressees": ["Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc Sở Y tế"],
    "references": [
        {
            "doc_type": "Công văn",
            "number": "1153",
            "symbol": "UBND-KGVX",
            "date": "2025-10-06",
            "kind": "thuc_hien",
            "issuer": "UBND tỉnh An Giang",
        }
    ],
    "directives": [],
    "distribution": [
        "Như trên",
        "GD và các PGD SYT (để b/c)",
        "Trang Văn phòng điện tử SYT",
        "Lưu: VT, CNTTTT",
    ],
    "signing_authority": "KT. GIÁM ĐỐC",
    "signer_title": "PHÓ GIÁM ĐỐC",
    "signer_name": "Đoàn Thanh Hùng",
}

EXPECTED_1153 = {
    "parent_issuer": None,
    "issuer": "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
    "doc_type": "Công văn",
    "number": "1153",
    "symbol": "UBND-KGVX",
    "place": "An Giang",
    "date": "2025-10-06",
    "date_parts": {"day": 6, "month": 10, "year": 2025},
    "subject": "tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”",
    "addressees": ["Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu"],
    "references": [],
    "directives": [
        "Tiếp tục thực hiện có hiệu quả các văn bản chỉ đạo của Chủ tịch UBND tỉnh liên quan "
        "đến công tác phòng ngừa, xử lý hoạt động lừa đảo chiếm đoạt tài sản sử dụng công nghệ "
        "cao, trên không gian mạng.",
        "Tăng cường công tác tuyên truyền về phương thức, thủ đoạn hoạt động lừa đảo chiếm "
        "đoạt tài sản trên không gian mạng để người dân nâng cao nhận thức, ý thức cảnh giác, "
        "tự phòng ngừa, nhất là hình thức lừa đảo “Sổ liên lạc điện tử”. Đẩy mạnh phong trào "
        "toàn dân bảo vệ an ninh Tổ quốc; duy trì các hình thức tương tác với Nhân dân qua số "
        "điện thoại đường dây nóng, ứng dụng VNenID, địa chỉ thư điện tử, mạng xã hội, hòm thư "
        "tố giác tội phạm.",
        "Thường xuyên kiểm tra, bảo trì, nâng cấp hệ thống thông tin, cơ sở dữ liệu thuộc phạm "
        "vi quản lý nhằm kịp thời phát hiện và khắc phục các lỗ hổng về kỹ thuật, tránh nguy cơ "
        "không đảm bảo an ninh, an toàn hệ thống dẫn tới lộ, mất dữ liệu cá nhân, nhất là dữ "
        "liệu của học sinh, sinh viên.",
        "Giao Sở Khoa học và Công nghệ chỉ đạo các nhà cung cấp dịch vụ viễn thông trên địa "
        "bàn tỉnh tuyên truyền phương thức, thủ đoạn của loại tội phạm “Sở liên lạc điện tử” "
        "trong quần chúng Nhân dân qua tin nhắn SMS với nội dung như sau: “Hiện nay, xuất hiện "
        "thủ đoạn lừa đảo trực tuyến giả mạo nhà trường yêu cầu cung cấp thông tin, cài đặt "
        "ứng dụng “sở liên lạc điện tử”. Đề nghị Nhân dân nâng cao cảnh giác, không cung cấp "
        "tài khoản ngân hàng, mã OTP hoặc cài đặt các ứng dụng lạ, nếu nhận được cuộc gọi có "
        "dấu hiệu bất thường, người dân cần liên hệ ngay với nhà trường, Công an nơi gần nhất "
        "để được hỗ trợ”.",
    ],
    "distribution": [
        "Như trên",
        "CT và PCT UBND tỉnh",
        "Công an tỉnh",
        "Sở KH&CN",
        "Lãnh đạo VP UBND tỉnh",
        "Phòng KGVX",
        "Lưu: VT, ntgiang",
    ],
    "signing_authority": "KT. CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Lê Trung Hồi",
}

EXPECTED_VINH = {
    "parent_issuer": None,
    "issuer": None,
    "doc_type": "Công văn",
    "number": None,
    "symbol": "UBND-VHTT",
    "place": "Vinh",
    "date": None,
    "date_parts": {"day": None, "month": 3, "year": 2024},
    "subject": ("phòng chống tình trạng lừa đảo trong việc thực hiện dịch vụ công trực tuyến"),
    "addressees": ["Trưởng các phòng, đơn vị Thành phố", "UBND các phường, xã"],
    "references": [],
    "directives": [
        "Trung tâm Văn hóa - Thể thao và Truyền thông Thành phố: Tăng cường thời lượng phát "
        "thanh, tin, bài tuyên truyền các hình thức lừa đảo trực tuyến, đặc biệt các hình thức "
        "giả mạo cán bộ chính quyền liên hệ xử lý các dịch vụ hành chính. Tuyên truyền khuyến "
        "khích việc tiếp nhận, xử lý, trả kết quả, thanh toán phí/lệ phí đối với các dịch vụ "
        "công hoàn toàn trực tuyến, không tiếp xúc trực tiếp, không qua khâu trung gian.",
        "Các phòng, ban, ngành, đơn vị Thành phố, Bộ phận tiếp nhận và trả kết quả UBND Thành "
        "phố và Bộ phận 1 cửa phường, xã: Tăng cường tuyên truyền, thông tin rộng rãi đến "
        "người dân tại các điểm giao dịch một cửa, Công/Trang thông tin điện tử để cảnh giác, "
        "nhận biết, phòng ngừa hình thức lừa đảo nói trên. Quyết liệt triển khai việc tiếp "
        "nhận, xử lý, trả kết quả, thanh toán phí/lệ phí hoàn toàn trực tuyến, không tiếp xúc "
        "trực tiếp, không qua khâu trung gian. Thông tin rộng rãi đến người dân việc không "
        "triển khai hình thức cán bộ trực tiếp liên hệ thu phí/lệ phí qua trung gian. Tổ chức "
        "rà soát, kiểm tra đột xuất nhằm kịp thời phát hiện cán bộ sử dụng, cung cấp dữ liệu "
        "cá nhân của người dân để tiếp tay cho hoạt động lừa đảo, trục lợi (nếu có). Kịp thời "
        "phản ánh về UBND Thành phố (qua Công an Thành phố) về các hoạt động lừa đảo tương tự, "
        "các hành vi vi phạm quy định của Nhà nước về an toàn thông tin mạng để kịp thời nắm "
        "bắt, ngăn chặn và hỗ trợ xử lý.",
        "Công an Thành phố: Chủ động phát hiện, xác minh, xử lý nghiêm các đối tượng lợi dụng "
        "khai thác dữ liệu cá nhân trên các hệ thống thông tin của tỉnh để thực hiện các hoạt "
        "động lừa đảo nhằm kịp thời răn đe, ngăn chặn.",
    ],
    "distribution": [
        "Như trên",
        "Chủ tịch UBND TP (b/c)",
        "Công an Thành phố",
        "Chi cục Thuế TP",
        "Lưu: VT",
    ],
    "signing_authority": "TL. CHỦ TỊCH",
    "signer_title": "CHÁNH VĂN PHÒNG",
    "signer_name": "Võ Khắc Hùng",
}


def test_seed_000_splits_into_its_three_dispatches():
    documents = split_documents(seed_text("000"))

    assert len(documents) == 3
    first_lines = [doc.strip().splitlines()[0] for doc in documents]
    last_lines = [doc.strip().splitlines()[-1] for doc in documents]
    assert first_lines == ["SỞ Y TẾ AN GIANG", "UBND TỈNH AN GIANG", "**ỦY BAN NHÂN DÂN"]
    assert last_lines == ["Nguyễn Văn Cẩn", "Đoàn Thanh Hùng", "Lê Trung Hồi"]


def test_seed_004_is_one_document():
    assert len(split_documents(seed_text("004"))) == 1


@pytest.mark.parametrize(
    ("position", "expected"),
    [(0, EXPECTED_29), (1, EXPECTED_2152), (2, EXPECTED_1153)],
    ids=["29-TTYT", "2152-SYT", "1153-UBND"],
)
def test_each_dispatch_of_seed_000(position, expected):
    document = split_documents(seed_text("000"))[position]

    assert parse_dispatch_text(document).to_dict() == expected


def test_vinh_dispatch_with_blank_number_and_day_and_no_issuer():
    assert parse_dispatch_text(seed_text("004")).to_dict() == EXPECTED_VINH


def test_a_text_with_several_documents_gives_the_first():
    assert parse_dispatch_text(seed_text("000")).to_dict() == EXPECTED_29


def test_nfd_crlf_and_no_break_spaces_change_nothing():
    text = seed_text("004")
    mangled = unicodedata.normalize("NFD", text).replace("\n", "\r\n").replace(" ", "\u00a0")

    assert parse_dispatch_text(mangled).to_dict() == EXPECTED_VINH


def test_date_property_of_the_dataclass():
    parsed = parse_dispatch_text(split_documents(seed_text("000"))[2])

    assert parsed.date.isoformat() == "2025-10-06"
    assert parsed.references == []


# --- Synthetic documents, one per shape -----------------------------------------------------

FLATTENED_PLAN = """\
UBND TỈNH AN GIANG SỞ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc \
Số: 12/KH-SYT An Giang, ngày 5 tháng 1 năm 2025
KẾ HOẠCH
Tuyên truyền phòng, chống lừa đảo
trên không gian mạng năm 2025
Căn cứ Kế hoạch số 45/KH-UBND ngày 20 tháng 12 năm 2024 của UBND tỉnh An Giang về \
phòng, chống tội phạm;
Sở Y tế ban hành Kế hoạch tuyên truyền như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức của người dân.
2. Yêu cầu
Tuyên truyền kịp thời, đúng đối tượng.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Nghiệp vụ Y
- Chủ trì tổ chức tuyên truyền.
- Tổng hợp báo cáo.
2. Các đơn vị trực thuộc
Phối hợp triển khai thực hiện./.
Nơi nhận:
- UBND tỉnh (b/c);
- Lưu: VT, NVY.
GIÁM ĐỐC
Trần Văn Bình
"""


def test_plan_with_its_header_flattened_into_one_line():
    parsed = parse_dispatch_text(FLATTENED_PLAN).to_dict()

    assert parsed == {
        "parent_issuer": "UBND TỈNH AN GIANG",
        "issuer": "SỞ Y TẾ",
        "doc_type": "Kế hoạch",
        "number": "12",
        "symbol": "KH-SYT",
        "place": "An Giang",
        "date": "2025-01-05",
        "date_parts": {"day": 5, "month": 1, "year": 2025},
        "subject": "Tuyên truyền phòng, chống lừa đảo trên không gian mạng năm 2025",
        "addressees": [],
        "references": [
            {
                "doc_type": "Kế hoạch",
                "number": "45",
                "symbol": "KH-UBND",
                "date": "2024-12-20",
                "kind": "can_cu",
                "issuer": "UBND tỉnh An Giang",
            }
        ],
        # Only the items of the section that assigns work, not "Mục đích" / "Yêu cầu".
        "directives": [
            "Phòng Nghiệp vụ Y: Chủ trì tổ chức tuyên truyền. Tổng hợp báo cáo.",
            "Các đơn vị trực thuộc: Phối hợp triển khai thực hiện.",
        ],
        "distribution": ["UBND tỉnh (b/c)", "Lưu: VT, NVY"],
        "signing_authority": None,
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Trần Văn Bình",
    }


DIRECTIVE_WITH_SPACED_NUMBER = """\
ỦY BAN NHÂN DÂN
TỈNH AN GIANG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số : 03 / CT-UBND
An Giang, ngày 15 tháng 02 năm 2025
CHỈ THỊ
Về tăng cường công tác phòng, chống tội phạm
lừa đảo chiếm đoạt tài sản trên không gian mạng
Thời gian qua, tình hình tội phạm lừa đảo diễn biến phức tạp.
Để khắc phục tình trạng trên, Chủ tịch UBND tỉnh chỉ thị:
1. Công an tỉnh chủ trì, phối hợp các ngành triển khai các giải pháp phòng ngừa.
2. Sở Khoa học và Công nghệ chỉ đạo các doanh nghiệp viễn thông nhắn tin cảnh báo.
3. Giao Công an tỉnh theo dõi, đôn đốc việc thực hiện Chỉ thị này./.
Nơi nhận:
- Bộ Công an (b/c);
- TT. Tỉnh ủy;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Hồ Văn Mừng
"""


def test_directive_with_spaced_number_and_rule_lines():
    parsed = parse_dispatch_text(DIRECTIVE_WITH_SPACED_NUMBER)

    assert (parsed.parent_issuer, parsed.issuer) == (None, "ỦY BAN NHÂN DÂN TỈNH AN GIANG")
    assert (parsed.doc_type, parsed.number, parsed.symbol) == ("Chỉ thị", "03", "CT-UBND")
    assert parsed.date.isoformat() == "2025-02-15"
    assert parsed.subject == (
        "Về tăng cường công tác phòng, chống tội phạm lừa đảo chiếm đoạt tài sản trên không "
        "gian mạng"
    )
    assert parsed.directives == [
        "Công an tỉnh chủ trì, phối hợp các ngành triển khai các giải pháp phòng ngừa.",
        "Sở Khoa học và Công nghệ chỉ đạo các doanh nghiệp viễn thông nhắn tin cảnh báo.",
        "Giao Công an tỉnh theo dõi, đôn đốc việc thực hiện Chỉ thị này.",
    ]
    assert parsed.distribution == ["Bộ Công an (b/c)", "TT. Tỉnh ủy", "Lưu: VT"]
    assert parsed.signing_authority == "TM. ỦY BAN NHÂN DÂN"
    assert parsed.signer_title == "CHỦ TỊCH"
    assert parsed.signer_name == "Hồ Văn Mừng"


NOTICE_WITH_UPPER_CASE_SUBJECT = """\
SỞ GIÁO DỤC VÀ ĐÀO TẠO
TRƯỜNG THPT KIÊN HẢI
Số:07/TB-THPT
Kiên Hải, ngày 10 tháng 9 năm 2025
THÔNG BÁO
CẢNH GIÁC VỚI CUỘC GỌI GIẢ DANH
GIÁO VIÊN CHỦ NHIỆM
Nhà trường thông báo đến phụ huynh học sinh như sau:
- Nhà trường không gọi điện yêu cầu chuyển tiền.
- Không cung cấp mã OTP cho bất kỳ ai.
Nơi nhận:
- Phụ huynh học sinh;
- Lưu: VT.
KT. HIỆU TRƯỞNG
PHÓ HIỆU TRƯỞNG
Thượng tá Lê Văn Tám
"""


def test_notice_with_upper_case_subject_and_no_addressees():
    parsed = parse_dispatch_text(NOTICE_WITH_UPPER_CASE_SUBJECT)

    assert parsed.parent_issuer == "SỞ GIÁO DỤC VÀ ĐÀO TẠO"
    assert parsed.issuer == "TRƯỜNG THPT KIÊN HẢI"
    assert (parsed.doc_type, parsed.number, parsed.symbol) == ("Thông báo", "07", "TB-THPT")
    assert (parsed.place, parsed.date.isoformat()) == ("Kiên Hải", "2025-09-10")
    # Printed all in capitals: given in sentence case, as the portal shows subjects.
    assert parsed.subject == "Cảnh giác với cuộc gọi giả danh giáo viên chủ nhiệm"
    assert parsed.addressees == []
    assert parsed.directives == []
    assert parsed.distribution == ["Phụ huynh học sinh", "Lưu: VT"]
    assert parsed.signing_authority == "KT. HIỆU TRƯỞNG"
    assert parsed.signer_title == "PHÓ HIỆU TRƯỞNG"
    assert parsed.signer_name == "Thượng tá Lê Văn Tám"


TWO_COLUMN_EXTRACTION = """\
ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH AN GIANG Độc lập - Tự do - Hạnh phúc
Số: 1153 /UBND-KGVX An Giang, ngày 06 tháng 10 năm 2025
V/v tuyên truyền phương thức
lừa đảo “Sổ liên lạc điện tử”
Kính gửi:
- Các sở, ban, ngành tỉnh;
- UBND các xã, phường, đặc khu.
Hiện nay, nhiều trường học đã ứng dụng “Sổ liên lạc điện tử” thay thế Sổ liên lạc
truyền thống, giúp phụ huynh theo dõi, tra cứu điểm số học tập của học sinh trở nên
dễ dàng, nhanh chóng. Thực hiện Công văn số 99/UBND-
KGVX ngày 01/9/2025 của UBND tỉnh, Chủ tịch yêu cầu:
1. Tiếp tục thực hiện có hiệu quả các văn bản chỉ đạo của Chủ tịch UBND tỉnh liên
quan đến công tác phòng ngừa, xử lý hoạt động lừa đảo chiếm đoạt tài sản sử dụng
công nghệ cao, trên không gian mạng.
2. Tăng cường công tác tuyên truyền về phương thức, thủ đoạn hoạt động lừa đảo
chiếm đoạt tài sản trên không gian mạng.
Nhận được Công văn này, yêu cầu các sở, ban, ngành tỉnh và UBND các xã, phường,
đặc khu tổ chức quán triệt, triển khai thực hiện nghiêm túc./.
Nơi nhận: KT. CHỦ TỊCH
- Như trên; PHÓ CHỦ TỊCH
- CT và PCT UBND tỉnh;
- Lưu: VT, ntgiang.
Lê Trung Hồi
"""


def test_two_column_pdf_extraction_with_wrapped_lines():
    parsed = parse_dispatch_text(TWO_COLUMN_EXTRACTION)

    assert (parsed.parent_issuer, parsed.issuer) == (None, "ỦY BAN NHÂN DÂN TỈNH AN GIANG")
    assert (parsed.number, parsed.symbol, parsed.place) == ("1153", "UBND-KGVX", "An Giang")
    assert parsed.subject == "tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”"
    assert parsed.addressees == ["Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu"]
    # The symbol cut at the end of a line ("99/UBND-" / "KGVX") is joined again.
    assert [r.to_dict() for r in parsed.references] == [
        {
            "doc_type": "Công văn",
            "number": "99",
            "symbol": "UBND-KGVX",
            "date": "2025-09-01",
            "kind": "thuc_hien",
            "issuer": "UBND tỉnh",
        }
    ]
    assert parsed.directives == [
        "Tiếp tục thực hiện có hiệu quả các văn bản chỉ đạo của Chủ tịch UBND tỉnh liên quan "
        "đến công tác phòng ngừa, xử lý hoạt động lừa đảo chiếm đoạt tài sản sử dụng công nghệ "
        "cao, trên không gian mạng.",
        "Tăng cường công tác tuyên truyền về phương thức, thủ đoạn hoạt động lừa đảo chiếm "
        "đoạt tài sản trên không gian mạng.",
    ]
    # The signature column printed on the same lines as "Nơi nhận" is told apart.
    assert parsed.distribution == ["Như trên", "CT và PCT UBND tỉnh", "Lưu: VT, ntgiang"]
    assert parsed.signing_authority == "KT. CHỦ TỊCH"
    assert parsed.signer_title == "PHÓ CHỦ TỊCH"
    assert parsed.signer_name == "Lê Trung Hồi"


SUBJECT_AND_DATE_ON_ONE_LINE = """\
UBND TỈNH AN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ Y TẾ Độc lập - Tự do - Hạnh phúc
Số: 2152 /SYT-CNTTTT
V/v tuyên truyền phương thức lừa đảo An Giang, ngày 07 tháng 10 năm 2025
"Sổ liên lạc điện tử"
Kính gửi: Sở Y tế; Sở Giáo dục và Đào tạo.
Nội dung:
1/ Công an tỉnh theo dõi.
2/ Sở Y tế phối hợp.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Đoàn Thanh Hùng
"""


def test_subject_merged_with_the_date_and_a_flattened_signature():
    parsed = parse_dispatch_text(SUBJECT_AND_DATE_ON_ONE_LINE)

    assert (parsed.parent_issuer, parsed.issuer) == ("UBND TỈNH AN GIANG", "SỞ Y TẾ")
    assert (parsed.place, parsed.date.isoformat()) == ("An Giang", "2025-10-07")
    assert parsed.subject == 'tuyên truyền phương thức lừa đảo "Sổ liên lạc điện tử"'
    assert parsed.addressees == ["Sở Y tế", "Sở Giáo dục và Đào tạo"]
    assert parsed.directives == ["Công an tỉnh theo dõi.", "Sở Y tế phối hợp."]
    assert parsed.distribution == ["Như trên", "Lưu: VT"]
    assert (parsed.signing_authority, parsed.signer_title, parsed.signer_name) == (
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Đoàn Thanh Hùng",
    )


def test_national_name_wrapped_beside_the_issuer_lines():
    text = """\
SỞ Y TẾ CỘNG HÒA XÃ HỘI CHỦ NGHĨA
TRUNG TÂM Y TẾ VIỆT NAM
Số: 9/TTYT Độc lập - Tự do - Hạnh phúc
V/v thử nghiệm Thành phố Hồ Chí Minh, ngày 1 tháng 2 năm 2025
"""
    parsed = parse_dispatch_text(text)

    assert (parsed.parent_issuer, parsed.issuer) == ("SỞ Y TẾ", "TRUNG TÂM Y TẾ")
    assert (parsed.number, parsed.symbol) == ("9", "TTYT")
    assert parsed.place == "Thành phố Hồ Chí Minh"
    assert parsed.subject == "thử nghiệm"


MARKDOWN_TABLE_HEADER = "\n".join(
    [
        "| **ỦY BAN NHÂN DÂN<br>TỈNH AN GIANG** "
        "| **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc** |",
        "|---|---|",
        "| Số: 1153 /UBND-KGVX<br>V/v tuyên truyền phương thức<br>lừa đảo “Sổ liên lạc điện tử” "
        "| *An Giang, ngày 06 tháng 10 năm 2025* |",
        "",
        "Kính gửi: Các sở, ban, ngành tỉnh",
        "",
        "1. Tiếp tục thực hiện có hiệu quả các văn bản chỉ đạo",
        "2",
        "của Chủ tịch UBND tỉnh và Sở KH&amp;CN.",
        "",
        "| ***Nơi nhận:***<br>- Như trên;<br>- Lưu: VT. "
        "| **KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH**<br><br>**Lê Trung Hồi** |",
    ]
)


def test_markdown_table_header_and_a_page_number_inside_a_paragraph():
    parsed = parse_dispatch_text(MARKDOWN_TABLE_HEADER)

    assert parsed.issuer == "ỦY BAN NHÂN DÂN TỈNH AN GIANG"
    assert (parsed.number, parsed.symbol) == ("1153", "UBND-KGVX")
    assert (parsed.place, parsed.date.isoformat()) == ("An Giang", "2025-10-06")
    assert parsed.subject == "tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”"
    assert parsed.addressees == ["Các sở, ban, ngành tỉnh"]
    assert parsed.directives == [
        "Tiếp tục thực hiện có hiệu quả các văn bản chỉ đạo của Chủ tịch UBND tỉnh và Sở KH&CN."
    ]
    assert parsed.distribution == ["Như trên", "Lưu: VT"]
    assert (parsed.signing_authority, parsed.signer_title, parsed.signer_name) == (
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Lê Trung Hồi",
    )


NO_ISSUER_THREE_LINE_SUBJECT = """\
Số 45/UBND-VP
V/v cảnh báo thủ đoạn giả danh
cán bộ thuế gọi điện
yêu cầu nộp tiền
Hà Nội, ngày 05/01/2025
Kính gửi: - Các phòng chuyên môn; - UBND các phường.
Ngày 02/01/2025, Chi cục Thuế nhận được phản ánh.
Đề nghị các đơn vị thông báo rộng rãi./.
Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
Phạm Thị Hoa
"""


def test_missing_issuer_number_without_colon_and_numeric_date():
    parsed = parse_dispatch_text(NO_ISSUER_THREE_LINE_SUBJECT).to_dict()

    assert parsed == {
        "parent_issuer": None,
        "issuer": None,
        "doc_type": "Công văn",
        "number": "45",
        "symbol": "UBND-VP",
        "place": "Hà Nội",
        "date": "2025-01-05",
        "date_parts": {"day": 5, "month": 1, "year": 2025},
        "subject": "cảnh báo thủ đoạn giả danh cán bộ thuế gọi điện yêu cầu nộp tiền",
        "addressees": ["Các phòng chuyên môn", "UBND các phường"],
        "references": [],
        "directives": [],
        "distribution": ["Như trên", "Lưu: VT"],
        "signing_authority": None,
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Phạm Thị Hoa",
    }


def test_synthetic_document_survives_nfd_crlf_and_no_break_spaces():
    mangled = (
        unicodedata.normalize("NFD", DIRECTIVE_WITH_SPACED_NUMBER)
        .replace("\n", "\r\n")
        .replace(" ", "\u00a0")
    )

    assert (
        parse_dispatch_text(mangled).to_dict()
        == parse_dispatch_text(DIRECTIVE_WITH_SPACED_NUMBER).to_dict()
    )
    assert parse_dispatch_text(mangled).issuer == "ỦY BAN NHÂN DÂN TỈNH AN GIANG"


@pytest.mark.parametrize(
    ("line", "number", "symbol"),
    [
        ("Số: 2152 /SYT-CNTTTT", "2152", "SYT-CNTTTT"),
        ("Số 12/KH-UBND", "12", "KH-UBND"),
        ("Số:12/CT-UBND", "12", "CT-UBND"),
        ("Số : 12 / KH-SYT", "12", "KH-SYT"),
        ("Số: 29/TTYT- DS.TTGDSK", "29", "TTYT-DS.TTGDSK"),
        ("Số: /UBND-VHTT", None, "UBND-VHTT"),
        ("Số: ……/QĐ-UBND", None, "QĐ-UBND"),
        ("Số: 15/2025/QĐ-UBND", "15", "2025/QĐ-UBND"),
    ],
)
def test_number_line_forms(line, number, symbol):
    parsed = parse_dispatch_text(f"SỞ Y TẾ\n{line}\nV/v thử\nKính gửi: Các đơn vị\n")

    assert (parsed.number, parsed.symbol) == (number, symbol)


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        ("KẾ HOẠCH", "Kế hoạch"),
        ("CHỈ THỊ", "Chỉ thị"),
        ("THÔNG BÁO", "Thông báo"),
        ("QUYẾT ĐỊNH", "Quyết định"),
        ("BÁO CÁO", "Báo cáo"),
        ("HƯỚNG DẪN", "Hướng dẫn"),
        ("TỜ TRÌNH", "Tờ trình"),
    ],
)
def test_type_title_gives_doc_type_and_subject_below_it(title, doc_type):
    text = (
        f"SỞ Y TẾ\nSố: 3/XX-SYT\nAn Giang, ngày 1 tháng 2 năm 2025\n{title}\nPhòng chống lừa đảo\n"
    )
    parsed = parse_dispatch_text(text)

    assert parsed.doc_type == doc_type
    assert parsed.subject == "Phòng chống lừa đảo"


def test_doc_type_from_symbol_code_when_no_title_is_printed():
    parsed = parse_dispatch_text("SỞ Y TẾ\nSố: 8/KH-SYT\nAn Giang, ngày 1 tháng 2 năm 2025\n")

    assert parsed.doc_type == "Kế hoạch"


def test_decision_drops_ve_viec_and_reads_articles():
    text = """\
ỦY BAN NHÂN DÂN
TỈNH AN GIANG
Số: 15/2025/QĐ-UBND
An Giang, ngày 3 tháng 3 năm 2025
QUYẾT ĐỊNH
Về việc ban hành Quy chế phối hợp phòng, chống lừa đảo
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
CHỦ TỊCH
Hồ Văn Mừng
"""
    parsed = parse_dispatch_text(text)

    assert parsed.doc_type == "Quyết định"
    # "Về việc" is the subject's prefix, like "V/v": the subject is what follows.
    assert parsed.subject == "ban hành Quy chế phối hợp phòng, chống lừa đảo"
    assert (parsed.number, parsed.symbol) == ("15", "2025/QĐ-UBND")
    assert parsed.directives == [
        "Ban hành kèm theo Quyết định này Quy chế phối hợp.",
        "Quyết định này có hiệu lực kể từ ngày ký.",
    ]
    assert parsed.signer_name == "Hồ Văn Mừng"


def test_references_are_deduplicated_in_order_and_skip_the_document_itself():
    text = """\
SỞ Y TẾ
Số: 5/SYT-VP
V/v thử
Kính gửi: Các đơn vị
Căn cứ Quyết định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ;
Thực hiện Công văn 77/UBND-VX ngày 1/2/2025;
Sở Y tế đề nghị thực hiện theo Công văn số 77/UBND-VX và Công văn số 5/SYT-VP.
"""
    references = [r.to_dict() for r in parse_dispatch_text(text).references]

    assert references == [
        {
            "doc_type": "Quyết định",
            "number": "30",
            "symbol": "2020/NĐ-CP",
            "date": "2020-03-05",
            "kind": "can_cu",
            "issuer": "Chính phủ",
        },
        {
            "doc_type": "Công văn",
            "number": "77",
            "symbol": "UBND-VX",
            "date": "2025-02-01",
            "kind": "thuc_hien",
            "issuer": None,
        },
    ]


def test_unbulleted_addressees_and_distribution():
    text = """\
UBND TỈNH AN GIANG
VĂN PHÒNG
Số: 9/VP-KGVX
V/v thử
Kính gửi:
Sở Y tế;
Sở Giáo dục và Đào tạo.
Văn phòng thông báo để các đơn vị biết./.
Nơi nhận:
Như trên;
Lưu: VT.
KT. CHÁNH VĂN PHÒNG
PHÓ CHÁNH VĂN PHÒNG
Trần Thị Mai
"""
    parsed = parse_dispatch_text(text)

    assert (parsed.parent_issuer, parsed.issuer) == ("UBND TỈNH AN GIANG", "VĂN PHÒNG")
    assert parsed.addressees == ["Sở Y tế", "Sở Giáo dục và Đào tạo"]
    assert parsed.distribution == ["Như trên", "Lưu: VT"]
    assert parsed.signing_authority == "KT. CHÁNH VĂN PHÒNG"
    assert parsed.signer_title == "PHÓ CHÁNH VĂN PHÒNG"
    assert parsed.signer_name == "Trần Thị Mai"


def test_signature_without_space_after_the_mark_a_stamp_and_a_one_letter_name():
    text = """\
SỞ Y TẾ
Số: 1/SYT-VP
V/v thử
Kính gửi: Các đơn vị
Đề nghị các đơn vị thực hiện./.
Nơi nhận:
- Lưu: VT.
KT.GIÁM ĐỐC
PHÓ GIÁM ĐỐC
(Đã ký)
Y Bhin Niê
"""
    parsed = parse_dispatch_text(text)

    assert parsed.signing_authority == "KT. GIÁM ĐỐC"
    assert parsed.signer_title == "PHÓ GIÁM ĐỐC"
    assert parsed.signer_name == "Y Bhin Niê"


def test_day_missing_keeps_month_and_year_without_a_date():
    parsed = parse_dispatch_text("Số: /UBND\nVinh, ngày    tháng 3 năm 2024\nV/v thử\n")

    assert parsed.to_dict()["date_parts"] == {"day": None, "month": 3, "year": 2024}
    assert parsed.date is None
    assert parsed.to_dict()["date"] is None


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "xin chào", "Số:", "Kính gửi:", "Nơi nhận:\n- \n-", "1.", "KT.", "V/v"],
)
def test_odd_input_gives_empty_fields_not_an_error(text):
    parsed = parse_dispatch_text(text).to_dict()

    assert set(parsed) == KEYS
    assert parsed["number"] is None
    assert parsed["issuer"] is None
    assert parsed["directives"] == []


def test_empty_text_has_every_field_empty():
    assert parse_dispatch_text("").to_dict() == {
        "parent_issuer": None,
        "issuer": None,
        "doc_type": None,
        "number": None,
        "symbol": None,
        "place": None,
        "date": None,
        "date_parts": {"day": None, "month": None, "year": None},
        "subject": None,
        "addressees": [],
        "references": [],
        "directives": [],
        "distribution": [],
        "signing_authority": None,
        "signer_title": None,
        "signer_name": None,
    }


# --- Splitting ------------------------------------------------------------------------------

TWO_DOCUMENTS = """\
Số: /UBND-VP
Vinh, ngày tháng 3 năm 2024
V/v thứ nhất
Kính gửi: Các phòng
Nội dung thứ nhất./.
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
NGUYỄN VĂN AN
UBND TỈNH NGHỆ AN
SỞ Y TẾ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 5/SYT-VP
Nghệ An, ngày 2 tháng 4 năm 2024
V/v thứ hai
Kính gửi: Các đơn vị
"""


def test_split_keeps_an_upper_case_signer_with_the_document_above():
    documents = split_documents(TWO_DOCUMENTS)

    assert len(documents) == 2
    assert documents[0].splitlines()[-1] == "NGUYỄN VĂN AN"
    assert documents[1].splitlines()[0] == "UBND TỈNH NGHỆ AN"
    first, second = (parse_dispatch_text(d) for d in documents)
    assert (first.signer_title, first.signer_name) == ("CHỦ TỊCH", "NGUYỄN VĂN AN")
    assert (second.parent_issuer, second.issuer, second.number) == (
        "UBND TỈNH NGHỆ AN",
        "SỞ Y TẾ",
        "5",
    )


def test_split_ignores_the_national_name_cited_in_a_sentence():
    text = FLATTENED_PLAN.replace(
        "Căn cứ Kế hoạch số 45",
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;\nCăn cứ Kế hoạch số 45",
    )

    assert len(split_documents(text)) == 1
    assert parse_dispatch_text(text).signer_name == "Trần Văn Bình"


def test_split_of_a_single_document_and_of_blank_text():
    assert split_documents(NO_ISSUER_THREE_LINE_SUBJECT) == [NO_ISSUER_THREE_LINE_SUBJECT.strip()]
    assert split_documents(" \n\n ") == []


# --- Building blocks ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "parent", "issuer"),
    [
        (["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG"], None, "ỦY BAN NHÂN DÂN TỈNH AN GIANG"),
        (["UBND TỈNH AN GIANG", "SỞ Y TẾ"], "UBND TỈNH AN GIANG", "SỞ Y TẾ"),
        (
            ["SỞ Y TẾ AN GIANG", "TRUNG TÂM Y TẾ KIÊN HẢI"],
            "SỞ Y TẾ AN GIANG",
            "TRUNG TÂM Y TẾ KIÊN HẢI",
        ),
        (["UBND TỈNH AN GIANG SỞ Y TẾ"], "UBND TỈNH AN GIANG", "SỞ Y TẾ"),
        (["BỘ CÔNG AN"], None, "BỘ CÔNG AN"),
        (["BỘ QUỐC PHÒNG"], None, "BỘ QUỐC PHÒNG"),
        (["VĂN PHÒNG UBND TỈNH"], None, "VĂN PHÒNG UBND TỈNH"),
        (["SỞ NÔNG NGHIỆP VÀ", "MÔI TRƯỜNG"], None, "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"),
        (
            ["CÔNG AN TỈNH", "PHÒNG CẢNH SÁT PHÒNG CHÁY"],
            "CÔNG AN TỈNH",
            "PHÒNG CẢNH SÁT PHÒNG CHÁY",
        ),
        ([], None, None),
    ],
)
def test_issuer_block(lines, parent, issuer):
    block = parse_issuer_block(lines)

    assert (block.parent, block.issuer) == (parent, issuer)


def test_split_bodies_cuts_three_levels():
    assert split_bodies("BỘ Y TẾ CỤC QUẢN LÝ DƯỢC PHÒNG THANH TRA") == [
        "BỘ Y TẾ",
        "CỤC QUẢN LÝ DƯỢC",
        "PHÒNG THANH TRA",
    ]


def test_markdown_marks_are_removed_from_a_line():
    assert clean_line("### **1. Trung tâm  Văn hóa**  ") == "1. Trung tâm Văn hóa"
    assert clean_line("***Nơi nhận:***") == "Nơi nhận:"
    assert clean_line("1\\. Mục đích") == "1. Mục đích"


def test_normalize_text_makes_nfc_and_unix_lines():
    decomposed = unicodedata.normalize("NFD", "Số\u00a0liên lạc\r\nđiện tử\rÐ\u200b")

    assert normalize_text(decomposed) == "Số liên lạc\nđiện tử\nĐ"


def test_an_electronically_signed_document_leaves_number_and_date_blank_and_flagged():
    """The e-signature fills in the number and the day: the text prints "Số: /QĐ-UBND" and
    "Hà Nội, ngày tháng năm"; the place is still read, and the clerk is told to fill in both."""
    text = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: /TB-UBND\nHà Nội, ngày tháng năm\n"
        "THÔNG BÁO\nVề việc treo cờ Tổ quốc\n"
        "Nhân dịp kỷ niệm, Ủy ban nhân dân Thành phố thông báo các cơ quan treo cờ Tổ quốc.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nNguyễn Văn Hà\n"
    )
    reading = read_dispatch(text)

    assert (reading.parsed.place, reading.parsed.number, reading.parsed.date) == (
        "Hà Nội",
        None,
        None,
    )
    assert reading.parsed.symbol == "TB-UBND"
    assert {"number", "date"} <= set(reading.uncertain)


def test_a_symbol_joined_by_a_spaced_en_dash_is_read_whole():
    text = (
        "HỘI ĐIỀU DƯỠNG VIỆT NAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 20 /QĐ – HĐD\nHà Nội, ngày 10 tháng 09 năm 2012\n"
        "QUYẾT ĐỊNH\nVề việc ban hành Chuẩn đạo đức nghề nghiệp\n"
        "Căn cứ Công văn số 12/BYT-TCCB – về việc hiệp y, Hội quyết định ban hành Chuẩn.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn An\n"
    )
    reading = read_dispatch(text)

    assert (reading.parsed.number, reading.parsed.symbol) == ("20", "QĐ-HĐD")
    assert [r.symbol for r in reading.parsed.references] == ["BYT-TCCB"]  # the sentence after
