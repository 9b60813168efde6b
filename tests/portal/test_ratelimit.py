"""portal.ratelimit: fixed windows in the cache, Retry-After, no address in clear in a cache
key, and no refusal when the cache does not answer. No mocks: the real cache of the run
(local memory, or Redis in the PostgreSQL pass), and a Redis port nothing listens on."""

import socket

import pytest
from django.test import RequestFactory

from portal import ratelimit
from portal.cache import reset_breakers


def test_a_window_allows_the_limit_then_says_how_long_to_wait():
    start = 1_000_000 * 60  # the start of a window of 60 s
    answers = [
        ratelimit.hit("t", "me@x.vn", limit=3, window=60, now=start + s) for s in (0, 1, 2, 10)
    ]
    assert answers == [None, None, None, 50]
    assert ratelimit.hit("t", "me@x.vn", limit=3, window=60, now=start + 59) == 1
    # the next window starts afresh, and other values and scopes count apart
    assert ratelimit.hit("t", "me@x.vn", limit=3, window=60, now=start + 60) is None
    assert ratelimit.hit("t", "you@x.vn", limit=3, window=60, now=start + 10) is None
    assert ratelimit.hit("u", "me@x.vn", limit=3, window=60, now=start + 10) is None


def test_the_cache_key_holds_no_address_in_clear():
    key = ratelimit._key("alerts:address", "me@example.vn", 0)
    assert "me@example.vn" not in key and "example" not in key


def test_the_429_page_says_when_to_come_back():
    request = RequestFactory().get("/")
    response = ratelimit.too_many_requests(request, 125)
    assert response.status_code == 429
    assert response["Retry-After"] == "125"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Quá nhiều yêu cầu" in html
    assert "3 phút" in html


def test_the_client_is_the_request_address():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5")
    assert ratelimit.client_key(request) == "203.0.113.5"
    request.META.pop("REMOTE_ADDR")
    assert ratelimit.client_key(request) == "unknown"


@pytest.fixture
def redis_down(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    reset_breakers()
    yield
    reset_breakers()


def test_nothing_is_refused_while_the_cache_does_not_answer(redis_down):
    assert [ratelimit.hit("t", "me", limit=1, window=60) for _ in range(5)] == [None] * 5
