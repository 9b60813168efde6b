"""Values every public template needs."""

from django.conf import settings
from django.urls import translate_url
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
    current = get_language()
    path = request.get_full_path()
    return [
        (code, name, path if code == current else translate_url(path, code), code == current)
        for code, name in settings.LANGUAGES
    ]
