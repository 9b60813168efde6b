"""The public page cache: whole rendered pages, served before sessions are even looked at.

Every cached page is stored with the tags it depends on and their versions when it was
rendered (advisories.cache_tags); a write bumps the tags of what it changed
(services.pages), so the pages that show it render afresh at the next request and the others
stay cached: never a stale page, and a publish does not empty the cache. A view declares its
tags with `@public_page(tags=...)` and, for the objects it shows, `depends_on(response, ...)`;
a view that declares none depends on every write. Every entry also depends on the `epoch` tag,
which `bump_after_outage` bumps.

A hit reads the page from this process's copy (or the cache), then its tags' versions with one
`get_many`. Pages carry Cache-Control, ETag and Last-Modified (the newest of their tags'
versions) and answer conditional requests with 304, and `X-Cache: hit` or `X-Cache: miss`.
With several processes, the cache must be shared (REDIS_URL) for the versions to be seen by
all of them.

When the cache does not answer (Redis down: portal.cache answers every read with a miss), the
versions are unknown: pages are rendered from the database and served uncached, and no
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
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.regex_helper import _lazy_re_compile
from django.utils.text import compress_string
from django.utils.translation import get_language

from portal.middleware import COMPRESSED_TYPES

from . import cache_tags
from .cache_tags import EPOCH, LISTS, WRITE

_CACHEABLE_STATUS = {200, 301, 302}
_GUARDS = (EPOCH, WRITE)
# Django's rule (GZipMiddleware) for a client that accepts gzip.
_ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
_MIN_COMPRESSED_LENGTH = 200  # as GZipMiddleware: shorter pages are sent as they are


def public_page(view=None, *, params=(), tags=None):
    """Mark a view's responses as the same for every visitor: cacheable here and by proxies.

    `params`: the query parameters the view reads. Only those reach it (request.GET) and make
    the cache key; the others are dropped, so `?utm_source=N` cannot grow the cache.
    `tags`: what every response of the view depends on (advisories.cache_tags); the view adds
    those of the objects it shows with `depends_on`. With neither, the page depends on every
    write (the `write` tag); `tags=()` says it shows nothing the database holds (a form, a
    redirect to a fixed address): only the `epoch` moves it."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.is_public_page = True
            declared = set(tags or ()) | getattr(response, "cache_tags", set())
            response.cache_tags = declared or ({WRITE} if tags is None else set())
            return response

        wrapped.public_page_params = frozenset(params)
        return wrapped

    return decorate(view) if view is not None else decorate


def depends_on(response, *tags):
    """Add `tags` (advisories.cache_tags) to what the cached `response` depends on."""
    response.cache_tags = getattr(response, "cache_tags", set()) | set(tags)
    return response


def bump_after_outage(sender, **kwargs):
    """Receiver of portal.cache.cache_recovered: bump the `epoch` tag, which every entry
    depends on, once, as soon as a process sees Redis answer again after an outage it saw,
    before the command that was waiting is sent (so that command already reads the new
    version).

    Why bump rather than remember the lost bumps: a publish while Redis was down could not
    bump its tags, and the pages cached before the outage are still in Redis, under the
    current versions: served as they are, they would be stale. A process cannot know whether
    a publish happened meanwhile in another process, so every process that saw the outage
    bumps once on recovery: it costs one re-render of each page, once, and needs no record
    kept anywhere. (Every process taking requests during the outage sees it, the publishing
    one included, since its own bump failed; a Redis that restarts empty needs nothing.)
    The limit: a process that took no request during the outage does not know of it; it may
    serve a page cached before the outage until a process that saw it sends its first command
    after Redis is back (at most CACHE_RETRY_SECONDS later, when requests are spread over the
    processes, as gunicorn does)."""
    cache_tags.bump([EPOCH])


