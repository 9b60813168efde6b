"""The seed loader: the four real dispatches, their chain, and idempotence."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from advisories import cache_tags
from advisories.chain import build_chain
from advisories.models import Dispatch, Organisation, Reference, ScamPattern, WarningMessage
from advisories.seeding import load_seed
from advisories.services import correct_dispatch, save_scam_pattern, withdraw_dispatch

pytestmark = pytest.mark.django_db


def _get(number, symbol):
    return Dispatch.objects.select_related("issuer").get(number=number, symbol=symbol)


def test_four_dispatches_with_issuers_as_printed(seeded):
    assert Dispatch.objects.count() == 4
    ubnd = _get(1153, "UBND-KGVX")
    assert (ubnd.issuer.slug, ubnd.issuer_line, ubnd.parent_body_line) == (
        "ubnd-tinh-an-giang",
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
        "",
    )
    syt = _get(2152, "SYT-CNTTTT")
    assert (syt.parent_body_line, syt.issuer_line) == ("UBND TỈNH AN GIANG", "SỞ Y TẾ")
    ttyt = _get(29, "TTYT-DS.TTGDSK")
    assert (ttyt.parent_body_line, ttyt.issuer_line) == (
        "SỞ Y TẾ AN GIANG",
        "TRUNG TÂM Y TẾ KIÊN HẢI",
    )
    assert ttyt.printed_place_and_date == "Kiên Hải, ngày 08 tháng 10 năm 2025"


def test_vinh_has_blank_number_and_blank_day(seeded):
    vinh = Dispatch.objects.get(issuer__slug="ubnd-tp-vinh")
    assert vinh.number is None
    assert vinh.symbol == "UBND-VHTT"
    assert (vinh.day, vinh.month, vinh.year) == (None, 3, 2024)
    assert vinh.number_symbol == "/UBND-VHTT"
    assert vinh.place == "Vinh"
    assert vinh.subject == (
        "phòng chống tình trạng lừa đảo trong việc thực hiện dịch vụ công trực tuyến"
    )


@pytest.mark.parametrize(
    ("number", "symbol", "lines", "signer"),
    [
        (1153, "UBND-KGVX", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Lê Trung Hồi"),
        (2152, "SYT-CNTTTT", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Đoàn Thanh Hùng"),
        (29, "TTYT-DS.TTGDSK", [], "Nguyễn Văn Cẩn"),
        (None, "UBND-VHTT", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], "Võ Khắc Hùng"),
    ],
)
def test_signing_authorities(seeded, number, symbol, lines, signer):
    dispatch = Dispatch.objects.get(number=number, symbol=symbol)
    assert dispatch.signing_lines == lines
    assert dispatch.signer_name == signer


def test_references_form_the_chain_29_2152_1153(seeded):
    edges = {
        (r.citing.number, r.target.number, r.kind)
        for r in Reference.objects.select_related("citing", "target")
    }
    assert edges == {(2152, 1153, "thuc_hien"), (29, 2152, "can_cu")}
    root = build_chain(_get(29, "TTYT-DS.TTGDSK"))
    assert root.dispatch.number == 1153
    assert [c.dispatch.number for c in root.children] == [2152]
    assert [c.dispatch.number for c in root.children[0].children] == [29]
    assert root.children[0].children[0].is_current


def test_addressees_and_group_members(seeded):
    ttyt = _get(29, "TTYT-DS.TTGDSK")
    lines = list(ttyt.addressees.order_by("position"))
    assert [line.text for line in lines] == [
        "Các Phòng, Khoa chuyên môn trực thuộc Trung tâm Y tế",
        "Các Trạm Y tế",
    ]
    stations = set(lines[1].members.values_list("slug", flat=True))
    assert stations == {
        "tram-y-te-hon-tre",
        "tram-y-te-lai-son",
        "tram-y-te-an-son",
        "tram-y-te-nam-du",
    }
    assert all(Organisation.objects.get(slug=s).parent.slug == "ttyt-kien-hai" for s in stations)


def test_distribution_lines_in_printed_order(seeded):
    lines = list(_get(1153, "UBND-KGVX").distribution.values_list("text", flat=True))
    assert lines == [
        "Như trên",
        "CT và PCT UBND tỉnh",
        "Công an tỉnh",
        "Sở KH&CN",
        "Lãnh đạo VP UBND tỉnh",
        "Phòng KGVX",
        "Lưu: VT, ntgiang",
    ]


def test_directives_with_their_units(seeded):
    directives = list(_get(1153, "UBND-KGVX").directives.order_by("position"))
    assert [d.label for d in directives] == ["1.", "2.", "3.", "4."]
    assert list(directives[3].assignees.values_list("slug", flat=True)) == ["so-khcn-an-giang"]
    vinh = Dispatch.objects.get(issuer__slug="ubnd-tp-vinh")
    headings = list(vinh.directives.order_by("position").values_list("heading", flat=True))
    assert headings[0] == "Trung tâm Văn hóa - Thể thao và Truyền thông Thành phố"
    assert headings[2] == "Công an Thành phố"
    police = vinh.directives.get(position=3).assignees.get()
    assert police.slug == "cong-an-tp-vinh"


def test_sms_warning_of_1153_is_verbatim(seeded):
    warning = WarningMessage.objects.get(dispatch__number=1153)
    assert warning.channel == "sms"
    assert warning.text.startswith("Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến")
    assert warning.text.endswith("Công an nơi gần nhất để được hỗ trợ")


def test_two_scam_patterns_linked(seeded):
    assert list(_get(2152, "SYT-CNTTTT").scam_patterns.values_list("slug", flat=True)) == [
        "gia-danh-nha-truong-so-lien-lac-dien-tu"
    ]
    vinh = Dispatch.objects.get(issuer__slug="ubnd-tp-vinh")
    assert list(vinh.scam_patterns.values_list("slug", flat=True)) == [
        "gia-danh-can-bo-thue-cong-an-dich-vu-cong"
    ]


def _snapshot():
    """Every row of every table of the app, as plain values."""
    tables = {}
    for model in apps.get_app_config("advisories").get_models():
        tables[model.__name__] = sorted(model.objects.values_list(), key=repr)
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            tables[through.__name__] = sorted(through.objects.values_list(), key=repr)
    return tables


def test_loading_twice_changes_nothing(seeded):
    before = _snapshot()
    report = load_seed()
    assert report.changed == 0
    assert _snapshot() == before


def test_search_text_is_folded(seeded):
    assert "so lien lac dien tu" in _get(29, "TTYT-DS.TTGDSK").search_text
    assert "lua dao" in _get(1153, "UBND-KGVX").search_text


def test_command_reports_what_it_did(db, capsys):
    call_command("load_seed")
    assert "4 văn bản" in capsys.readouterr().out


# `make run` loads the seed at every start: what staff did since must survive it.


def test_reloading_keeps_a_seed_dispatch_that_staff_withdrew(seeded):
    dispatch = _get(1153, "UBND-KGVX")
    withdraw_dispatch(
        dispatch=dispatch, by=None, reason="Thay bằng văn bản mới", on=timezone.localdate()
    )
    versions = dispatch.history.count()

    call_command("load_seed", stdout=open("/dev/null", "w"))  # noqa: SIM115

    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.WITHDRAWN
    assert dispatch.withdrawal_reason == "Thay bằng văn bản mới"
    assert dispatch.history.count() == versions


def test_reloading_keeps_a_correction_and_a_hotline_changed_by_staff(seeded):
    dispatch = _get(2152, "SYT-CNTTTT")
    correct_dispatch(
        dispatch=dispatch, by=None, changes={"signer_name": "Nguyễn Văn A"}, reason="Sai tên"
    )
    police = Organisation.objects.get(slug="cong-an-tinh-an-giang")
    police.hotline = "0296 3852 121"
    police.save()

    report = load_seed()

    assert report.changed == 0
    assert _get(2152, "SYT-CNTTTT").signer_name == "Nguyễn Văn A"
    assert Organisation.objects.get(slug="cong-an-tinh-an-giang").hotline == "0296 3852 121"


def test_overwrite_puts_the_seed_values_back_and_refreshes_cached_pages(seeded):
    police = Organisation.objects.get(slug="cong-an-tinh-an-giang")
    police.hotline = "0296 3852 121"
    police.save()
    epoch = cache_tags.versions([cache_tags.EPOCH])[cache_tags.EPOCH]

    report = load_seed(overwrite=True)

    assert report.updated == 1
    assert Organisation.objects.get(slug="cong-an-tinh-an-giang").hotline == "113"
    assert cache_tags.versions([cache_tags.EPOCH])[cache_tags.EPOCH] > epoch


def test_a_seed_dispatch_missing_from_the_database_comes_back_whole(seeded):
    """Fills in what is missing: e.g. a dispatch added to the seed file after the first start."""
    leaf = _get(29, "TTYT-DS.TTGDSK")
    parts = (leaf.directives.count(), leaf.warnings.count(), leaf.references.count())
    leaf.delete()

    report = load_seed()

    again = _get(29, "TTYT-DS.TTGDSK")
    assert report.created > 1
    assert (again.directives.count(), again.warnings.count(), again.references.count()) == parts
    assert "so lien lac dien tu" in again.search_text
    assert build_chain(_get(1153, "UBND-KGVX")) is not None


# English beside the Vietnamese: the seed's patterns and dispatches come with their English.


def test_the_seed_patterns_come_in_english_too(seeded):
    for pattern in ScamPattern.objects.all():
        for name in ScamPattern.TRANSLATED:
            assert getattr(pattern, f"{name}_en").strip(), (pattern.slug, name)
        # One English item for each Vietnamese one, in the same order.
        for name in ("steps", "red_flags", "what_to_do", "where_to_report"):
            vietnamese = getattr(pattern, name).splitlines()
            assert len(getattr(pattern, f"{name}_en").splitlines()) == len(vietnamese), name
        assert " scam " in pattern.search_text  # found by English words
    for dispatch in Dispatch.objects.all():
        assert dispatch.summary_en.strip(), dispatch.number_symbol
        assert "scam" in dispatch.search_text.split()


def test_reloading_fills_a_blank_english_text_and_keeps_the_english_staff_wrote(seeded):
    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    seed_summary = pattern.summary_en
    pattern.name_en = "School impostors"  # written by staff
    pattern.summary_en = ""  # as before English existed
    pattern.summary = "Tóm tắt do cán bộ sửa."
    save_scam_pattern(pattern=pattern)
    assert "steal" not in _get(1153, "UBND-KGVX").search_text.split()

    report = load_seed()

    pattern.refresh_from_db()
    assert pattern.summary_en == seed_summary
    assert pattern.name_en == "School impostors"
    assert pattern.summary == "Tóm tắt do cán bộ sửa."
    assert report.updated == 1
    assert " steal " in pattern.search_text  # saved by the service: searched and re-indexed
    assert "steal" in _get(1153, "UBND-KGVX").search_text.split()
    assert load_seed().changed == 0


def test_overwrite_puts_the_seed_english_back(seeded):
    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    pattern.name_en = "School impostors"
    save_scam_pattern(pattern=pattern)

    load_seed(overwrite=True)

    pattern.refresh_from_db()
    assert pattern.name_en == "Posing as the school — the “electronic contact book” scam"
    assert " impostors " not in pattern.search_text
