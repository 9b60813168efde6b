"""Public pages: what a write must do so that no citizen sees a stale page."""

from django.db import transaction

from ..caching import bump_content_version


def invalidate_public_pages() -> None:
    """Make every cached public page stale, now and again once the transaction commits (a page
    rendered meanwhile from the old data would otherwise be stored under the new version)."""
    bump_content_version()
    transaction.on_commit(bump_content_version)
