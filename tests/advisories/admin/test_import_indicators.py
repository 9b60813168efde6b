""" "Nhập từ văn bản" proposes the signs of a scam the text names; the clerk confirms them.

The add form opened from an import shows every phone number, link, account and app name found
in the text as an unticked checkbox; only the ticked ones are marked on the dispatch when it is
saved (services.mark_indicators), none before, none unticked. The clerk is a Văn thư of Sở Y tế
An Giang made with the real role.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from advisories.admin.importing import PROPOSED_FIELD
from advisories.models import Dispatch, Indicator, Organisation

from .test_importing import IMPORT_URL, post_data_of

pytestmark = pytest.mark.django_db

TEXT = """\
UBND TỈNH AN GIANG
SỞ Y TẾ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 2999 /SYT-CNTTTT
An Giang, ngày 09 tháng 10 năm 2025
V/v cảnh báo thủ đoạn giả danh nhà trường
Kính gửi: Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc Sở Y tế
Thời gian gần đây, đối tượng gọi từ số 0912 345 678 giả danh giáo viên, gửi đường link \
https://solienlac-edu.vn/dang-nhap yêu cầu phụ huynh cài đặt ứng dụng “Sổ liên lạc điện tử” \
giả mạo rồi chuyển tiền vào số tài khoản 1903 6543 2101 tại ngân hàng Techcombank.
Khi cần hỗ trợ, người dân liên hệ trang https://angiang.gov.vn của tỉnh.
Nhận được Công văn này, yêu cầu Thủ trưởng các đơn vị triển khai thực hiện./.
Nơi nhận:
- Như trên;
- Lưu: VT, CNTTTT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Đoàn Thanh Hùng
"""

PHONE = "phone|+84912345678|"
LINK = "domain|solienlac-edu.vn|"
APP = "app|so lien lac dien tu|"
ACCOUNT = "bank_account|190365432101|Techcombank"


@pytest.fixture
def clerk(seeded, make_staff):
    return make_staff(Organisation.objects.get(slug="so-y-te-an-giang"), "clerk")


def _review(clerk):
    """Import TEXT as the clerk; the prefilled add form it lands on."""
    response = clerk.post(IMPORT_URL, {"text": TEXT}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][0].startswith(reverse("admin:advisories_dispatch_add"))
    return response


def _marked() -> set[tuple[str, str, str]]:
    dispatch = Dispatch.objects.get(number=2999)
    return set(dispatch.indicators.values_list("kind", "value", "bank"))


def test_the_signs_in_the_text_are_proposed_unticked_and_nothing_is_saved(clerk):
    indicators_before = Indicator.objects.count()
    response = _review(clerk)

    field = response.context["adminform"].form[PROPOSED_FIELD]
    # In the order the text names them; the state's own site (.gov.vn) is no sign of a scam.
    assert [value for value, _ in field.field.choices] == [PHONE, LINK, APP, ACCOUNT]
    assert field.value() is None  # nothing chosen: every box unticked
    assert "checked" not in str(field)
    page = response.content.decode()
    assert "Dấu hiệu lừa đảo tìm thấy trong văn bản" in page
    assert "0912 345 678" in page
    assert Indicator.objects.count() == indicators_before
    assert not Dispatch.objects.filter(number=2999).exists()


def test_only_the_signs_the_clerk_ticks_are_marked_on_the_saved_dispatch(clerk):
    response = _review(clerk)
    data = post_data_of(response) | {PROPOSED_FIELD: [PHONE, LINK, ACCOUNT]}

    saved = clerk.post(response.redirect_chain[0][0], data)

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert _marked() == {
        ("phone", "+84912345678", ""),
        ("domain", "solienlac-edu.vn", ""),
        ("bank_account", "190365432101", "Techcombank"),
    }
    dispatch = Dispatch.objects.get(number=2999)
    assert dispatch.status == Dispatch.Status.DRAFT
    assert dispatch.indicators.get(kind="phone").label == "0912 345 678"  # as printed


def test_saving_without_ticking_marks_no_sign(clerk):
    response = _review(clerk)

    saved = clerk.post(response.redirect_chain[0][0], post_data_of(response))

    assert saved.status_code == 302
    assert _marked() == set()


def test_a_sign_not_proposed_cannot_be_slipped_in(clerk):
    response = _review(clerk)
    data = post_data_of(response) | {PROPOSED_FIELD: [PHONE, "phone|+84999999999|"]}

    refused = clerk.post(response.redirect_chain[0][0], data)

    assert refused.status_code == 200
    assert PROPOSED_FIELD in refused.context["adminform"].form.errors
    assert not Dispatch.objects.filter(number=2999).exists()


def test_a_ticked_sign_is_found_at_kiem_tra_once_the_dispatch_is_published(clerk, client):
    from advisories.services import publish_dispatch

    response = _review(clerk)
    data = post_data_of(response) | {PROPOSED_FIELD: [LINK]}
    assert clerk.post(response.redirect_chain[0][0], data).status_code == 302
    dispatch = Dispatch.objects.get(number=2999)
    publish_dispatch(dispatch=dispatch, track_receipts=False)

    page = client.get(reverse("advisories:check"), {"q": "solienlac-edu.vn"}).content.decode()
    assert dispatch.get_absolute_url() in page


def test_parse_dispatch_json_lists_the_signs_as_the_import_proposes_them(tmp_path):
    import io
    import json

    path = tmp_path / "2999.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = io.StringIO()
    call_command("parse_dispatch", str(path), "--json", stdout=out)

    found = json.loads(out.getvalue())["indicators"]
    assert [(i["kind"], i["value"], i["bank"]) for i in found] == [
        ("phone", "+84912345678", ""),
        ("domain", "solienlac-edu.vn", ""),
        ("app", "so lien lac dien tu", ""),
        ("bank_account", "190365432101", "Techcombank"),
    ]
    assert found[0]["label"] == "0912 345 678"
