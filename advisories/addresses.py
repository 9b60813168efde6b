"""Absolute addresses of public pages, as citizens and crawlers must see them.

Built from settings.SITE_URL, never from the request's Host header: a feed or a sitemap is
cached and served to everyone, so an address taken from one request's Host (a proxy's internal
name, a forged header) would be handed to every later reader.
"""

from django.conf import settings


def absolute_url(path: str) -> str:
    """'/van-ban/' → 'https://canhbao.example.gov.vn/van-ban/' (SITE_URL without its last /)."""
    return settings.SITE_URL.rstrip("/") + path
