"""sitemap.xml, robots.txt and the favicon: what crawlers and browsers ask the root for."""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from advisories.models import Dispatch, Organisation, ScamPattern
from advisories.services import publish_dispatch, save_draft_parts, withdraw_dispatch
from tests.factories import DispatchFactory, OrganisationFactory, ScamPatternFactory

pytestmark = pytest.mark.django_db

SITE = "https://canhbao.example.gov.vn"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def parse_xml(content: bytes) -> ET.Element:
    """The portal's own output, parsed as a crawler would."""
    return ET.fromstring(content)  # noqa: S314 (our own response, not untrusted input)


def _get_xml(client, address):
    """GET an absolute address of the portal (it must start with SITE_URL)."""
    assert address.startswith(SITE + "/"), address
    parts = urlsplit(address)
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert response.status_code == 200, address
    assert response["Content-Type"] == "application/xml", address
    return parse_xml(response.content)


def _sitemap_pages(client):
    index = _get_xml(client, SITE + "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    return [entry.findtext(f"{SM}loc") for entry in index.iter(f"{SM}sitemap")]


def _listed(client):
    """{address: lastmod or None} over every page of every section; each address once."""
    listed = {}
    for page in _sitemap_pages(client):
        urlset = _get_xml(client, page)
        assert urlset.tag == f"{SM}urlset"
        for url in urlset.iter(f"{SM}url"):
            location = url.findtext(f"{SM}loc")
            assert location not in listed, location
            listed[location] = url.findtext(f"{SM}lastmod")
    return listed


def test_every_public_page_is_listed_in_both_languages(client, seeded):
    withdrawn = DispatchFactory(withdrawn=True)
    draft = DispatchFactory(draft=True)
    listed = _listed(client)
    for dispatch in Dispatch.objects.public().select_related("issuer"):
        for prefix in ("", "/en"):
            address = SITE + prefix + dispatch.get_absolute_url()
            assert address in listed, address
            updated = dt.datetime.fromisoformat(listed[address])
            assert updated == dispatch.updated_at.replace(microsecond=0)
    assert SITE + withdrawn.get_absolute_url() in listed
    assert SITE + draft.get_absolute_url() not in listed
    for item in [*ScamPattern.objects.all(), *Organisation.objects.all()]:
        assert SITE + item.get_absolute_url() in listed
        assert SITE + "/en" + item.get_absolute_url() in listed
    pages = ("home", "dispatch_list", "pattern_list", "organisation_list", "if_scammed")
    for name in (*pages, "check", "report", "open_data", "statistics"):
        assert SITE + reverse(f"advisories:{name}") in listed
        assert SITE + "/en" + reverse(f"advisories:{name}") in listed
    assert all(address.startswith(SITE + "/") for address in listed)


def test_a_pattern_or_organisation_is_as_recent_as_its_newest_dispatch(client, seeded):
    newest = Dispatch.objects.select_related("issuer").get(number=29)
    listed = _listed(client)
    lastmod = newest.updated_at.replace(microsecond=0)
    assert dt.datetime.fromisoformat(listed[SITE + newest.issuer.get_absolute_url()]) == lastmod
    pattern = newest.scam_patterns.get()
    assert dt.datetime.fromisoformat(listed[SITE + pattern.get_absolute_url()]) == lastmod
    silent = OrganisationFactory(name="Đơn vị chưa ban hành văn bản nào")
    assert _listed(client)[SITE + silent.get_absolute_url()] is None


def test_the_index_pages_each_section_and_dates_it(client, seeded, settings):
    settings.SITEMAP_URLS_PER_PAGE = 3  # 4 dispatches in 2 languages: 3 pages
    pages = _sitemap_pages(client)
    dispatch_pages = [p for p in pages if "/sitemap-van-ban.xml" in p]
    assert dispatch_pages == [
        f"{SITE}/sitemap-van-ban.xml",
        f"{SITE}/sitemap-van-ban.xml?p=2",
        f"{SITE}/sitemap-van-ban.xml?p=3",
    ]
    sizes = [len(list(_get_xml(client, page).iter(f"{SM}url"))) for page in dispatch_pages]
    assert sizes == [3, 3, 2]
    listed = _listed(client)
    assert sum("/van-ban/" in address and "/20" in address for address in listed) == 8
    index = parse_xml(client.get("/sitemap.xml").content)
    newest = max(d.updated_at for d in Dispatch.objects.public()).replace(microsecond=0)
    dated = {
        entry.findtext(f"{SM}loc"): entry.findtext(f"{SM}lastmod")
        for entry in index.iter(f"{SM}sitemap")
    }
    assert dt.datetime.fromisoformat(dated[f"{SITE}/sitemap-van-ban.xml"]) == newest


@pytest.mark.parametrize(
    "address", ["/sitemap-van-ban.xml?p=9", "/sitemap-van-ban.xml?p=x", "/sitemap-khong-co.xml"]
)
def test_a_page_or_section_that_does_not_exist_is_a_404(client, seeded, address):
    assert client.get(address).status_code == 404


def test_the_host_header_never_reaches_an_address(client, seeded, settings):
    settings.ALLOWED_HOSTS = ["proxy.internal"]
    for address in ("/sitemap.xml", "/sitemap-van-ban.xml", "/robots.txt"):
        response = client.get(address, HTTP_HOST="proxy.internal")
        assert response.status_code == 200
        assert b"proxy.internal" not in response.content, address
        assert SITE.encode() in response.content, address


def test_never_stale_after_a_publish_or_a_withdrawal(client, seeded):
    draft = DispatchFactory(draft=True, subject="cảnh báo mới")
    first = client.get("/sitemap-van-ban.xml")
    assert client.get("/sitemap-van-ban.xml").content == first.content  # from the cache
    assert draft.get_absolute_url().encode() not in first.content
    publish_dispatch(dispatch=draft, track_receipts=False)
    response = client.get("/sitemap-van-ban.xml", headers={"if-none-match": first["ETag"]})
    assert response.status_code == 200
    assert (SITE + draft.get_absolute_url()).encode() in response.content
    withdrawn = withdraw_dispatch(dispatch=draft, by=None, reason="Nhầm", on=timezone.localdate())
    listed = _listed(client)  # still listed (its page stays, with a banner), dated anew
    lastmod = dt.datetime.fromisoformat(listed[SITE + draft.get_absolute_url()])
    assert lastmod == withdrawn.updated_at.replace(microsecond=0)


def _make_corpus(size):
    issuer = OrganisationFactory()
    pattern = ScamPatternFactory()
    for n in range(size):
        draft = DispatchFactory(draft=True, issuer=issuer, subject=f"đợt {n}")
        save_draft_parts(dispatch=draft, by=None, scam_patterns=[pattern])
        publish_dispatch(dispatch=draft, track_receipts=False)


SITEMAP_ADDRESSES = [
    "/sitemap.xml",
    "/sitemap-trang.xml",
    "/sitemap-van-ban.xml",
    "/sitemap-van-ban.xml?p=2",
    "/sitemap-thu-doan.xml",
    "/sitemap-co-quan.xml",
]


@pytest.fixture
def small_pages(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.SITEMAP_URLS_PER_PAGE = 4


@pytest.mark.parametrize("size", [3, 30])
def test_query_counts_do_not_grow_with_the_data(
    client, small_pages, django_assert_max_num_queries, size
):
    _make_corpus(size)
    for address in SITEMAP_ADDRESSES:
        with django_assert_max_num_queries(6):
            response = client.get(address)
        assert response.status_code == 200, address


def test_query_counts_are_the_same_for_both_sizes(client, small_pages):
    counts = []
    for size in (3, 30):
        _make_corpus(size)
        measured = []
        for address in SITEMAP_ADDRESSES:
            with CaptureQueriesContext(connection) as ctx:
                client.get(address)
            measured.append(len(ctx))
        counts.append(measured)
    assert counts[0] == counts[1]


def test_robots_txt_keeps_crawlers_out_of_staff_and_unit_pages(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/quan-tri/", "/xac-nhan/", "/don-vi/", "/en/xac-nhan/", "/en/don-vi/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /phan-anh/tra-cuu/" in lines  # a reporter's status, looked up by code
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert not any(line == "Disallow: /" for line in lines)


def test_favicon_answers_at_the_root_and_is_named_in_every_page(client, seeded):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "public" in response["Cache-Control"]
    page = client.get(reverse("advisories:home")).content.decode()
    head = page[: page.index("</head>")]
    for name in ("favicon.ico", "favicon.svg", "apple-touch-icon.png"):
        assert f"/static/{name}" in head, name
        assert finders.find(name), name
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in head
    with open(finders.find("favicon.svg"), encoding="utf-8") as svg:
        assert parse_xml(svg.read().encode()).tag == "{http://www.w3.org/2000/svg}svg"
