"""Matching printed names to organisations, and the prefill's shape without any match."""

import pytest

from advisories.prefill import OrganisationIndex, build_prefill, name_key
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH AN GIANG", "uy ban nhan dan tinh an giang"),
        ("UBND TP Vinh", "uy ban nhan dan thanh pho vinh"),
        ("Sở KH&CN (để b/c)", "so khoa hoc va cong nghe"),
        ("  Công an   tỉnh, ", "cong an tinh"),
    ],
)
def test_name_key(printed, key):
    assert name_key(printed) == key


@pytest.mark.django_db
def test_index_finds_one_organisation_by_name_or_short_name_and_never_guesses():
    so_y_te = OrganisationFactory(name="Sở Y tế tỉnh An Giang", short_name="Sở Y tế An Giang")
    OrganisationFactory(name="Trạm Y tế Hòn Tre", short_name="TYT Xã")
    OrganisationFactory(name="Trạm Y tế Lại Sơn", short_name="TYT Xã")
    index = OrganisationIndex()

    assert index.find("SỞ Y TẾ TỈNH AN GIANG") == so_y_te.pk
    assert index.find("Sở Y tế", "Sở Y tế An Giang") == so_y_te.pk
    assert index.find("Trạm Y tế Xã") is None  # two organisations share that short name
    assert index.find("", "Sở Tài chính") is None


@pytest.mark.django_db
def test_prefill_of_an_empty_portal_keeps_everything_as_text():
    text = (
        "UBND TỈNH NAM ĐỊNH\nSỞ Y TẾ\nSố: 12/SYT-VP\nNam Định, ngày 02 tháng 01 năm 2025\n"
        "V/v cảnh báo lừa đảo\nKính gửi: Bệnh viện tỉnh.\n"
        "Thực hiện Công văn số 5/UBND-VX ngày 01/01/2025 của UBND tỉnh;\n"
        "Sở Y tế đề nghị các đơn vị tuyên truyền./.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\nTrần Văn B\n"
    )
    prefill = build_prefill(text)

    assert prefill.main["issuer"] is None
    assert (prefill.main["number"], prefill.main["symbol"]) == (12, "SYT-VP")
    assert (prefill.main["signing_authority"], prefill.main["authority_title"]) == ("", "")
    assert prefill.main["signer_title"] == "GIÁM ĐỐC"
    assert prefill.rows["addressee"] == [
        {"position": 1, "text": "Bệnh viện tỉnh", "organisation": None}
    ]
    assert prefill.rows["reference"] == [
        {
            "position": 1,
            "kind": "thuc_hien",
            "external_doc_type": "Công văn",
            "external_number_symbol": "5/UBND-VX",
            "external_date": "2025-01-01",
            "external_issuer": "UBND tỉnh",
        }
    ]
    assert prefill.notes == ["Chưa nhận ra cơ quan ban hành SỞ Y TẾ: hãy chọn trong danh sách."]
