"""Atom feeds: valid Atom for every list, absolute links from SITE_URL, announced on each page,
never stale after a publish, withdrawal or correction, and a fixed number of queries."""

import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from advisories.models import Dispatch, Organisation, ScamPattern
from advisories.services import (
    correct_dispatch,
    publish_dispatch,
    save_draft_parts,
    withdraw_dispatch,
)
from tests.factories import (
    DispatchFactory,
    OrganisationFactory,
    ScamPatternFactory,
    WarningMessageFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://canhbao.example.gov.vn"
ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """A public address other than the test client's host: links must come from it."""
    settings.SITE_URL = SITE


def parse_xml(content: bytes) -> ET.Element:
    """The portal's own output, parsed as a feed reader or a crawler would."""
    return ET.fromstring(content)  # noqa: S314 (our own response, not untrusted input)


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == ATOM_TYPE, url
    return parse_xml(response.content)


def _titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def _links(feed):
    return [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]


def _assert_valid_atom(feed, url):
    """RFC 4287's required elements, absolute addresses from SITE_URL, RFC 3339 dates."""
    assert feed.tag == f"{ATOM}feed", url
    for name in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{name}"), (url, name)
    assert feed.findtext(f"{ATOM}author/{ATOM}name"), url
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"].startswith(SITE + "/"), url
    assert links["alternate"].startswith(SITE + "/"), url
    dt.datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    entries = list(feed.iter(f"{ATOM}entry"))
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids), url
    for entry in entries:
        for name in ("id", "title", "updated", "published", "summary"):
            assert entry.findtext(f"{ATOM}{name}"), (url, name)
        assert entry.find(f"{ATOM}summary").get("type") == "html"
        assert entry.find(f"{ATOM}link").get("href").startswith(SITE + "/"), url
        assert entry.findtext(f"{ATOM}id").startswith(SITE + "/"), url
        assert entry.findtext(f"{ATOM}author/{ATOM}name"), url
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))


def _feed_urls():
    """A feed of each kind, on the seed data."""
    pattern = ScamPattern.objects.order_by("pk").first()
    organisation = Organisation.objects.get(slug="ubnd-tinh-an-giang")
    return [
        reverse("advisories:dispatch_feed"),
        reverse("advisories:dispatch_feed") + "?tinh=An+Giang",
        reverse("advisories:pattern_feed", args=[pattern.slug]),
        reverse("advisories:organisation_feed", args=[organisation.slug]),
        reverse("advisories:search_feed") + "?q=lua+dao",
        reverse("advisories:search_feed") + "?q=lien+lac&tinh=An+Giang&nam=2025&loai=cong_van",
        "/en" + reverse("advisories:dispatch_feed"),
    ]


class TestAtom:
    def test_every_feed_is_valid_atom_with_links_from_site_url(self, client, seeded):
        for url in _feed_urls():
            response = client.get(url)
            assert b"testserver" not in response.content, url
            feed = _feed(client, url)
            _assert_valid_atom(feed, url)
            assert _titles(feed), url

    def test_the_host_header_never_reaches_a_link(self, client, seeded, settings):
        settings.ALLOWED_HOSTS = ["canhbao.example.gov.vn", "proxy.internal"]
        response = client.get(reverse("advisories:dispatch_feed"), HTTP_HOST="proxy.internal")
        assert response.status_code == 200
        assert b"proxy.internal" not in response.content
        assert f'href="{SITE}/van-ban/atom.xml" rel="self"'.encode() in response.content

    def test_titles_are_vietnamese_and_english_under_en(self, client, seeded):
        feed = _feed(client, reverse("advisories:dispatch_feed"))
        assert feed.findtext(f"{ATOM}title").startswith("Văn bản cảnh báo lừa đảo")
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
        english = _feed(client, "/en" + reverse("advisories:dispatch_feed"))
        assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
        assert english.findtext(f"{ATOM}title").startswith("Scam advisories")
        assert all(link.startswith(f"{SITE}/en/") for link in _links(english))

    def test_an_entry_tells_what_whom_when_and_the_warning_text(self, client, seeded):
        dispatch = Dispatch.objects.select_related("issuer").get(number=1153)
        feed = _feed(client, reverse("advisories:dispatch_feed"))
        entry = next(
            e
            for e in feed.iter(f"{ATOM}entry")
            if e.find(f"{ATOM}link").get("href") == SITE + dispatch.get_absolute_url()
        )
        assert entry.findtext(f"{ATOM}title") == dispatch.subject_line
        assert entry.findtext(f"{ATOM}id") == f"{SITE}/vb/{dispatch.pk}/"
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == dispatch.issuer.name
        summary = entry.findtext(f"{ATOM}summary")
        assert "1153/UBND-KGVX" in summary
        assert "06/10/2025" in summary
        assert "mã OTP" in summary  # the SMS warning text of item 4
        categories = [c.get("term") for c in entry.findall(f"{ATOM}category")]
        assert categories == [p.name for p in dispatch.scam_patterns.all()]

    def test_a_feed_holds_the_newest_entries_only(self, client, db, settings):
        settings.FEED_ENTRIES = 3
        issuer = OrganisationFactory()
        for day in range(1, 6):
            DispatchFactory(issuer=issuer, day=day, subject=f"cảnh báo ngày {day}")
        feed = _feed(client, reverse("advisories:dispatch_feed"))
        assert _titles(feed) == [f"V/v cảnh báo ngày {day}" for day in (5, 4, 3)]


