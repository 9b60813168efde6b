"""The page cache checks the Host header before any cached answer, and keys a page by the
query parameters its view reads only (advisories.caching)."""

import pytest
from django.core.cache import caches
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_disallowed_host_gets_400_even_for_a_cached_page(client, seeded, settings):
    settings.ALLOWED_HOSTS = ["canhbao.example.vn"]
    url = reverse("advisories:dispatch_list")
    assert client.get(url, HTTP_HOST="canhbao.example.vn").status_code == 200
    assert client.get(url, HTTP_HOST="canhbao.example.vn").status_code == 200  # cached
    assert client.get(url, HTTP_HOST="evil.example").status_code == 400
    assert client.head(url, HTTP_HOST="evil.example").status_code == 400


def _page_keys():
    """The page entries in the cache: local memory (SQLite pass) or Redis (REDIS_URL set)."""
    from portal.cache import RedisCache

    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client().keys("*:public-page:*")
    return [key for key in backend._cache if ":public-page:" in key]


def test_tracking_parameters_share_one_cache_entry(client, seeded):
    url = reverse("advisories:dispatch_list")
    for n in range(50):
        assert client.get(f"{url}?utm_source={n}&fbclid=x{n}&made_up={n}").status_code == 200
    assert client.get(url).status_code == 200
    assert len(_page_keys()) == 1
    # the page kept nothing of the dropped parameters
    assert "utm_source" not in client.get(f"{url}?utm_source=zz").content.decode()


def test_parameters_a_page_reads_still_make_their_own_entry(client, seeded):
    url = reverse("advisories:search")
    first = client.get(f"{url}?q=zalo&utm_source=1").content.decode()
    second = client.get(f"{url}?q=ngan+hang&utm_source=2").content.decode()
    assert first != second
    assert len(_page_keys()) == 2
    assert "utm_source" not in first + second  # facet links carry no tracking parameter
    assert client.get(f"{url}?q=zalo&gclid=3").content.decode() == first
    assert len(_page_keys()) == 2


def test_a_page_without_parameters_ignores_them_all(client, seeded):
    url = reverse("advisories:home")
    for query in ("", "?a=1", "?trang=2", "?utm_campaign=x&utm_medium=y"):
        assert client.get(url + query).status_code == 200
    assert len(_page_keys()) == 1
