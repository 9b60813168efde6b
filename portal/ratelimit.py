"""Fixed-window rate limits kept in the cache (Redis with REDIS_URL, so every process counts
together; local memory otherwise).

    retry_after = ratelimit.hit("alerts:address", email, limit=3, window=3600)
    if retry_after is not None:
        return ratelimit.too_many_requests(request, retry_after)

A window starts at a multiple of `window` seconds; its counter is a cache entry that expires
with it. The counted value (an address, a client address) is hashed with the site's key before
it becomes part of a cache key: the cache holds no address in clear. When the cache does not
answer (portal.cache's breaker), nothing is counted and nothing refused: a Redis outage must
not lock every citizen out.
"""

import time

from django.core.cache import cache
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from .clientip import client_address


def _key(scope: str, value: str, start: int) -> str:
    digest = salted_hmac("portal.ratelimit", f"{scope}:{value}", algorithm="sha256").hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}:{start}"


def hit(scope: str, value: str, *, limit: int, window: int, now: float | None = None) -> int | None:
    """Count one request of `value` in `scope`. None while within `limit` per `window`
    seconds; past it, the seconds until the window ends (for Retry-After)."""
    now = int(now if now is not None else time.time())
    start = now - now % window
    key = _key(scope, value, start)
    timeout = window + 1
    if cache.add(key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between add and incr: a new window
            cache.set(key, 1, timeout)
            count = 1
    if count is None or count <= limit:  # None: the cache does not answer
        return None
    return max(1, start + window - now)


def client_key(request) -> str:
    """Who a per-client limit counts: the client's address (portal.clientip)."""
    return client_address(request) or "unknown"


def too_many_requests(request, retry_after: int, *, template: str = "429.html"):
    """The Vietnamese (or English) 429 page, with Retry-After."""
    minutes = max(1, -(-retry_after // 60))
    response = render(request, template, {"retry_after_minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
