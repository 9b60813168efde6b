"""The public page cache: validators, 304s, never stale after a publish, no session or cookie."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisories.caching import LocalEntries
from advisories.models import Dispatch
from advisories.services import publish_dispatch, refresh_search_text
from tests.factories import DispatchFactory

pytestmark = pytest.mark.django_db


def _public_urls():
    dispatch = Dispatch.objects.select_related("issuer").get(number=1153)
    return [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        dispatch.get_absolute_url(),
        reverse("advisories:pattern_list"),
        reverse("advisories:organisation_list"),
        dispatch.issuer.get_absolute_url(),
        reverse("advisories:if_scammed"),
        reverse("advisories:search") + "?q=lua+dao&nam=2025",
    ]


def test_public_pages_carry_cache_headers_and_no_cookie(client, seeded):
    for url in _public_urls():
        for _ in range(2):  # rendered, then from the cache
            response = client.get(url)
            assert response.status_code == 200, url
            assert response["Cache-Control"] == (
                "public, max-age=60, stale-while-revalidate=300"
            ), url
            assert response["ETag"].startswith('"'), url
            assert response.has_header("Last-Modified"), url
            assert "Set-Cookie" not in response, url
            assert not response.cookies, url
            assert "cookie" not in response.get("Vary", "").lower(), url


def test_a_signed_in_editor_gets_the_same_public_page_and_no_cookie(admin_client_logged_in, seeded):
    response = admin_client_logged_in.get(reverse("advisories:home"))
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_staff_pages_are_not_public(admin_client_logged_in):
    response = admin_client_logged_in.get("/quan-tri/")
    assert "public" not in response.get("Cache-Control", "")


def test_second_request_is_served_from_the_cache_without_queries(
    client, seeded, django_assert_num_queries
):
    url = reverse("advisories:dispatch_list")
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_conditional_requests_get_304(client, seeded, django_assert_num_queries):
    url = reverse("advisories:home")
    first = client.get(url)
    with django_assert_num_queries(0):
        by_etag = client.get(url, headers={"if-none-match": first["ETag"]})
        by_date = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert by_etag.status_code == 304
    assert by_date.status_code == 304
    assert by_etag.content == b""
    assert (first["X-Cache"], by_etag["X-Cache"], by_date["X-Cache"]) == ("miss", "hit", "hit")
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200


def test_never_stale_after_a_publish(client, seeded):
    draft = DispatchFactory(draft=True, subject="cảnh báo mới về Zalo giả mạo", year=2026)
    refresh_search_text(dispatch=draft)
    pages = [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        reverse("advisories:search") + "?q=zalo",
    ]
    before = {url: client.get(url) for url in pages}
    link = draft.get_absolute_url()
    for response in before.values():
        assert link not in response.content.decode()
    publish_dispatch(dispatch=draft)
    for url in pages:
        response = client.get(url, headers={"if-none-match": before[url]["ETag"]})
        assert response.status_code == 200, url
        assert link in response.content.decode(), url


def test_a_correction_is_seen_at_once(client, seeded):
    dispatch = Dispatch.objects.select_related("issuer").get(number=1153)
    url = dispatch.get_absolute_url()
    assert "Đã sửa trích yếu" not in client.get(url).content.decode()
    Dispatch.objects.filter(pk=dispatch.pk).update(subject="Đã sửa trích yếu")
    refresh_search_text(dispatch=Dispatch.objects.get(pk=dispatch.pk))
    assert "Đã sửa trích yếu" in client.get(url).content.decode()


def test_page_cache_can_be_turned_off(client, seeded, settings, django_assert_max_num_queries):
    """Every request then goes to the view (which assembles the list from its kept rows,
    fragments.rows: no query), and proxies may still keep the page."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("advisories:dispatch_list")
    assert client.get(url)["X-Cache"] == "miss"
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert response["Cache-Control"].startswith("public")


def test_the_list_total_is_counted_once_per_version_of_the_lists(client, seeded, settings):
    """Rendering the list again (page cache off) counts nothing; a publish counts anew."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = reverse("advisories:dispatch_list")
    public = Dispatch.objects.public().chain_heads().count()  # a chain is listed once
    with CaptureQueriesContext(connection) as first:
        assert f"{public} văn bản" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second:
        assert f"{public} văn bản" in client.get(url).content.decode()
    counts = [q for q in first.captured_queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1
    assert not any("COUNT(" in q["sql"].upper() for q in second.captured_queries)

    draft = DispatchFactory(draft=True, year=2026)
    publish_dispatch(dispatch=draft)
    assert f"{public + 1} văn bản" in client.get(url).content.decode()


def test_each_process_copy_of_a_page_is_dropped_after_a_publish(seeded):
    """Two clients have two middleware chains, like two gunicorn processes sharing a cache:
    each keeps its own copy of the page, and neither serves it once a publish bumps the
    shared versions of its tags."""
    url = reverse("advisories:dispatch_list")
    first, second = Client(), Client()
    for process in (first, second):
        process.get(url)
        process.get(url)  # now from this process's copy
    draft = DispatchFactory(draft=True, subject="văn bản mới về lừa đảo qua Zalo", year=2026)
    publish_dispatch(dispatch=draft)
    for process in (first, second):
        assert draft.get_absolute_url() in process.get(url).content.decode()


def test_the_copy_kept_in_each_process_is_bounded():
    local = LocalEntries(size=2)
    for key in ("a", "b", "c"):
        local.put(key, (1, key))
    assert local.get("a") is None
    assert local.get("b") == (1, "b")
    assert local.get("c") == (1, "c")
    assert len(local.entries) == 2
