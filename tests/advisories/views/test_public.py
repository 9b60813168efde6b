"""Public pages: what a citizen sees, and a number of queries that does not grow with the data."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisories.models import Correction, Dispatch, Organisation, ScamPattern
from advisories.services import publish_dispatch, save_draft_parts
from tests.factories import (
    AddresseeFactory,
    DirectiveFactory,
    DispatchFactory,
    DistributionLineFactory,
    OrganisationFactory,
    ReferenceFactory,
    ScamPatternFactory,
    WarningMessageFactory,
)

pytestmark = pytest.mark.django_db


def _seed_dispatch(number):
    return Dispatch.objects.select_related("issuer").get(number=number)


class TestHome:
    def test_shows_latest_patterns_and_whom_to_call(self, client, seeded):
        page = client.get(reverse("advisories:home")).content.decode()
        assert "Văn bản cảnh báo mới nhất" in page
        assert "Tuyên truyền phương thức lừa đảo" in page
        assert "Giả danh nhà trường" in page
        assert 'href="tel:113"' in page
        assert reverse("advisories:if_scammed") in page
        # The seed's one hotline is the provincial police on 113: listed once, as "113".
        assert "Công an tỉnh An Giang" not in page

    def test_with_hotlines_all_over_the_country_lists_the_national_ones(self, client, db):
        OrganisationFactory(name="Bộ Công an", province="", hotline="069 234 2587")
        for n in range(9):
            OrganisationFactory(name=f"Công an tỉnh số {n}", province=f"Tỉnh {n}", hotline="1")
        page = client.get(reverse("advisories:home")).content.decode()
        assert "Bộ Công an" in page
        assert "Công an tỉnh số 0" not in page
        assert f"{reverse('advisories:if_scammed')}#who-heading" in page


class TestDispatchPage:
    def test_laid_out_like_the_official_document(self, client, seeded):
        response = client.get(_seed_dispatch(2152).get_absolute_url())
        page = response.content.decode()
        assert response.status_code == 200
        for printed in [
            "UBND TỈNH AN GIANG",
            "SỞ Y TẾ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 2152/SYT-CNTTTT",
            "An Giang, ngày 07 tháng 10 năm 2025",
            "V/v tuyên truyền phương thức lừa đảo &quot;Sổ liên lạc điện tử&quot;",
            "Kính gửi:",
            "Thủ trưởng các cơ quan, đơn vị thuộc, trực thuộc Sở Y tế",
            "Nơi nhận:",
            "Lưu: VT, CNTTTT",
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Đoàn Thanh Hùng",
        ]:
            assert printed in page, printed

    def test_shows_the_whole_chain_with_this_one_highlighted(self, client, seeded):
        page = client.get(_seed_dispatch(2152).get_absolute_url()).content.decode()
        chain = page[page.index('class="chain__tree"') :]
        positions = [
            chain.index(s) for s in ("1153/UBND-KGVX", "2152/SYT-CNTTTT", "29/TTYT-DS.TTGDSK")
        ]
        assert positions == sorted(positions)
        current = chain[chain.index("chain__item--current") :]
        assert current.index("2152/SYT-CNTTTT") < current.index("Văn bản đang xem")
        assert _seed_dispatch(29).get_absolute_url() in chain
        assert _seed_dispatch(1153).get_absolute_url() in chain

    def test_warning_text_with_copy_button_and_red_flags(self, client, seeded):
        page = client.get(_seed_dispatch(1153).get_absolute_url()).content.decode()
        assert "Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến" in page
        assert "data-copy-target=" in page
        assert "Dấu hiệu nhận biết" in page
        assert "Cần làm gì" in page
        assert "4. Giao Sở Khoa học và Công nghệ" in page

    def test_dispatch_without_number_and_day(self, client, seeded):
        vinh = Dispatch.objects.get(number__isnull=True)
        response = client.get(vinh.get_absolute_url())
        page = response.content.decode()
        assert response.status_code == 200
        assert "Số: \xa0\xa0\xa0\xa0\xa0\xa0/UBND-VHTT" in page
        assert "Vinh, ngày \xa0\xa0\xa0\xa0 tháng 3 năm 2024" in page
        assert "TL. CHỦ TỊCH" in page
        assert "1. Trung tâm Văn hóa - Thể thao và Truyền thông Thành phố" in page

    def test_draft_is_not_public(self, client):
        draft = DispatchFactory(draft=True)
        assert client.get(draft.get_absolute_url()).status_code == 404

    def test_symbol_in_other_case_redirects_to_the_canonical_url(self, client, seeded):
        dispatch = _seed_dispatch(1153)
        url = dispatch.get_absolute_url().replace("UBND-KGVX", "ubnd-kgvx")
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == dispatch.get_absolute_url()

    def test_symbol_with_vietnamese_letters_is_served_at_its_own_address(self, client):
        """ "SGDĐT" is percent-encoded in the link; the page answers there, it does not
        redirect to itself."""
        dispatch = DispatchFactory(symbol="SGDĐT-VP")
        url = dispatch.get_absolute_url()
        assert "SGD%C4%90T-VP" in url
        response = client.get(url)
        assert response.status_code == 200
        assert "SGDĐT-VP" in response.content.decode()
        lower = client.get(url.replace("SGD%C4%90T-VP", "sgd%C4%90t-vp"))
        assert (lower.status_code, lower["Location"]) == (301, url)

    def test_permalink_redirects(self, client, seeded):
        dispatch = _seed_dispatch(29)
        response = client.get(reverse("advisories:dispatch_permalink", args=[dispatch.pk]))
        assert response["Location"] == dispatch.get_absolute_url()

    @pytest.mark.parametrize("ref", ["abc", "12", "id-UBND", "99999-UBND-KGVX"])
    def test_unknown_reference_is_a_vietnamese_404(self, client, seeded, ref):
        response = client.get(f"/van-ban/ubnd-tinh-an-giang/2025/{ref}/")
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()


class TestOtherPages:
    def test_pattern_page(self, client, seeded):
        pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
        page = client.get(pattern.get_absolute_url()).content.decode()
        assert "Dấu hiệu nhận biết" in page
        assert "Không cung cấp tài khoản ngân hàng, mã OTP" in page
        assert _seed_dispatch(1153).get_absolute_url() in page

    def test_organisation_page_shows_parent_children_and_dispatches(self, client, seeded):
        ttyt = Organisation.objects.get(slug="ttyt-kien-hai")
        page = client.get(ttyt.get_absolute_url()).content.decode()
        assert "Sở Y tế tỉnh An Giang" in page
        assert "Trạm Y tế Hòn Tre" in page
        assert _seed_dispatch(29).get_absolute_url() in page

    def test_inactive_organisation_is_marked(self, client, seeded):
        vinh = Organisation.objects.get(slug="ubnd-tp-vinh")
        assert "không còn hoạt động" in client.get(vinh.get_absolute_url()).content.decode()

    def test_list_paginates(self, client, settings):
        settings.ADVISORIES_PER_PAGE = 2
        DispatchFactory.create_batch(5)
        first = client.get(reverse("advisories:dispatch_list")).content.decode()
        third = client.get(reverse("advisories:dispatch_list"), {"trang": 3}).content.decode()
        assert "Trang 1 / 3" in first
        assert first.count('<li class="dispatch-row') == 2
        assert third.count('<li class="dispatch-row') == 1
        junk = client.get(reverse("advisories:dispatch_list"), {"trang": "x'; drop"})
        assert junk.status_code == 404  # said so, never page 1 under a wrong address

    @pytest.mark.parametrize("query", ["so lien lac", "SỔ LIÊN LẠC", "Số liên lạc", "lua dao"])
    def test_search_without_diacritics_finds_all_three_links(self, client, seeded, query):
        page = client.get(reverse("advisories:search"), {"q": query}).content.decode()
        for number in (1153, 2152, 29):
            assert _seed_dispatch(number).get_absolute_url() in page

    def test_search_finds_nothing_politely(self, client, seeded):
        page = client.get(reverse("advisories:search"), {"q": "xyzzy"}).content.decode()
        assert "Không tìm thấy văn bản nào" in page

    def test_if_scammed_page(self, client, seeded):
        page = client.get(reverse("advisories:if_scammed")).content.decode()
        assert "Gọi ngay ngân hàng của bạn" in page
        # The seed's hotlines are both 113 (listed once, first) and Vinh's police is no more.
        assert "Công an tỉnh An Giang" not in page and "Công an thành phố Vinh" not in page
        assert 'name="tinh"' not in page


class TestOrganisationsAcrossProvinces:
    """A national portal holds thousands of units: past a threshold, provinces come first."""

    def test_few_organisations_are_listed_whole_by_province(self, client, seeded):
        page = client.get(reverse("advisories:organisation_list")).content.decode()
        assert "Trạm Y tế Hòn Tre" in page and "Công an thành phố Vinh" in page
        assert page.index(">An Giang</h2>") < page.index(">Nghệ An</h2>")

    @pytest.fixture
    def many(self, db, settings):
        settings.ORGANISATIONS_LISTED_WHOLE = 3
        OrganisationFactory(name="Bộ Công an", province="")
        for province in ("Đắk Lắk", "Cà Mau"):
            for n in (1, 2):
                OrganisationFactory(name=f"Đơn vị {n} {province}", province=province)

    def test_past_the_threshold_an_index_of_provinces_with_their_counts(self, client, many):
        page = client.get(reverse("advisories:organisation_list")).content.decode()
        assert "Đơn vị 1 Cà Mau" not in page
        index = re.findall(
            r'<a href="\?tinh=([^"]*)"[^>]*>([^<]*)</a> <span class="muted">\((\d+)', page
        )
        assert index == [
            ("", "Khác", "1"),
            ("C%C3%A0%20Mau", "Cà Mau", "2"),
            ("%C4%90%E1%BA%AFk%20L%E1%BA%AFk", "Đắk Lắk", "2"),
        ]

    def test_one_province_at_a_time(self, client, many):
        url = reverse("advisories:organisation_list")
        page = client.get(url, {"tinh": "Đắk Lắk"}).content.decode()
        assert "Đơn vị 1 Đắk Lắk" in page and "Đơn vị 2 Đắk Lắk" in page
        assert "Cà Mau" not in page
        assert "Bộ Công an" in client.get(url, {"tinh": ""}).content.decode()
        missing = client.get(url, {"tinh": "Atlantis"})
        assert missing.status_code == 404
        assert "Không tìm thấy trang" in missing.content.decode()


class TestWhomToCallAcrossProvinces:
    """A national portal holds hundreds of hotlines: the reader picks a province first."""

    @pytest.fixture
    def hotlines(self, db, settings):
        settings.HOTLINES_LISTED_WHOLE = 3
        OrganisationFactory(name="Bộ Công an", province="", hotline="069 234 2587")
        for province in ("Đắk Lắk", "An Giang", "Cà Mau"):
            for n in (1, 2):
                OrganisationFactory(
                    name=f"Công an {n} {province}", province=province, hotline=f"0{n}0 {n}"
                )

    def test_without_a_choice_only_the_national_numbers_and_a_province_list(self, client, hotlines):
        page = client.get(reverse("advisories:if_scammed")).content.decode()
        assert "Bộ Công an" in page
        assert "Công an 1 An Giang" not in page
        options = re.findall(r'<option value="([^"]*)"', page)
        assert options == ["", "An Giang", "Cà Mau", "Đắk Lắk"]  # Đ among the D's, after C

    def test_a_chosen_province_lists_its_numbers_with_the_national_ones(self, client, hotlines):
        page = client.get(reverse("advisories:if_scammed"), {"tinh": "Cà Mau"}).content.decode()
        assert "Công an 1 Cà Mau" in page and "Công an 2 Cà Mau" in page
        assert "Bộ Công an" in page
        assert "Công an 1 An Giang" not in page
        assert '<option value="Cà Mau" selected>' in page

    def test_a_province_named_in_the_address_lists_only_its_own_even_when_few(
        self, client, hotlines, settings
    ):
        settings.HOTLINES_LISTED_WHOLE = 100
        page = client.get(reverse("advisories:if_scammed"), {"tinh": "Cà Mau"}).content.decode()
        assert '<h3 lang="vi">Cà Mau</h3>' in page
        assert "Công an 1 Cà Mau" in page and "Bộ Công an" in page
        assert "Công an 1 An Giang" not in page

    def test_an_unknown_province_is_a_clear_404(self, client, hotlines):
        response = client.get(reverse("advisories:if_scammed"), {"tinh": "Atlantis"})
        assert response.status_code == 404
        assert "Không tìm thấy trang" in response.content.decode()


def _make_corpus(size):
    """`size` published dispatches under one issuer, each with every part, forwarded in a chain."""
    issuer = OrganisationFactory(hotline="0296 000 000")
    pattern = ScamPatternFactory()
    previous = None
    dispatches = []
    for _ in range(size):
        dispatch = DispatchFactory(issuer=issuer, draft=True)
        save_draft_parts(dispatch=dispatch, by=None, scam_patterns=[pattern])
        for position in (1, 2):
            AddresseeFactory(
                dispatch=dispatch, position=position, members=[OrganisationFactory(parent=issuer)]
            )
            DistributionLineFactory(dispatch=dispatch, position=position)
            DirectiveFactory(dispatch=dispatch, position=position, assignees=[issuer])
        WarningMessageFactory(dispatch=dispatch)
        if previous:
            ReferenceFactory(citing=dispatch, target=previous)
        dispatch = publish_dispatch(dispatch=dispatch, track_receipts=False)
        for day in (7, 8):  # corrections are listed on the page: two each, in one query
            Correction.objects.create(
                dispatch=dispatch,
                changes={"place": {"old": "An Giang", "new": f"Rạch Giá {day}"}},
                reason="Sai địa danh",
            )
        previous = dispatch
        dispatches.append(dispatch)
    return issuer, pattern, dispatches


def _page_urls(issuer, pattern, dispatches):
    middle = dispatches[len(dispatches) // 2]
    return [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        middle.get_absolute_url(),
        pattern.get_absolute_url(),
        reverse("advisories:pattern_list"),
        issuer.get_absolute_url(),
        reverse("advisories:organisation_list"),
        reverse("advisories:if_scammed"),
        reverse("advisories:search") + "?q=lua+dao",
        # Search with every filter, its facet counts and snippets; a phrase; a typo corrected.
        reverse("advisories:search")
        + f"?q=lua+dao&coquan={issuer.slug}&tinh=An+Giang&thudoan={pattern.slug}"
        + "&nam=2025&loai=cong_van&trangthai=published&trang=2",
        reverse("advisories:search") + '?q="phong+chong+lua+dao"',
        reverse("advisories:search") + "?q=tuyen+truyenn",
        reverse("advisories:search") + f"?coquan={issuer.slug}",
        # A suggestion whose results stand in; the same exactly (no result: the help shown);
        # nothing found (nearest patterns, hotlines); a phone number (where to check it).
        reverse("advisories:search") + "?q=lua+daoo",
        reverse("advisories:search") + "?q=lua+daoo&chinhxac=1",
        reverse("advisories:search") + "?q=xyzzy+qwerty",
        reverse("advisories:search") + "?q=0912+345+678",
    ]


@pytest.mark.parametrize("size", [3, 30])
def test_query_counts_do_not_grow_with_the_data(client, django_assert_max_num_queries, size):
    """Each public page stays within a fixed budget, for a small and a ten times larger corpus."""
    issuer, pattern, dispatches = _make_corpus(size)
    for url in _page_urls(issuer, pattern, dispatches):
        with django_assert_max_num_queries(14):
            response = client.get(url)
        assert response.status_code == 200, url


def test_query_counts_are_the_same_for_both_sizes(client):
    """Not only bounded: exactly equal for a chain of 3 and then with 30 more dispatches."""
    counts = []
    for size in (3, 30):
        urls = _page_urls(*_make_corpus(size))
        measured = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            measured.append(len(ctx))
        counts.append(measured)
    assert counts[0] == counts[1]
