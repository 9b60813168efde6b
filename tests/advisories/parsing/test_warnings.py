"""`extract_warning_texts`: the quoted texts a dispatch asks to pass on to citizens verbatim."""

import pytest

from advisories.parsing import extract_warning_texts, split_documents

from .test_text import seed_text

SMS_1153 = (
    "Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến giả mạo nhà trường yêu cầu cung cấp "
    "thông tin, cài đặt ứng dụng “sở liên lạc điện tử”. Đề nghị Nhân dân nâng cao cảnh giác, "
    "không cung cấp tài khoản ngân hàng, mã OTP hoặc cài đặt các ứng dụng lạ, nếu nhận được "
    "cuộc gọi có dấu hiệu bất thường, người dân cần liên hệ ngay với nhà trường, Công an nơi "
    "gần nhất để được hỗ trợ"
)


def test_1153_gives_exactly_its_sms_text_with_the_inner_quotes_kept():
    document_1153 = split_documents(seed_text("000"))[2]
    assert extract_warning_texts(document_1153) == [SMS_1153]


@pytest.mark.parametrize("position", [0, 1], ids=["29", "2152"])
def test_quoted_scam_names_in_29_and_2152_are_no_warning_text(position):
    assert extract_warning_texts(split_documents(seed_text("000"))[position]) == []


def test_the_vinh_notice_has_no_warning_text():
    assert extract_warning_texts(seed_text("004")) == []


def test_straight_quotes_nested_inside_straight_quotes():
    text = (
        'Phát thanh trên loa truyền thanh với nội dung: "Người dân cảnh giác với cuộc gọi '
        '"giả danh công an" yêu cầu chuyển tiền vào tài khoản lạ". Thời gian: hằng ngày.'
    )
    assert extract_warning_texts(text) == [
        'Người dân cảnh giác với cuộc gọi "giả danh công an" yêu cầu chuyển tiền vào tài khoản lạ'
    ]


def test_guillemets_after_noi_dung_tin_nhan_and_a_passage_over_several_lines():
    text = (
        "Đề nghị các nhà mạng gửi nội dung tin nhắn «Cảnh giác: cơ quan thuế không gọi điện\n"
        "thu phí, không yêu cầu chuyển khoản» đến thuê bao trên địa bàn."
    )
    assert extract_warning_texts(text) == [
        "Cảnh giác: cơ quan thuế không gọi điện thu phí, không yêu cầu chuyển khoản"
    ]


def test_several_texts_each_once_in_order_markdown_dropped():
    text = (
        "1. Tin nhắn SMS với nội dung như sau: “**Không cung cấp mã OTP cho bất kỳ ai, kể cả "
        "người xưng là cán bộ ngân hàng**”.\n"
        "2. Khẩu hiệu trên áp phích: “Không chuyển tiền khi chưa gặp mặt người nhận tiền”.\n"
        "3. Nhắc lại nội dung: “Không cung cấp mã OTP cho bất kỳ ai, kể cả người xưng là cán "
        "bộ ngân hàng”."
    )
    assert extract_warning_texts(text) == [
        "Không cung cấp mã OTP cho bất kỳ ai, kể cả người xưng là cán bộ ngân hàng",
        "Không chuyển tiền khi chưa gặp mặt người nhận tiền",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A quoted name, not announced as a message.
        "Tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử” đến phụ huynh học sinh.",
        # Announced, but too short to be a message: a name.
        "Với nội dung: “Sổ liên lạc điện tử” cần được nêu rõ.",
        # A quote that never closes.
        "Tin nhắn với nội dung như sau: “Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến mới",
        # A quotation without any announcing phrase.
        "Các đối tượng đưa ra lý do như “xác nhận mã định danh điện tử cho học sinh của trường”.",
        "",
    ],
)
def test_no_warning_text(text):
    assert extract_warning_texts(text) == []