def _public_params(request):
    """The query parameters the view of this request declares with @public_page, or None when
    the view is not a public page (then the cache is not looked at)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _declared_params(urlconf, get_language(), request.path_info)


@functools.lru_cache(maxsize=4096)
def _declared_params(urlconf, language, path_info):
    """Remembered per address: resolving walks the URL patterns one by one, a tenth of the
    time of a page served from the cache. Keyed by the URL configuration and the language
    too (the language prefix is part of the match); made-up addresses only evict."""
    try:
        match = resolve(path_info, urlconf)
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


def _validators(response, modified, etag):
    """ETag, Last-Modified (`modified`: seconds) and Cache-Control of a public page."""
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PUBLIC_PAGE_MAX_AGE,
        stale_while_revalidate=settings.PUBLIC_PAGE_STALE_WHILE_REVALIDATE,
    )


def _conditional(request, response, modified, etag):
    """A 304 when the client already holds this page, else `response` unchanged."""
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return response
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


def _fresh(entry):
    """Whether every tag of a stored entry still has the version it was rendered under."""
    if not isinstance(entry, tuple) or len(entry) != 7:  # none, or of an older release
        return False
    return cache_tags.versions(entry[0]) == entry[0]


def _compressed(response) -> bytes | None:
    """The page gzipped once, when it is stored, for every client that accepts gzip; None
    when CompressTextMiddleware would send it as it is.

    Unlike GZipMiddleware, no random padding per response: that blurs the length of pages
    holding a secret (a CSRF token) next to what the visitor typed (BREACH); a cached public
    page is the same for everyone and holds neither. Every client then gets the same bytes,
    which proxies and CDNs can keep."""
    content_type = response.get("Content-Type", "")
    if len(response.content) < _MIN_COMPRESSED_LENGTH:
        return None
    if not content_type.startswith(COMPRESSED_TYPES):
        return None
    if (gzipped := getattr(response, "gzipped", None)) is not None:
        return gzipped()  # assembled from parts compressed ahead (portal.gzip_parts)
    compressed = compress_string(response.content)
    return compressed if len(compressed) < len(response.content) else None


def _hit(request, entry):
    _, status, headers, content, etag, modified, compressed = entry
    gzipped = compressed is not None and _ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    )
    if gzipped:
        # As GZipMiddleware answers: a weak ETag (the bytes differ from the stored page's), so
        # If-None-Match still compares equal; the middleware leaves an encoded answer alone.
        response = HttpResponse(compressed, status=status, headers=headers)
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(compressed))
        etag = f"W/{etag}"
        response["ETag"] = etag
    else:
        response = HttpResponse(content, status=status, headers=headers)
    if compressed is not None:
        patch_vary_headers(response, ("Accept-Encoding",))
    response = _conditional(request, response, modified, etag)
    response["X-Cache"] = "hit"  # a 304 too
    return response


def _versions_after(response, tags):
    """The versions of `tags` after the page was rendered: read now, unless the view read
    them all already, after the `before` versions were, and checked the page it assembled
    against them (`response.tag_versions`, advisories.fragments.kept_page)."""
    known = getattr(response, "tag_versions", None)
    if known is not None and tags <= known.keys():
        return known
    return cache_tags.versions(tags)


class LocalEntries:
    """This process's copy of recently served entries, so a hit on a shared (Redis) cache
    reads only the small tag versions over the network, not the page.

    Bounded (the oldest entry goes first); an entry is used only while its tags keep the
    versions it was rendered under, which the caller reads from the shared cache on every
    request."""

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
    the versions of the tags it depends on ({tag: version}, `epoch` always among them). A hit
    takes the entry from this process's copy (LocalEntries) or, failing that, from the shared
    cache, and reads the current versions of its tags (one get_many); never an entry whose
    tags have moved on.

    A miss reads the versions of `epoch` and `write` before rendering and the page's tags
    after (the tags are known once the view has run). If `epoch` or `write` moved meanwhile,
    a write happened during the render, which may have read the data before it: the page is
    served but not stored. (The services bump in the transaction and again once it commits,
    so a render that starts between the two is dropped by the second bump.)
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocalEntries(settings.PUBLIC_PAGE_LOCAL_ENTRIES)

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
        if timeout:
            entry = self.local.get(key)
            if _fresh(entry):
                return _hit(request, entry)
            entry = cache.get(key)
            if _fresh(entry):
                self.local.put(key, entry)
                return _hit(request, entry)
        before = cache_tags.versions(_GUARDS)
        response = self.get_response(request)
        if not getattr(response, "is_public_page", False):
            return response
        response["X-Cache"] = "miss"
        if before is None:  # the cache does not answer: rendered from the database, uncached
            return response
        if response.status_code not in _CACHEABLE_STATUS or response.streaming:
            return response
        tags = {*response.cache_tags, EPOCH}
        after = _versions_after(response, tags | set(_GUARDS))
        if after is None:
            return response
        versions = {tag: after[tag] for tag in tags}
        modified = max(versions.values()) // 1_000_000_000
        etag = f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"'
        del response["X-Cache"]  # not stored: a hit says "hit"
        _validators(response, modified, etag)
        stable = all(after[tag] == before[tag] for tag in _GUARDS)
        if timeout and stable and not response.cookies:
            headers = dict(response.items())
            compressed = _compressed(response)
            entry = (
                versions,
                response.status_code,
                headers,
                response.content,
                etag,
                modified,
                compressed,
            )
            cache.set(key, entry, timeout)
            self.local.put(key, entry)
        response = _conditional(request, response, modified, etag)
        response["X-Cache"] = "miss"
        return response


class VersionedCountPaginator(Paginator):
    """A paginator whose total is counted, and the rows of a page found (`rows_of`), once per
    version of the `lists` tag.

    Counting every public dispatch is the one cost of a list page that grows with the data
    (a scan of 100,000 rows on each page view). The total changes only when a dispatch is
    published (withdrawn ones stay public), which bumps `lists` (services.pages), so the count
    kept under that version (and the `epoch`'s) is exact.
    """

    def __init__(self, object_list, per_page, *, count_key, number=None, **kwargs):
        """`number`: the page that will be asked for, if known, so that its rows are read
        from the cache together with the total."""
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.number = int(number) if str(number).isdigit() else None  # "abc" is a 404 later

    @cached_property
    def count(self):
        return self._kept("count", self.object_list.count)

    def rows_of(self, page) -> list[tuple[int, object]]:
        """(pk, updated_at) of the rows of `page`, in order, read once per version of the
        lists as the total is (what a list shows changes only with what bumps them)."""
        rows = page.object_list.prefetch_related(None).values_list("pk", "updated_at")
        return self._kept(f"rows:{page.number}", lambda: list(rows))

    def _key(self, name):
        return f"public-{name}:{self.count_key}"

    @cached_property
    def _stored(self):
        """The versions of the lists and what is kept for this list under them (its total
        and the rows of the page asked for), in one round trip: each entry holds the
        versions it was computed under and is used only while they hold."""
        names = ["count"] + ([f"rows:{self.number}"] if self.number is not None else [])
        keys = {self._key(name): name for name in names}
        versions, found = cache_tags.versions_and((EPOCH, LISTS), keys=list(keys))
        kept = {
            keys[key]: entry["value"]
            for key, entry in found.items()
            if isinstance(entry, dict) and entry.get("versions") == versions
        }
        return versions, kept

    def _kept(self, name, compute):
        versions, kept = self._stored
        if versions is None:
            return compute()
        if name in kept:
            return kept[name]
        value = compute()
        entry = {"versions": versions, "value": value}
        cache.set(self._key(name), entry, settings.PUBLIC_PAGE_CACHE_SECONDS or 60)
        return value
