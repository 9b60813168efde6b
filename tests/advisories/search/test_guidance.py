"""A search that finds nothing is not a dead end: nearest scam patterns, what to do, whom to
call, and for a phone number, a link or an account number where to check and report it."""

import pytest
from django.urls import reverse

from advisories.search.guidance import Kind, looks_like
from advisories.services import refresh_search_text
from tests.factories import DispatchFactory, OrganisationFactory, ScamPatternFactory

pytestmark = pytest.mark.django_db
URL = reverse("advisories:search")


def page(client, q, **params):
    response = client.get(URL, {"q": q} | params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("0912 345 678", Kind.PHONE),
        ("+84 912.345.678", Kind.PHONE),
        ("(028) 3829 1234", Kind.PHONE),
        ("1900 5454 13", Kind.PHONE),
        ("https://vietcombank-xacminh.com/dang-nhap", Kind.LINK),
        ("www.bo-cong-an.online", Kind.LINK),
        ("shopee-hoantien.vn", Kind.LINK),
        ("bit.ly/3abcDE", Kind.LINK),
        ("1903 6688 9999", Kind.ACCOUNT),
        ("0071000123456", Kind.ACCOUNT),
        ("1153", None),
        ("1153/UBND-KGVX", None),
        ("TTYT-DS.TTGDSK", None),
        ("lừa đảo qua mạng", None),
        ("2025", None),
    ],
)
def test_what_a_query_looks_like(typed, kind):
    assert looks_like(typed) == kind


def test_nothing_found_shows_the_nearest_patterns_what_to_do_and_whom_to_call(client, seeded):
    OrganisationFactory(name="Cục Cảnh sát hình sự", province="", hotline="069 234 2587")
    ScamPatternFactory(name="Lừa đảo mua bán hàng online", summary="Đặt cọc rồi bị chặn.")
    # "zzqx": no dispatch holds it, so nothing is found whatever the seed texts (English included)
    found = page(client, "mua ban online gia re zzqx")
    assert "Không tìm thấy văn bản nào" in found
    assert "Các thủ đoạn gần với điều bạn tìm" in found
    assert "Lừa đảo mua bán hàng online" in found
    assert 'href="/bi-lua-dao/"' in found
    assert 'href="tel:113"' in found and 'href="tel:069 234 2587"' in found


def test_without_a_near_pattern_the_most_recent_ones(client, seeded):
    found = page(client, "bitcoin")
    assert "Các thủ đoạn mới được cảnh báo" in found
    assert "Giả danh nhà trường" in found  # tagged on the seed dispatches


def test_a_typo_in_a_pattern_word_still_finds_it(client, seeded):
    ScamPatternFactory(name="Giả danh nhân viên điện lực dọa cắt điện", summary="Gọi điện.")
    found = page(client, "nhan vien dien lucc xyz")
    assert "Các thủ đoạn gần với điều bạn tìm" in found
    assert "Giả danh nhân viên điện lực dọa cắt điện" in found


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0912 345 678", "Bạn đang tìm một số điện thoại."),
        ("vietcombank-xacminh.com", "Bạn đang tìm một đường link, một trang web."),
        ("1903 6688 9999", "Bạn đang tìm một số tài khoản ngân hàng."),
    ],
)
def test_a_number_a_link_or_an_account_is_told_where_to_check(client, seeded, typed, message):
    found = page(client, typed)
    assert message in found
    assert 'id="where-to-check-heading"' in found  # includes/_where_to_check.html
    assert "VNeID" in found and 'href="tel:113"' in found and 'href="/bi-lua-dao/"' in found


def test_a_number_that_a_dispatch_holds_is_listed_with_the_same_advice(client, db):
    dispatch = DispatchFactory(body="Đối tượng dùng số 0912 345 678 gọi cho phụ huynh.")
    refresh_search_text(dispatch=dispatch)
    found = page(client, "0912 345 678")
    assert "1 kết quả" in found
    assert "Bạn đang tìm một số điện thoại." in found


def test_the_english_page_translates_the_help(client, seeded):
    response = client.get("/en" + URL, {"q": "0912 345 678"})
    found = response.content.decode()
    assert "You are searching for a phone number." in found
    assert "Bạn đang tìm" not in found


def test_with_hotlines_all_over_the_country_the_national_ones_and_the_provinces(
    client, seeded, django_assert_max_num_queries
):
    OrganisationFactory(name="Cục Cảnh sát hình sự", province="", hotline="069 234 2587")
    for n in range(8):
        OrganisationFactory(name=f"Công an tỉnh số {n}", province=f"Tỉnh {n}", hotline=f"0{n}")
    with django_assert_max_num_queries(8):
        found = page(client, "xyzzy", tinh="Tỉnh 7")
    assert 'href="tel:069 234 2587"' in found and 'href="tel:07"' in found
    assert 'href="tel:05"' not in found
