"""A 404 that tells the reader why, in their language (portal.errors.page_not_found shows it)."""

from django.http import Http404


class ExplainedNotFound(Http404):
    """Raise with a translated sentence written for the reader ("Không có trang 9: …"); a plain
    Http404's message is for developers and is not shown."""
