"""A write refreshes only the cached pages that show what it changed (advisories.cache_tags),
seen from outside through `X-Cache: hit` / `X-Cache: miss`."""

import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from advisories.models import Delivery, Dispatch, Organisation, ScamPattern
from advisories.services import (
    IndicatorInput,
    confirm_receipt,
    correct_dispatch,
    invalidate_public_pages,
    issue_token,
    mark_indicators,
    publish_dispatch,
    refresh_search_text,
    save_organisation,
    save_scam_pattern,
    start_receipt_tracking,
    withdraw_dispatch,
)
from advisories.services.reports import submit_report, triage_report
from tests.factories import DispatchFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def _dispatch(number):
    return Dispatch.objects.select_related("issuer").get(number=number)


def _vinh():
    return Dispatch.objects.select_related("issuer").get(issuer__slug="ubnd-tp-vinh")


def _warm(client, urls):
    """Render each page, then check the next request is served from the cache."""
    for url in urls:
        assert client.get(url)["X-Cache"] == "miss", url
        assert client.get(url)["X-Cache"] == "hit", url


def _hit(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Cache"] == "hit", url
    return response.content.decode()


def _queries_of_the_second_view(client, url) -> int:
    """View `url` twice: the second time is the same page; how many queries it made."""
    page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content.decode() == page
    return len(again)


def _fresh(client, url):
    """The page rendered afresh (a miss); its text."""
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["X-Cache"] == "miss", url
    return response.content.decode()


def test_every_public_page_says_whether_it_came_from_the_cache(client, seeded):
    chain = [_dispatch(n) for n in (1153, 2152, 29)]
    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    urls = [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        *[d.get_absolute_url() for d in chain],
        reverse("advisories:dispatch_permalink", args=[chain[0].pk]),
        pattern.get_absolute_url(),
        reverse("advisories:pattern_list"),
        reverse("advisories:organisation_list"),
        chain[0].issuer.get_absolute_url(),
        reverse("advisories:if_scammed"),
        reverse("advisories:search") + "?q=lua+dao",
        reverse("advisories:dispatch_feed"),
        reverse("advisories:statistics"),
        reverse("advisories:check") + "?q=0912345678",
        reverse("sitemap_index"),
    ]
    _warm(client, urls)
    assert "X-Cache" not in client.get(reverse("healthz"))  # not a public page
    assert "X-Cache" not in client.get("/quan-tri/login/")


def test_a_publish_refreshes_the_pages_that_show_it_and_no_other(client, seeded):
    source = _dispatch(2152)
    issuer = Organisation.objects.get(slug="ttyt-kien-hai")
    draft = DispatchFactory(
        draft=True, issuer=issuer, subject="chuyển tiếp cảnh báo về sổ liên lạc", year=2026
    )
    ReferenceFactory(citing=draft, target=source)
    draft.scam_patterns.add(ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu"))
    refresh_search_text(dispatch=draft)  # a draft: no public page shows it yet
    showing = [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        _dispatch(1153).get_absolute_url(),  # its chain's pages
        source.get_absolute_url(),
        _dispatch(29).get_absolute_url(),
        issuer.get_absolute_url(),  # its issuer's page
        reverse("advisories:pattern", args=["gia-danh-nha-truong-so-lien-lac-dien-tu"]),
        reverse("advisories:search") + "?q=so+lien+lac",
        reverse("advisories:dispatch_feed"),
    ]
    unrelated = [
        _vinh().get_absolute_url(),
        _vinh().issuer.get_absolute_url(),
        reverse("advisories:pattern", args=["gia-danh-can-bo-thue-cong-an-dich-vu-cong"]),
    ]
    _warm(client, showing + unrelated)

    publish_dispatch(dispatch=draft)

    draft.refresh_from_db()
    link = draft.get_absolute_url()
    for url in unrelated:
        assert link not in _hit(client, url), url
    for url in showing:
        assert link in _fresh(client, url), url
        assert link in _hit(client, url), url  # and cached again


def test_a_confirmation_refreshes_only_its_dispatch_totals(client, seeded):
    dispatch = _dispatch(29)
    start_receipt_tracking(dispatch=dispatch)
    deliveries = Delivery.objects.filter(dispatch=dispatch)
    addressed = deliveries.count()
    url = dispatch.get_absolute_url()
    others = [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        _dispatch(1153).get_absolute_url(),
        _dispatch(2152).get_absolute_url(),  # same chain, its own totals
        _vinh().get_absolute_url(),
        dispatch.issuer.get_absolute_url(),
    ]
    _warm(client, [url, reverse("advisories:statistics"), *others])
    assert f"Đã gửi {addressed} đơn vị, 0 đã xác nhận." in _hit(client, url)

    token = issue_token(delivery=deliveries.order_by("pk").first())
    confirm_receipt(token=token, name="Lê Văn B", position="Văn thư")

    assert f"Đã gửi {addressed} đơn vị, 1 đã xác nhận." in _fresh(client, url)
    _fresh(client, reverse("advisories:statistics"))  # the rate of confirmations
    for other in others:
        _hit(client, other)


def test_tracking_receipts_of_a_published_dispatch_shows_its_totals(client, seeded):
    """The admin starts tracking for a dispatch published before tracking existed."""
    dispatch = _dispatch(29)
    url = dispatch.get_absolute_url()
    other = _dispatch(2152).get_absolute_url()
    _warm(client, [url, other])

    start_receipt_tracking(dispatch=dispatch)

    addressed = Delivery.objects.filter(dispatch=dispatch).count()
    assert f"Đã gửi {addressed} đơn vị, 0 đã xác nhận." in _fresh(client, url)
    _hit(client, other)


def test_a_withdrawal_refreshes_its_page_and_the_lists(client, seeded):
    vinh = _vinh()
    chain = [_dispatch(n).get_absolute_url() for n in (1153, 2152, 29)]
    lists = [reverse("advisories:home"), reverse("advisories:dispatch_list")]
    _warm(client, [vinh.get_absolute_url(), *lists, *chain])

    withdraw_dispatch(dispatch=vinh, by=None, reason="Ban hành nhầm", on=timezone.localdate())

    assert "Ban hành nhầm" in _fresh(client, vinh.get_absolute_url())
    for url in lists:
        _fresh(client, url)
    for url in chain:
        _hit(client, url)


def test_a_correction_refreshes_every_page_of_its_chain(client, seeded):
    chain = [_dispatch(n) for n in (1153, 2152, 29)]
    urls = [d.get_absolute_url() for d in chain]
    _warm(client, [*urls, _vinh().get_absolute_url()])

    correct_dispatch(
        dispatch=chain[0], by=None, changes={"signer_name": "Trần Thị Đính"}, reason="Sai tên"
    )

    assert "Trần Thị Đính" in _fresh(client, urls[0])
    for url in urls[1:]:  # their chain panel and warnings list it
        _fresh(client, url)
    _hit(client, _vinh().get_absolute_url())


def test_an_organisation_edit_refreshes_the_pages_that_print_it(client, seeded):
    police = Organisation.objects.get(slug="ubnd-tp-vinh")
    vinh = _vinh()
    chain = [_dispatch(n).get_absolute_url() for n in (1153, 2152, 29)]
    _warm(client, [vinh.get_absolute_url(), police.get_absolute_url(), *chain])

    police.name = "Ủy ban nhân dân thành phố Vinh (mới)"
    save_organisation(organisation=police)

    assert "thành phố Vinh (mới)" in _fresh(client, police.get_absolute_url())
    assert "thành phố Vinh (mới)" in _fresh(client, vinh.get_absolute_url())
    for url in chain:
        _hit(client, url)


def test_everything_renders_afresh_once_the_epoch_moves(client, seeded):
    urls = [reverse("advisories:home"), _vinh().get_absolute_url()]
    _warm(client, urls)
    invalidate_public_pages()
    for url in urls:
        _fresh(client, url)


def test_the_printed_document_and_its_panels_are_rendered_once_per_version(
    client, seeded, settings
):
    """With the page cache off, a dispatch's page is rendered once and then assembled from
    what is kept, without a query. A forward in its chain renders the page again around the
    kept printed document and panels (seven queries fewer than the first time: addressees,
    distribution, directives; references, patterns, files, corrections) and receipt totals;
    a correction renders everything afresh."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    dispatch = _dispatch(2152)
    url = dispatch.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).content.decode() == page
    assert len(second) == 0
    assert "doc-addressees" in page
    assert "Dấu hiệu nhận biết" in page  # the pattern panel

    root = _dispatch(1153)  # it cites no dispatch of the portal: its panels print no other
    root_url = root.get_absolute_url()
    with CaptureQueriesContext(connection) as root_first:
        client.get(root_url)
    forward = DispatchFactory(draft=True, issuer=Organisation.objects.get(slug="ttyt-kien-hai"))
    ReferenceFactory(citing=forward, target=root)
    publish_dispatch(dispatch=forward, track_receipts=False)
    forward_url = Dispatch.objects.select_related("issuer").get(pk=forward.pk).get_absolute_url()
    with CaptureQueriesContext(connection) as after_forward:
        assert forward_url in client.get(root_url).content.decode()  # in its chain panel
    assert len(root_first) - len(after_forward) == 8  # and its receipt totals: one more

    correct_dispatch(
        dispatch=dispatch, by=None, changes={"signer_name": "Trần Thị Đính"}, reason="Sai tên"
    )
    with CaptureQueriesContext(connection) as third:
        assert "Trần Thị Đính" in client.get(url).content.decode()
    assert len(third) == len(first)
    assert "Trần Thị Đính" in client.get("/en" + url).content.decode()  # each language


def test_a_confirmation_renders_again_only_the_receipt_totals(client, seeded, settings):
    """The page around them is kept: one query, the totals; the rest of the page unchanged."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    dispatch = _dispatch(29)
    start_receipt_tracking(dispatch=dispatch)
    deliveries = Delivery.objects.filter(dispatch=dispatch)
    addressed = deliveries.count()
    url = dispatch.get_absolute_url()
    before = client.get(url).content.decode()
    assert f"Đã gửi {addressed} đơn vị, 0 đã xác nhận." in before

    token = issue_token(delivery=deliveries.order_by("pk").first())
    confirm_receipt(token=token, name="Lê Văn B", position="Văn thư")

    with CaptureQueriesContext(connection) as queries:
        after = client.get(url).content.decode()
    assert len(queries) == 1, [query["sql"] for query in queries]
    assert "Delivery".lower() in queries[0]["sql"].lower()
    assert after == before.replace(
        f"Đã gửi {addressed} đơn vị, 0 đã xác nhận.", f"Đã gửi {addressed} đơn vị, 1 đã xác nhận."
    )


def test_an_assembled_page_is_sent_gzipped_as_the_same_text(client, seeded, settings):
    """The page is put together from parts compressed ahead (portal.gzip_parts): what a
    browser receives decompresses to the page a client without gzip gets."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = _dispatch(2152).get_absolute_url()
    plain = client.get(url).content
    for _ in range(2):  # rendered, then assembled from what is kept
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content) < len(plain)
        assert gzip.decompress(response.content) == plain


def test_a_pattern_edit_refreshes_the_pages_that_print_it(client, seeded):
    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    printing = [_dispatch(2152).get_absolute_url(), pattern.get_absolute_url()]
    vinh = _vinh().get_absolute_url()  # warns about another pattern
    _warm(client, [*printing, vinh])

    pattern.red_flags += "\nGửi mã QR lạ qua Zalo."
    save_scam_pattern(pattern=pattern)

    for url in printing:
        assert "Gửi mã QR lạ qua Zalo." in _fresh(client, url), url
    _hit(client, vinh)


def test_pages_showing_nothing_of_the_database_stay_cached_through_writes(client, seeded):
    """Open data, the alert form and the page after subscribing depend on no write."""
    fixed = [
        reverse("advisories:open_data"),
        reverse("advisories:alerts_subscribe"),
        reverse("advisories:alerts_sent"),
    ]
    _warm(client, fixed)

    publish_dispatch(dispatch=DispatchFactory(draft=True))
    save_organisation(organisation=Organisation.objects.get(slug="ubnd-tp-vinh"))

    for url in fixed:
        _hit(client, url)


def test_the_check_page_refreshes_when_a_sign_is_linked_and_not_on_a_confirmation(client, seeded):
    url = reverse("advisories:check") + "?q=0912345678"
    dispatch = _dispatch(29)
    start_receipt_tracking(dispatch=dispatch)
    _warm(client, [url])
    assert "Chưa có trong văn bản cảnh báo nào" in _hit(client, url)

    token = issue_token(delivery=Delivery.objects.filter(dispatch=dispatch).first())
    confirm_receipt(token=token, name="Lê Văn B", position="Văn thư")
    _hit(client, url)  # a confirmation changes nothing "Kiểm tra" prints

    mark_indicators(
        dispatch=dispatch, by=None, add=[IndicatorInput(kind="phone", text="0912345678")]
    )
    assert dispatch.get_absolute_url() in _fresh(client, url)


def test_the_check_page_refreshes_when_a_report_names_a_sign(client, seeded):
    url = reverse("advisories:check") + "?q=0977000111"
    _warm(client, [url])
    assert "Có trong phản ánh của người dân đã được xác minh" not in _hit(client, url)

    report, _ = submit_report(channel="call", province="An Giang", consent_text="Đồng ý.")
    _hit(client, url)  # a report not yet verified is not counted
    triage_report(
        report=report,
        by=None,
        status="forwarded",
        verified=True,
        add_indicators=[IndicatorInput(kind="phone", text="0977 000 111")],
    )
    assert "Có trong phản ánh của người dân đã được xác minh" in _fresh(client, url)


def test_a_list_is_assembled_from_kept_rows_and_a_publish_renders_only_its_own(
    client, seeded, settings
):
    """With the page cache off, the list reads nothing from the database while nothing it
    shows has changed; after a publish it loads and renders the new row alone."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("advisories:dispatch_list")
    assert _queries_of_the_second_view(client, url) == 0

    draft = DispatchFactory(draft=True, year=2026, subject="cảnh báo mạo danh ngân hàng")
    publish_dispatch(dispatch=draft, track_receipts=False)
    with CaptureQueriesContext(connection) as after:
        page = client.get(url).content.decode()
    assert "Cảnh báo mạo danh ngân hàng" in page
    loaded = [
        query["sql"]
        for query in after
        if 'FROM "advisories_dispatch"' in query["sql"]
        and '"advisories_dispatch"."id" IN (' in query["sql"]
    ]
    assert len(loaded) == 1
    assert f'"advisories_dispatch"."id" IN ({draft.pk})' in loaded[0]


def test_the_home_keeps_its_rows_and_its_patterns_until_what_they_print_changes(
    client, seeded, settings
):
    """With the page cache off, the home reads one thing from the database, which six
    dispatches are the newest; its rows, patterns and hotlines are kept. A pattern edit
    renders the patterns again."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("advisories:home")
    assert _queries_of_the_second_view(client, url) == 1

    pattern = ScamPattern.objects.get(slug="gia-danh-nha-truong-so-lien-lac-dien-tu")
    pattern.red_flags += "\nGửi mã QR lạ qua Zalo."
    save_scam_pattern(pattern=pattern)
    assert "Gửi mã QR lạ qua Zalo." in client.get(url).content.decode()
