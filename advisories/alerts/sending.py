"""Worker-side writes of the alert tasks: claiming the records of a batch, marking them sent or
releasing them, and issuing the token of a confirmation link.

As in `advisories.receipts.notices`, these live outside the services package: importing it
would import the web-side writes, which import the tasks (a cycle).
"""

import uuid

from django.db import transaction
from django.utils import timezone

from ..models import AlertSubscription, SentAlert
from .tokens import hash_token, new_token


def claim(*, pairs: list[tuple[int, int]]) -> list[SentAlert]:
    """Record (subscription id, event id) pairs as taken by this call and return the records
    it inserted (those already recorded, by an earlier or concurrent run, are not returned:
    they are never sent twice). Subscriptions deleted or unconfirmed meanwhile are skipped.

    Three queries whatever the size: the subscriptions are locked while the records are
    inserted (PostgreSQL: an unsubscribe waits a moment rather than break the insert), one
    INSERT … ON CONFLICT DO NOTHING, and the read-back of this claim's rows."""
    if not pairs:
        return []
    tag, now = uuid.uuid4().hex, timezone.now()
    with transaction.atomic():
        live = set(
            AlertSubscription.objects.confirmed()
            .filter(pk__in={subscription_id for subscription_id, _ in pairs})
            .select_for_update()
            .values_list("pk", flat=True)
        )
        SentAlert.objects.bulk_create(
            [
                SentAlert(subscription_id=s, event_id=e, claim=tag, claimed_at=now)
                for s, e in pairs
                if s in live
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
    return list(
        SentAlert.objects.filter(claim=tag)
        .select_related("subscription__pattern", "subscription__organisation")
        .order_by("subscription_id", "event_id")
    )


def mark_sent(*, ids: list[int]) -> int:
    return SentAlert.objects.filter(pk__in=ids).update(sent_at=timezone.now())


def release(*, ids: list[int]) -> int:
    """Forget the records of mails that failed, so that a retry may send them."""
    deleted, _ = SentAlert.objects.filter(pk__in=ids, sent_at__isnull=True).delete()
    return deleted


def issue_confirm_token(*, subscription_id: int) -> str | None:
    """A new confirmation link for an unconfirmed subscription (the previous one stops
    working); the raw token is returned to be mailed, only its hash is stored. None when the
    subscription is gone or already confirmed."""
    raw = new_token()
    updated = (
        AlertSubscription.objects.unconfirmed()
        .filter(pk=subscription_id)
        .update(confirm_hash=hash_token(raw))
    )
    return raw if updated else None
