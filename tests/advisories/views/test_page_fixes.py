"""Smaller faults of the public pages, each pinned by a test: heading order, 113 listed twice,
hotlines that cannot be tapped, printing, units reached through a group line, page numbers out
of range, and the menu's current section."""

import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from advisories.models import Dispatch, Organisation, ScamPattern
from advisories.services import publish_dispatch
from tests.factories import (
    AddresseeFactory,
    DispatchFactory,
    DistributionLineFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"<h([1-6])\b")


def _seed(number):
    return Dispatch.objects.select_related("issuer").get(number=number)


def _public_urls():
    return [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        reverse("advisories:pattern_list"),
        reverse("advisories:organisation_list"),
        reverse("advisories:if_scammed"),
        ScamPattern.objects.first().get_absolute_url(),
        Organisation.objects.get(slug="ttyt-kien-hai").get_absolute_url(),
        Organisation.objects.get(slug="tram-y-te-hon-tre").get_absolute_url(),
        *(d.get_absolute_url() for d in Dispatch.objects.select_related("issuer")),
    ]


def test_headings_never_skip_a_level(client, seeded):
    """axe's heading-order: after an h1, an h2 before any h3 (the /thu-doan/ cards were h3)."""
    for url in _public_urls():
        page = client.get(url).content.decode()
        levels = [int(level) for level in HEADING.findall(page[page.index("<main") :])]
        assert levels[0] == 1, url
        for previous, level in itertools.pairwise(levels):
            assert level <= previous + 1, (url, levels)


