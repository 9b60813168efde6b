"""Values every public template needs."""

import functools

from django.conf import settings
from django.urls import get_urlconf, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, gettext_lazy


def portal(request):
    return {
        "portal_name": gettext_lazy("Cổng cảnh báo lừa đảo"),
        "site_url": settings.SITE_URL,
        # Worked out once, and only by a template that uses it (the header and <head>).
        "language_versions": SimpleLazyObject(lambda: language_versions(request)),
    }


def language_versions(request):
    """This page in each language: (code, name, URL, is_current), the query string kept."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _language_versions(urlconf, get_language(), request.get_full_path())


@functools.lru_cache(maxsize=4096)
def _language_versions(urlconf, current, path):
    """Remembered per address (translate_url resolves it and reverses it again, on every
    public page); keyed by the URL configuration and the language shown."""
    return tuple(
        (code, name, path if code == current else translate_url(path, code), code == current)
        for code, name in settings.LANGUAGES
    )
