"""The public page cache: whole rendered pages, served before sessions are even looked at.

Every cached page is stored with the content version it was rendered under; publishing,
withdrawing or correcting a dispatch bumps the version (services.invalidate_public_pages), so
the next request renders afresh: never a stale page after a publish. A hit reads the version
number from the cache, then the page from this process's copy (or the cache). Pages carry
Cache-Control, ETag and Last-Modified and answer conditional requests with 304. With several
processes, the cache must be shared (REDIS_URL) for the version to be seen by all of them.

When the cache does not answer (Redis down: portal.cache answers every read with a miss), the
content version is unknown: pages are rendered from the database and served uncached, and no
publish fails for it. See `bump_after_outage` for why no stale page is served once Redis is back.

Before any cached answer, the Host header is checked (`request.get_host()`), as Django does
when it renders: a disallowed host gets Django's 400, cached page or not.

The key of a page is its path, its language and only the query parameters its view declares
(`@public_page(params=...)`); any other parameter (utm_*, fbclid, a made-up one) is removed
from request.GET before the view runs, so it neither makes a new cache entry nor shows in the
page. A flood of made-up query strings hits one entry.
"""

import functools
import hashlib
import time
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
_CACHEABLE_STATUS = {200, 301, 302}


def public_page(view=None, *, params=()):
    """Mark a view's responses as the same for every visitor: cacheable here and by proxies.

    `params`: the query parameters the view reads. Only those reach it (request.GET) and make
    the cache key; the others are dropped, so `?utm_source=N` cannot grow the cache."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.is_public_page = True
            return response

        wrapped.public_page_params = frozenset(params)
        return wrapped

    return decorate(view) if view is not None else decorate


def content_version() -> int | None:
    """The current content version (a time in nanoseconds), created on first use; None when
    the cache does not answer (then nothing is served from it nor stored in it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version() -> int:
    """A new content version, later than the current one; every cached page is now stale.

    Never fails: with the cache down the write is lost (portal.cache), and `bump_after_outage`
    makes up for it once the cache answers again."""
    version = max(time.time_ns(), (cache.get(VERSION_KEY) or 0) + 1)
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def bump_after_outage(sender, **kwargs):
    """Receiver of portal.cache.cache_recovered: bump the content version once, as soon as a
    process sees Redis answer again after an outage it saw, before the command that was
    waiting is sent (so that command already reads the new version).

    Why bump rather than remember the lost bumps: a publish while Redis was down could not
    bump the version, and the pages cached before the outage are still in Redis, under the
    current version: served as they are, they would be stale. A process cannot know whether
    a publish happened meanwhile in another process, so every process that saw the outage
    bumps once on recovery: it costs one re-render of each page, once, and needs no record
    kept anywhere. (Every process taking requests during the outage sees it, the publishing
    one included, since its own bump failed; a Redis that restarts empty needs nothing.)
    The limit: a process that took no request during the outage does not know of it; it may
    serve a page cached before the outage until a process that saw it sends its first command
    after Redis is back (at most CACHE_RETRY_SECONDS later, when requests are spread over the
    processes, as gunicorn does)."""
    bump_content_version()


def _public_params(request):
    """The query parameters the view of this request declares with @public_page, or None when
    the view is not a public page (then the cache is not looked at)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return getattr(match.func, "public_page_params", None)


def _keep_declared(request, allowed):
    """Drop from request.GET every parameter the view does not read; True if any was."""
    if not request.GET or all(name in allowed for name in request.GET):
        return False
    kept = QueryDict(mutable=True)
    for name, values in request.GET.lists():
        if name in allowed:
            kept.setlist(name, values)
    kept._mutable = False
    request.GET = kept
    request.META["QUERY_STRING"] = kept.urlencode()
    return True


def _page_key(request):
    path = request.path
    if request.GET:
        path += "?" + request.GET.urlencode()
    digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
    return f"public-page:{get_language()}:{digest}"


def _validators(response, version, etag):
    """ETag, Last-Modified and Cache-Control of a public page rendered under `version`."""
    response["ETag"] = etag
    response["Last-Modified"] = http_date(version // 1_000_000_000)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_PAGE_MAX_AGE,
        stale_while_revalidate=settings.PUBLIC_PAGE_STALE_WHILE_REVALIDATE,
    )


def _conditional(request, response, version, etag):
    """A 304 when the client already holds this version, else `response` unchanged."""
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return response
    return get_conditional_response(
        request, etag=etag, last_modified=version // 1_000_000_000, response=response
    )


class _LocalPages:
    """This process's copy of recently served entries, so a hit on a shared (Redis) cache
    reads only the small version number over the network, not the page.

    Bounded (the oldest entry goes first); an entry is used only under the version it was
    rendered for, which the caller reads from the shared cache on every request."""

    def __init__(self, size):
        self.size = size
        self.entries = {}

    def get(self, key):
        return self.entries.get(key)

    def put(self, key, entry):
        if not self.size:
            return
        while len(self.entries) >= self.size:
            self.entries.pop(next(iter(self.entries), None), None)
        self.entries[key] = entry


class PublicPageCacheMiddleware:
    """Serve public pages from the cache, and store the ones views mark with @public_page.

    An entry holds the page with its final headers (validators and Cache-Control included) and
    the content version it was rendered under. A hit reads the current version from the shared
    cache (a few bytes), then takes the page from this process's copy (_LocalPages) or, failing
    that, from the shared cache; never an entry of an older version.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = _LocalPages(settings.PUBLIC_PAGE_LOCAL_ENTRIES)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        allowed = _public_params(request)
        if allowed is None:
            return self.get_response(request)
        request.get_host()  # DisallowedHost (a 400) before any cached answer
        _keep_declared(request, allowed)
        key = _page_key(request)
        timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
        version = content_version()
        if version is None:  # the cache does not answer: render from the database
            return self.get_response(request)
        if timeout:
            entry = self.local.get(key)
            if entry is None or entry[0] != version:
                entry = cache.get(key)
                if entry is not None and entry[0] == version:
                    self.local.put(key, entry)
            if entry is not None and entry[0] == version:
                _, status, headers, content, etag = entry
                response = HttpResponse(content, status=status, headers=headers)
                return _conditional(request, response, version, etag)
        response = self.get_response(request)
        if not getattr(response, "is_public_page", False):
            return response
        if response.status_code not in _CACHEABLE_STATUS or response.streaming:
            return response
        etag = f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"'
        _validators(response, version, etag)
        if timeout and not response.cookies:
            entry = (version, response.status_code, dict(response.items()), response.content, etag)
            cache.set(key, entry, timeout)
            self.local.put(key, entry)
        return _conditional(request, response, version, etag)


class VersionedCountPaginator(Paginator):
    """A paginator whose total is counted once per content version.

    Counting every public dispatch is the one cost of a list page that grows with the data
    (a scan of 100,000 rows on each page view). The total changes only when a dispatch is
    published or withdrawn, and both bump the content version, so the count kept under that
    version is exact.
    """

    def __init__(self, object_list, per_page, *, count_key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        version = content_version()
        if version is None:
            return self.object_list.count()
        key = f"public-count:{version}:{self.count_key}"
        total = cache.get(key)
        if total is None:
            total = self.object_list.count()
            cache.set(key, total, settings.PUBLIC_PAGE_CACHE_SECONDS or 60)
        return total