def _contacts(page):
    start = page.index('class="card card--contact"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize("name", ["advisories:home", "advisories:if_scammed"])
def test_113_is_listed_once_in_whom_to_call(client, seeded, name):
    """The seed's provincial police answers on 113: it adds no second "113" line."""
    contacts = _contacts(client.get(reverse(name)).content.decode())
    assert contacts.count('href="tel:113"') == 1


def test_113_written_with_spaces_is_still_113(client, db):
    OrganisationFactory(name="Công an tỉnh X", hotline=" 1 1 3", province="")
    OrganisationFactory(name="Công an tỉnh Y", hotline="0262 3852 110", province="")
    contacts = _contacts(client.get(reverse("advisories:if_scammed")).content.decode())
    assert "Công an tỉnh X" not in contacts
    assert 'href="tel:0262 3852 110"' in contacts


def test_the_hotline_in_the_side_panel_is_a_tel_link(client, seeded):
    page = client.get(_seed(2152).get_absolute_url()).content.decode()
    aside = page[page.index('class="advisory-aside"') :]
    assert 'Đường dây nóng Công an: <a href="tel:113">113</a>' in aside


def test_the_pattern_page_links_its_hotline_too(client, seeded):
    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert '<a href="tel:113">113</a>' in page


class TestPrintStyles:
    """The print rules themselves; tests/browser/test_printing.py prints a page in chromium."""

    CSS = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()

    def test_a4_with_the_margins_of_decree_30(self):
        rule = re.search(r"@page\s*\{([^}]*)\}", self.CSS)
        assert rule, "no @page rule"
        declarations = " ".join(rule.group(1).split())
        assert "size: A4" in declarations
        assert "margin: 20mm 15mm 20mm 30mm" in declarations

    def test_the_web_heading_and_chrome_are_not_printed(self):
        block = self.CSS[self.CSS.index("@media print") :]
        hidden = block[: block.index("display: none")]
        for selector in (".page-title", ".page-subtitle", ".site-header", ".site-footer"):
            assert selector in hidden, selector


class TestUnitsReachedThroughAGroupLine:
    def test_a_station_lists_what_reached_it_through_a_group_addressee(self, client, seeded):
        station = Organisation.objects.get(slug="tram-y-te-hon-tre")
        page = client.get(station.get_absolute_url()).content.decode()
        assert "Chưa có văn bản nào" not in page
        assert _seed(29).get_absolute_url() in page
        assert "Văn bản gửi đến đơn vị" in page

    def test_a_group_line_under_distribution_reaches_its_members_too(self, client, db):
        station = OrganisationFactory()
        dispatch = DispatchFactory(draft=True)
        DistributionLineFactory(dispatch=dispatch, text="Các Trạm y tế", members=[station])
        publish_dispatch(dispatch=dispatch, track_receipts=False)
        page = client.get(station.get_absolute_url()).content.decode()
        assert dispatch.get_absolute_url() in page

    def test_a_draft_addressed_to_the_unit_is_not_listed(self, client, db):
        station = OrganisationFactory()
        draft = AddresseeFactory(text="Các Trạm", members=[station]).dispatch
        page = client.get(station.get_absolute_url()).content.decode()
        assert draft.get_absolute_url() not in page
        assert "Chưa có văn bản nào" in page

    def test_the_received_list_pages_on_its_own(self, client, db, settings):
        settings.ADVISORIES_PER_PAGE = 2
        station = OrganisationFactory()

        for _ in range(3):
            line = AddresseeFactory(text="Các Trạm", members=[station])
            publish_dispatch(dispatch=line.dispatch, track_receipts=False)
        first = client.get(station.get_absolute_url()).content.decode()
        second = client.get(station.get_absolute_url(), {"den": 2}).content.decode()
        assert "?den=2" in first
        assert first.count('<li class="dispatch-row') == 2
        assert second.count('<li class="dispatch-row') == 1


class TestPageNumbers:
    @pytest.fixture
    def five(self, db, settings):
        settings.ADVISORIES_PER_PAGE = 2
        DispatchFactory.create_batch(5)

    def test_past_the_last_page_is_a_404_that_says_so(self, client, five):
        response = client.get(reverse("advisories:dispatch_list"), {"trang": 9})
        assert response.status_code == 404
        page = response.content.decode()
        assert "Không có trang 9: danh sách này có 3 trang." in page

    def test_a_page_number_that_is_not_a_number_is_a_404_that_says_so(self, client, five):
        response = client.get(reverse("advisories:dispatch_list"), {"trang": "<b>x</b>"})
        assert response.status_code == 404
        page = response.content.decode()
        assert "“&lt;b&gt;x&lt;/b&gt;” không phải là số trang." in page

    @pytest.mark.parametrize(
        "value", ["x'; drop", "-1", "0", "1.5", "1e3", "99999999999999999999999", "\u00a0"]
    )
    def test_no_page_number_is_ever_a_500(self, client, five, value):
        response = client.get(reverse("advisories:dispatch_list"), {"trang": value})
        assert response.status_code == 404, value

    def test_the_last_page_and_no_number_still_work(self, client, five):
        assert client.get(reverse("advisories:dispatch_list"), {"trang": 3}).status_code == 200
        assert client.get(reverse("advisories:dispatch_list"), {"trang": ""}).status_code == 200

    def test_organisation_and_pattern_pages_answer_the_same(self, client, seeded):
        pattern = ScamPattern.objects.first()
        station = Organisation.objects.get(slug="tram-y-te-hon-tre")
        for url, param in [
            (pattern.get_absolute_url(), "trang"),
            (station.get_absolute_url(), "trang"),
            (station.get_absolute_url(), "den"),
        ]:
            assert client.get(url, {param: 7}).status_code == 404, (url, param)

    def test_in_english_the_reason_is_english(self, client, five):
        with translation.override("en"):
            url = reverse("advisories:dispatch_list")
            reason = translation.ngettext(
                "Không có trang %(page)s: danh sách này có %(pages)s trang.",
                "Không có trang %(page)s: danh sách này có %(pages)s trang.",
                3,
            ) % {"page": 9, "pages": 3}
        assert not reason.startswith("Không có trang")  # the catalogue has it
        response = client.get(url, {"trang": 9})
        assert response.status_code == 404
        assert reason in response.content.decode()


class TestTheMenuMarksTheCurrentSection:
    def _nav(self, client, url):
        page = client.get(url).content.decode()
        nav = page[page.index('class="site-nav"') : page.index("</nav>")]
        return dict(re.findall(r'<a [^>]*?href="([^"]+)"[^>]*?aria-current="(\w+)"', nav))

    def test_a_dispatch_page_is_in_the_dispatches_section(self, client, seeded):
        current = self._nav(client, _seed(2152).get_absolute_url())
        assert current == {reverse("advisories:dispatch_list"): "true"}

    def test_a_pattern_page_is_in_the_patterns_section(self, client, seeded):
        pattern = ScamPattern.objects.first()
        assert self._nav(client, pattern.get_absolute_url()) == {
            reverse("advisories:pattern_list"): "true"
        }

    def test_an_organisation_page_is_in_the_organisations_section(self, client, seeded):
        station = Organisation.objects.get(slug="tram-y-te-hon-tre")
        assert self._nav(client, station.get_absolute_url()) == {
            reverse("advisories:organisation_list"): "true"
        }

    def test_a_section_page_itself_is_the_current_page(self, client, seeded):
        assert self._nav(client, reverse("advisories:pattern_list")) == {
            reverse("advisories:pattern_list"): "page"
        }
        assert self._nav(client, reverse("advisories:home")) == {}

    def test_the_menu_kept_for_one_section_and_language_is_not_shown_in_another(
        self, client, seeded
    ):
        """The menu is rendered once per section and language, then kept (templatetags.kept)."""
        patterns, dispatches = (
            reverse("advisories:pattern_list"),
            reverse("advisories:dispatch_list"),
        )
        for _ in range(2):
            assert self._nav(client, patterns) == {patterns: "page"}
            assert self._nav(client, dispatches) == {dispatches: "page"}
            english = self._nav(client, "/en" + patterns)
            assert english == {"/en" + patterns: "page"}
            page = client.get("/en" + patterns).content.decode()
            assert ">Scam tactics<" in page[page.index('class="site-nav"') :]

    def test_the_language_links_follow_each_page_and_its_query(self, client, seeded):
        """The links to the other language are worked out once per address, then remembered
        (context_processors.language_versions): each page still links its own translation."""
        for _ in range(2):
            for path in ("/van-ban/", "/van-ban/?trang=2", "/thu-doan/", "/en/thu-doan/"):
                page = client.get(path).content.decode()
                english = path.startswith("/en/")
                other = path.removeprefix("/en") if english else "/en" + path
                assert f'hreflang="{"vi" if english else "en"}" href="' in page
                switch = page[page.index('class="language-switch"') :]
                assert f'href="{other}"' in switch[: switch.index("</ul>")], path

    def test_the_current_section_is_styled(self):
        css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
        rule = re.search(r"\.site-nav a\[aria-current\]\s*\{([^}]*)\}", css)
        assert rule and "border-bottom" in rule.group(1) and "font-weight" in rule.group(1)
