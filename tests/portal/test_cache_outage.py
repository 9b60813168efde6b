"""Redis unreachable does not take the site down (portal.cache, advisories.caching).

No mocks: the cache points at a loopback port nothing listens on, at a socket that accepts and
never answers, or at a redis-server of this test's own that is stopped and started again."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.urls import reverse

from advisories.models import Dispatch
from advisories.services import issue_token, publish_dispatch, refresh_search_text
from portal.cache import reset_breakers
from tests.conftest import seed_receipts
from tests.factories import DispatchFactory

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server")
REDIS_CLI = shutil.which("redis-cli")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _redis_cache(settings, url, retry_seconds=10):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "portal-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.CACHE_RETRY_SECONDS = retry_seconds


@pytest.fixture(autouse=True)
def _fresh_breakers():
    reset_breakers()
    yield
    reset_breakers()


@pytest.fixture
def redis_refused(settings):
    """The cache is a Redis on a loopback port that nothing listens on (connection refused)."""
    _redis_cache(settings, f"redis://127.0.0.1:{_free_port()}/0")


def _public_urls():
    dispatch = Dispatch.objects.select_related("issuer").get(number=1153)
    return [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        reverse("advisories:dispatch_list") + "?trang=1&utm_source=x",
        dispatch.get_absolute_url(),
        reverse("advisories:pattern_list"),
        reverse("advisories:organisation_list"),
        dispatch.issuer.get_absolute_url(),
        reverse("advisories:if_scammed"),
        reverse("advisories:search") + "?q=lua+dao&nam=2025",
    ]


def test_without_redis_every_page_and_probe_answers(client, seeded, redis_refused, caplog):
    delivery = seed_receipts()
    token = issue_token(delivery=delivery)
    caplog.set_level(logging.WARNING, logger="portal.cache")
    for _ in range(3):
        for url in _public_urls():
            assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:login")).status_code == 200
    assert client.get(reverse("advisories:receipt_confirm", args=[token])).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200

    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "cache": "ConnectionError",
        "worker": "ok",  # reported, never a failure
    }

    # one warning for the whole outage interval, not one per request
    warnings = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(warnings) == 1
    assert "không phản hồi" in warnings[0].getMessage()


def test_a_publish_while_redis_is_down_succeeds_and_shows(client, seeded, redis_refused):
    url = reverse("advisories:dispatch_list")
    assert client.get(url).status_code == 200
    draft = DispatchFactory(draft=True, subject="cảnh báo mới khi Redis ngừng", year=2026)
    refresh_search_text(dispatch=draft)
    publish_dispatch(dispatch=draft)
    draft.refresh_from_db()
    assert draft.get_absolute_url() in client.get(url).content.decode()


def _accepted(listener) -> list:
    """The connections waiting on `listener`, accepted (and kept open by the caller)."""
    listener.setblocking(False)
    accepted = []
    while True:
        try:
            accepted.append(listener.accept()[0])
        except BlockingIOError:
            return accepted


def test_a_redis_that_never_answers_costs_one_timeout_per_interval(client, seeded, settings):
    """A socket that accepts and never replies: the first request waits for the read timeout,
    then the breaker is open and the next requests do not even connect (counted on the socket,
    not timed: the machine may be busy)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        _redis_cache(settings, f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        url = reverse("advisories:dispatch_list")
        assert client.get(url).status_code == 200
        first = _accepted(silent)
        for _ in range(10):
            assert client.get(url).status_code == 200
        later = _accepted(silent)
        for connection in first + later:
            connection.close()
    assert len(first) >= 1  # the cache was tried once, and timed out
    assert later == []  # then skipped until CACHE_RETRY_SECONDS have passed


@pytest.fixture
def own_redis(tmp_path):
    """A redis-server of this test's own, on a free port, keeping its data across a restart
    (`shutdown save`, then started again on the same directory)."""
    if not (REDIS_SERVER and REDIS_CLI):
        pytest.skip("redis-server is not installed")
    port = _free_port()

    def start():
        subprocess.run(
            [
                REDIS_SERVER,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
                "--daemonize",
                "yes",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                return client
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop():
        subprocess.run(
            [REDIS_CLI, "-p", str(port), "shutdown", "save"],
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                time.sleep(0.05)
            except redis.ConnectionError:
                return
        raise RuntimeError("redis-server did not stop")

    class Server:
        pass

    server = Server()
    server.port, server.start, server.stop = port, start, stop
    server.client = start()
    yield server
    subprocess.run(
        [REDIS_CLI, "-p", str(port), "shutdown", "nosave"],
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_redis_back_after_an_outage_with_a_publish_serves_no_stale_page(
    client, seeded, settings, own_redis
):
    _redis_cache(settings, f"redis://127.0.0.1:{own_redis.port}/0", retry_seconds=1)
    url = reverse("advisories:dispatch_list")
    before = client.get(url).content.decode()
    assert own_redis.client.dbsize() > 0  # the version and the page are in Redis

    own_redis.stop()  # an outage: the data is kept (saved) and comes back with the server
    assert client.get(url).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("readyz")).json() == {
        "status": "unavailable",
        "cache": "ConnectionError",
        "worker": "ok",
    }
    draft = DispatchFactory(draft=True, subject="cảnh báo trong lúc Redis ngừng", year=2026)
    refresh_search_text(dispatch=draft)
    publish_dispatch(dispatch=draft)  # its version bump is lost: Redis does not answer
    draft.refresh_from_db()
    new_link = draft.get_absolute_url()
    assert new_link not in before
    assert new_link in client.get(url).content.decode()  # served from the database

    client_back = own_redis.start()
    assert client_back.dbsize() > 0  # the page cached before the outage is still there
    time.sleep(1.1)  # past CACHE_RETRY_SECONDS: the breaker tries Redis again
    assert new_link in client.get(url).content.decode()  # not the page cached before
    assert new_link in client.get(url).content.decode()  # and now from the cache, fresh
    assert client.get(reverse("readyz")).json() == {"status": "ok", "worker": "ok"}