class TestWhatEachFeedHolds:
    def test_drafts_never_withdrawn_ones_marked_as_in_the_lists(self, client, db):
        DispatchFactory(subject="cảnh báo còn hiệu lực")
        withdrawn = DispatchFactory(withdrawn=True, subject="cảnh báo đã thu hồi")
        DispatchFactory(draft=True, subject="bản nháp chưa ban hành")
        feed = _feed(client, reverse("advisories:dispatch_feed"))
        titles = _titles(feed)
        assert "V/v cảnh báo còn hiệu lực" in titles
        assert "Đã thu hồi: V/v cảnh báo đã thu hồi" in titles
        assert not any("bản nháp" in title for title in titles)
        entries = feed.iter(f"{ATOM}entry")
        entry = next(e for e in entries if "thu hồi" in e.findtext(f"{ATOM}title"))
        summary = entry.findtext(f"{ATOM}summary")
        assert f"thu hồi ngày {withdrawn.withdrawn_on:%d/%m/%Y}" in summary
        assert withdrawn.withdrawal_reason in summary

    def test_a_pattern_feed_holds_its_dispatches_only(self, client, db):
        pattern, other = ScamPatternFactory(), ScamPatternFactory()
        for subject, patterns in (("về thủ đoạn này", [pattern]), ("về thủ đoạn khác", [other])):
            draft = DispatchFactory(draft=True, subject=subject)
            save_draft_parts(dispatch=draft, by=None, scam_patterns=patterns)
            publish_dispatch(dispatch=draft, track_receipts=False)
        feed = _feed(client, reverse("advisories:pattern_feed", args=[pattern.slug]))
        assert _titles(feed) == ["V/v về thủ đoạn này"]
        assert pattern.name in feed.findtext(f"{ATOM}title")
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links["alternate"] == SITE + pattern.get_absolute_url()

    def test_an_organisation_feed_holds_its_units_dispatches_too(self, client, db):
        province = OrganisationFactory(name="UBND tỉnh Thử")
        department = OrganisationFactory(name="Sở Thử", parent=province)
        station = OrganisationFactory(name="Trạm Thử", parent=department)
        elsewhere = OrganisationFactory(name="UBND tỉnh Khác")
        for issuer in (province, department, station, elsewhere):
            DispatchFactory(issuer=issuer, subject=f"của {issuer.name}")
        feed = _feed(client, reverse("advisories:organisation_feed", args=[department.slug]))
        assert sorted(_titles(feed)) == ["V/v của Sở Thử", "V/v của Trạm Thử"]
        assert "Sở Thử" in feed.findtext(f"{ATOM}title")

    def test_a_province_feed_holds_the_dispatches_of_its_bodies(self, client, db):
        DispatchFactory(issuer=OrganisationFactory(province="Nghệ An"), subject="ở Nghệ An")
        DispatchFactory(issuer=OrganisationFactory(province="An Giang"), subject="ở An Giang")
        url = reverse("advisories:dispatch_feed") + "?" + urlencode({"tinh": "Nghệ An"})
        feed = _feed(client, url)
        assert _titles(feed) == ["V/v ở Nghệ An"]
        assert "Nghệ An" in feed.findtext(f"{ATOM}title")

    def test_a_feed_has_one_id_however_its_address_is_written(self, client, seeded):
        ids = {
            _feed(client, reverse("advisories:dispatch_feed") + query).findtext(f"{ATOM}id")
            for query in ("?tinh=An+Giang", "?tinh=An%20Giang", "?tinh=An+Giang&utm_source=x")
        }
        assert ids == {f"{SITE}/van-ban/atom.xml?tinh=An+Giang"}

    def test_an_unknown_province_is_a_404(self, client, seeded):
        response = client.get(reverse("advisories:dispatch_feed"), {"tinh": "Atlantis"})
        assert response.status_code == 404

    def test_a_search_feed_holds_what_matches_words_and_filters(self, client, seeded):
        url = reverse("advisories:search_feed") + "?q=thue&tinh=Ngh%E1%BB%87+An"
        feed = _feed(client, url)
        assert _titles(feed) == [Dispatch.objects.get(number__isnull=True).subject_line]
        assert "“thue”" in feed.findtext(f"{ATOM}title")
        assert "Nghệ An" in feed.findtext(f"{ATOM}title")
        nothing = _feed(client, reverse("advisories:search_feed") + "?q=bitcoin+zalo")
        assert _titles(nothing) == []

    def test_a_search_feed_with_a_wrong_filter_says_why_in_a_400(self, client, seeded):
        response = client.get(reverse("advisories:search_feed"), {"q": "otp", "nam": "abc"})
        assert response.status_code == 400
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "Năm phải là một số" in response.content.decode()

    def test_a_search_feed_without_words_or_filters_is_the_main_feed(self, client, seeded):
        response = client.get(reverse("advisories:search_feed"), {"q": "  "})
        assert response.status_code == 301
        assert response["Location"] == reverse("advisories:dispatch_feed")

    def test_unknown_pattern_or_organisation_is_a_404(self, client, seeded):
        assert client.get(reverse("advisories:pattern_feed", args=["khong-co"])).status_code == 404
        url = reverse("advisories:organisation_feed", args=["khong-co"])
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/feed/", "/van-ban/atom.xml"),
        ("/rss/", "/van-ban/atom.xml"),
        ("/atom.xml", "/van-ban/atom.xml"),
        ("/en/feed/", "/en/van-ban/atom.xml"),
    ],
)
def test_the_usual_feed_addresses_lead_to_the_main_feed(client, db, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


class _AlternateLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.feeds = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.in_head = self.in_head or tag == "head"
        if tag == "body":
            self.in_head = False
        if (
            self.in_head
            and tag == "link"
            and attrs.get("rel") == "alternate"
            and attrs.get("type") == "application/atom+xml"
        ):
            self.feeds.append((attrs["title"], attrs["href"]))


def _announced(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _AlternateLinks()
    parser.feed(response.content.decode())
    return parser.feeds


def test_each_page_announces_its_feed_in_its_head(client, seeded):
    pattern = ScamPattern.objects.order_by("pk").first()
    organisation = Organisation.objects.get(slug="so-y-te-an-giang")
    dispatch = Dispatch.objects.select_related("issuer").get(number=2152)
    main = SITE + reverse("advisories:dispatch_feed")
    expected = {
        reverse("advisories:home"): main,
        reverse("advisories:dispatch_list"): main,
        dispatch.get_absolute_url(): main,
        pattern.get_absolute_url(): SITE + reverse("advisories:pattern_feed", args=[pattern.slug]),
        organisation.get_absolute_url(): SITE
        + reverse("advisories:organisation_feed", args=[organisation.slug]),
        reverse("advisories:organisation_list") + "?tinh=An+Giang": main + "?tinh=An%20Giang",
        reverse("advisories:search") + "?q=lua+dao&nam=2025&trang=1": SITE
        + reverse("advisories:search_feed")
        + "?q=lua+dao&nam=2025",
    }
    for page, feed_url in expected.items():
        announced = _announced(client, page)
        hrefs = [href for _, href in announced]
        assert feed_url in hrefs, (page, announced)
        assert hrefs[0] == feed_url, page  # the page's own feed first, then the main one
        assert main in hrefs, page
        assert all(title for title, _ in announced), page
        response = client.get(feed_url.removeprefix(SITE))
        assert response.status_code == 200, feed_url
        assert response["Content-Type"] == ATOM_TYPE


def test_english_pages_announce_english_feeds(client, seeded):
    announced = _announced(client, "/en" + reverse("advisories:dispatch_list"))
    assert announced == [("Latest scam advisories", f"{SITE}/en/van-ban/atom.xml")]


class TestNeverStale:
    """With the page cache on, as in production: a feed changes at the next request."""

    def test_a_feed_is_served_from_the_cache_until_something_is_published(
        self, client, seeded, django_assert_num_queries
    ):
        url = reverse("advisories:dispatch_feed")
        first = client.get(url)
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first.content
        assert again["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304

    def test_a_publish_shows_at_the_next_request(self, client, seeded):
        pattern = ScamPattern.objects.order_by("pk").first()
        urls = [
            reverse("advisories:dispatch_feed"),
            reverse("advisories:pattern_feed", args=[pattern.slug]),
            reverse("advisories:search_feed") + "?q=zalo",
        ]
        draft = DispatchFactory(draft=True, subject="cảnh báo mới về Zalo giả mạo", year=2026)
        save_draft_parts(dispatch=draft, by=None, scam_patterns=[pattern])
        before = {url: client.get(url) for url in urls}
        for response in before.values():
            assert "Zalo giả mạo" not in response.content.decode()
        publish_dispatch(dispatch=draft, track_receipts=False)
        for url in urls:
            response = client.get(url, headers={"if-none-match": before[url]["ETag"]})
            assert response.status_code == 200, url
            assert "V/v cảnh báo mới về Zalo giả mạo" in _titles(parse_xml(response.content))

    def test_a_withdrawal_shows_at_the_next_request(self, client, seeded):
        dispatch = Dispatch.objects.get(number=1153)
        url = reverse("advisories:organisation_feed", args=["ubnd-tinh-an-giang"])
        assert not any(t.startswith("Đã thu hồi") for t in _titles(_feed(client, url)))
        withdraw_dispatch(
            dispatch=dispatch, by=None, reason="Thay bằng văn bản khác", on=timezone.localdate()
        )
        assert f"Đã thu hồi: {dispatch.subject_line}" in _titles(_feed(client, url))

    def test_a_correction_shows_at_the_next_request(self, client, seeded):
        dispatch = Dispatch.objects.get(number=2152)
        url = reverse("advisories:dispatch_feed")
        _feed(client, url)
        correct_dispatch(
            dispatch=dispatch, by=None, changes={"subject": "trích yếu đã đính chính"}, reason="Sai"
        )
        assert "V/v trích yếu đã đính chính" in _titles(_feed(client, url))


def _make_corpus(size):
    """`size` published dispatches (one in five withdrawn) of a province body's unit, each with
    a warning text and a scam pattern."""
    head = OrganisationFactory(name="UBND tỉnh Lớn", province="Tỉnh Lớn")
    unit = OrganisationFactory(parent=head, province="Tỉnh Lớn")
    pattern = ScamPatternFactory()
    for n in range(size):
        draft = DispatchFactory(draft=True, issuer=unit, subject=f"lừa đảo qua mạng đợt {n}")
        WarningMessageFactory(dispatch=draft)
        save_draft_parts(dispatch=draft, by=None, scam_patterns=[pattern])
        dispatch = publish_dispatch(dispatch=draft, track_receipts=False)
        if n % 5 == 4:
            withdraw_dispatch(dispatch=dispatch, by=None, reason="Thay", on=timezone.localdate())
    feeds = reverse("advisories:dispatch_feed")
    search = reverse("advisories:search_feed")
    return [
        feeds,
        feeds + "?" + urlencode({"tinh": "Tỉnh Lớn"}),
        reverse("advisories:pattern_feed", args=[pattern.slug]),
        reverse("advisories:organisation_feed", args=[head.slug]),
        search + "?q=lua+dao",
        search + "?" + urlencode({"q": "lua dao", "coquan": head.slug, "thudoan": pattern.slug}),
        search + "?" + urlencode({"tinh": "Tỉnh Lớn", "nam": 2025, "trangthai": "published"}),
    ]


@pytest.fixture
def uncached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.FEED_ENTRIES = 10


@pytest.mark.parametrize("size", [3, 30])
def test_query_counts_do_not_grow_with_the_data(
    client, uncached, django_assert_max_num_queries, size
):
    """Each feed within a fixed budget, below and above the number of entries it holds."""
    for url in _make_corpus(size):
        with django_assert_max_num_queries(8):
            feed = _feed(client, url)
        assert len(_titles(feed)) == min(size, 10), url


def test_query_counts_are_the_same_for_both_sizes(client, uncached):
    counts = []
    for size in (3, 30):
        measured = []
        for url in _make_corpus(size):
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            measured.append(len(ctx))
        counts.append(measured)
    assert counts[0] == counts[1]
