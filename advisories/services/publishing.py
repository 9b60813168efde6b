"""Publishing: the life of a dispatch from draft to public."""

from django.db import transaction
from django.utils import timezone

from ..models import Dispatch
from .pages import invalidate_public_pages
from .search_index import index_dispatches


@transaction.atomic
def publish_dispatch(*, dispatch: Dispatch, at=None) -> Dispatch:
    """Make a draft public. Publishing an already public dispatch changes nothing."""
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.status != Dispatch.Status.DRAFT:
        return dispatch
    dispatch.status = Dispatch.Status.PUBLISHED
    dispatch.published_at = at or timezone.now()
    dispatch.save(update_fields=["status", "published_at", "updated_at"])
    invalidate_public_pages()
    return dispatch


def refresh_search_text(*, dispatch: Dispatch) -> None:
    """Recompute the folded search text after the dispatch or its parts were saved."""
    index_dispatches(dispatches=[dispatch])
    invalidate_public_pages()
