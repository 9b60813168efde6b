"""The address of the client a request came from: the one function the audit trail, the login
lockout (django-axes, AXES_CLIENT_IP_CALLABLE) and the rate limits ask, so that behind a reverse
proxy they all agree.

Directly served (TRUSTED_PROXY_COUNT = 0) it is the socket's peer, REMOTE_ADDR. Behind N trusted
reverse proxies it is the address N hops from the right of X-Forwarded-For: each proxy appends
the address it was reached from, so the rightmost entries are written by the proxies we run and
everything to their left came from the client and may be forged. Taking the leftmost entry (or
REMOTE_ADDR, which is then the proxy itself) let anyone lock any staff account: every client
looked like the same address.

The header is parsed by django-ipware (python-ipware): ports, brackets, IPv4-mapped IPv6 and
RFC 7239 tokens. ipware counts the proxies listed *inside* the header, which is one fewer than
the proxies in front of us (the last one is REMOTE_ADDR, not in the header), hence `count - 1`.
"""

from django.conf import settings
from ipware.ip import get_client_ip


def client_address(request) -> str | None:
    """The client's IP address, or None when the request carries none."""
    if request is None:
        return None
    remote_addr = request.META.get("REMOTE_ADDR", "") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",  # the header as written: client first, proxies last
        proxy_count=count - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        # Not strict: a forged token on the left (text, an extra address) must not void the
        # whole header, or every such client would fall back to the proxy's address.
        strict=False,
    )
    # No header or too short a chain: the request did not come through the proxies (a health
    # probe on the loopback); its peer is then the only address there is.
    return address or remote_addr
