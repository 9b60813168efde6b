"""Publishing: the life of a dispatch from draft to public."""

from django.db import transaction
from django.utils import timezone

from ..audit import record
from ..models import AuditEvent, Dispatch
from .pages import invalidate_public_pages
from .receipts import start_receipt_tracking
from .search_index import index_dispatches


@transaction.atomic
def publish_dispatch(*, dispatch: Dispatch, at=None, by=None) -> Dispatch:
    """Make a draft public. Publishing an already public dispatch changes nothing.

    The audit event is written in the same transaction: a publish is never left unrecorded.
    """
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.status != Dispatch.Status.DRAFT:
        return dispatch
    dispatch.status = Dispatch.Status.PUBLISHED
    dispatch.published_at = at or timezone.now()
    dispatch.save(update_fields=["status", "published_at", "updated_at"])
    record(AuditEvent.Kind.PUBLISH, user=by, target=dispatch)
    start_receipt_tracking(dispatch=dispatch)
    invalidate_public_pages()
    return dispatch


def refresh_search_text(*, dispatch: Dispatch) -> None:
    """Recompute the folded search text after the dispatch or its parts were saved."""
    index_dispatches(dispatches=[dispatch])
    invalidate_public_pages()
