"""The importer proposes the signs a dispatch's text names; the clerk confirms them."""

from advisories.indicators.extract import propose_indicators

TEXT = (
    "Kẻ gian gửi đường link https://solienlac-edu.vn/dang-nhap qua Zalo, gọi từ số "
    "0912.345.678, yêu cầu cài ứng dụng “Sổ liên lạc điện tử” giả mạo rồi chuyển tiền vào "
    'số tài khoản: 1903 5555 8888 tại ngân hàng Techcombank; tin nhắn từ "BO CONG AN". '
    "Mọi thông tin xem tại www.angiang.gov.vn hoặc gửi thư tới vanthu@angiang.gov.vn."
)


def test_every_kind_of_sign_is_proposed_once_in_reading_order():
    found = [(p.kind, p.value, p.bank) for p in propose_indicators(TEXT + " " + TEXT)]
    assert found == [
        ("domain", "solienlac-edu.vn", ""),
        ("phone", "+84912345678", ""),
        ("app", "so lien lac dien tu", ""),
        ("bank_account", "190355558888", "Techcombank"),
        ("sender", "bo cong an", ""),
    ]


def test_the_state_own_addresses_are_not_proposed():
    values = {p.value for p in propose_indicators(TEXT)}
    assert not any("gov.vn" in value for value in values)


def test_each_proposal_shows_its_words_around_it():
    phone = next(p for p in propose_indicators(TEXT) if p.kind == "phone")
    assert phone.label == "0912.345.678"
    assert "gọi từ số 0912.345.678" in phone.context


def test_a_text_without_signs_proposes_nothing():
    assert propose_indicators("Đề nghị các đơn vị tuyên truyền đến người dân.") == []
