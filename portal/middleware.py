"""Middleware of the portal: headers Django does not set itself, refusal of NUL bytes, and
compression of pages."""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response.

    Placed above WhiteNoise, so static files get them too (WhiteNoise skips what is below it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


class NulByteInRequest(SuspiciousOperation):
    """A NUL byte in the address or a form: no text the portal stores or searches has one."""


class RejectNulBytesMiddleware:
    """Answer 400 to a NUL byte in the path, the query or a form field.

    PostgreSQL cannot hold NUL in text and psycopg raises ValueError on it; refusing it here
    keeps every view (present and future) from turning it into a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            raise NulByteInRequest("NUL byte in the address")
        if request.method == "POST" and _is_form(request) and _has_nul(request.POST):
            raise NulByteInRequest("NUL byte in a form field")
        return self.get_response(request)


def _is_form(request) -> bool:
    content_type = request.content_type or ""
    return content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}


def _has_nul(query_dict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values if isinstance(value, str))
        for key, values in query_dict.lists()
    )


class DatabaseUnavailableMiddleware:
    """A lost database connection answers 503 with a Vietnamese page and Retry-After, not 500.

    While PostgreSQL restarts, requests fail; this tells browsers and probes that it is brief.
    CONN_HEALTH_CHECKS makes the next request open a fresh connection.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.shortcuts import render

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Django logs only "Service Unavailable": the operator needs to know why.
        logger.warning("Database unavailable on %s: %s", request.path, exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "5"
        return response


class LanguageFromPathMiddleware:
    """The page's language from its address: English under /en/, Vietnamese everywhere else.

    Unlike Django's LocaleMiddleware, it never reads Accept-Language or a cookie: Vietnamese is
    the portal's language whatever the browser says, and a URL always gives the same page, so
    cached public pages need no `Vary: Accept-Language`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info)
        language = language or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restored after: threads serve many requests
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


COMPRESSED_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/javascript",
)


class CompressTextMiddleware(GZipMiddleware):
    """gzip for pages and other text (HTML, feeds, JSON); files are sent as they are.

    Django's GZipMiddleware adds `Vary: Accept-Encoding`, makes a strong ETag weak (the page
    cache still answers If-None-Match with 304: weak comparison) and, since Django 4.2, pads
    each compressed response with a random number of bytes, which blurs the length a BREACH
    attacker measures. A PDF attachment is already compressed, and a streamed file would lose
    its Content-Length: both are left alone.

    Placed below WhiteNoise, whose static files are compressed ahead (.gz next to each file)
    and never reach this, and above the page cache, which stores each page with its gzipped
    copy (advisories.caching) and answers a hit already encoded: then this leaves it alone.
    Every other answer is compressed here for the client that asked."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(COMPRESSED_TYPES):
            return response
        if getattr(response, "gzipped", None) is not None:
            return self._compressed_ahead(request, response)
        return super().process_response(request, response)

    def _compressed_ahead(self, request, response):
        """A public page assembled from parts compressed ahead (`response.gzipped()`,
        portal.gzip_parts): sent as they are, without the random padding, which only
        matters for a page holding a secret (a public page is the same for everyone)."""
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        response.content = response.gzipped()
        response.headers["Content-Length"] = str(len(response.content))
        if (etag := response.get("ETag")) and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
