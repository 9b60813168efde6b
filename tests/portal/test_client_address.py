"""portal.clientip.client_address: REMOTE_ADDR when served directly; behind N trusted proxies,
the address N hops from the right of X-Forwarded-For, whatever the client prepended."""

import pytest
from django.test import RequestFactory

from portal.clientip import client_address

PROXY = "127.0.0.1"


def _request(forwarded_for=None, remote_addr=PROXY):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_served_directly_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("203.0.113.9", remote_addr="198.51.100.4")) == "198.51.100.4"


@pytest.mark.parametrize(
    ("forwarded_for", "expected"),
    [
        ("198.51.100.4", "198.51.100.4"),
        # The client wrote the left part; nginx appended the address it saw.
        ("203.0.113.9, 198.51.100.4", "198.51.100.4"),
        ("chu-khong-phai-dia-chi, 10.0.0.1,198.51.100.4", "198.51.100.4"),
        ("2001:db8::7, 2001:db8::1", "2001:db8::1"),
        ("10.20.30.40", "10.20.30.40"),  # a staff member on the province's intranet
    ],
    ids=["alone", "forged-prefix", "junk-prefix", "ipv6", "private"],
)
def test_behind_one_proxy_the_rightmost_entry_is_the_client(settings, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request(forwarded_for)) == expected


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # client -> load balancer (appends the client) -> nginx (appends the balancer) -> portal
    chain = "203.0.113.9, 198.51.100.4, 192.0.2.10"
    assert client_address(_request(chain)) == "198.51.100.4"


def test_without_the_header_the_peer_is_the_only_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request()) == PROXY
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request("198.51.100.4")) == PROXY  # a chain too short to trust


def test_no_request_no_address():
    assert client_address(None) is None
