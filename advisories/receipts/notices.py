"""Worker-side writes: what the notice task records about the mails it sends.

The task module (`advisories.receipts.tasks`) imports these and nothing of the web side; the
web-side writes (`advisories.services.receipts`: confirm, report, start tracking, resend…)
enqueue the tasks. So the import graph has no cycle: web writes → tasks → these → models.

They live outside the `advisories.services` package on purpose: importing any module of that
package runs its `__init__`, which imports the web-side writes, which import the tasks.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Delivery, ReceiptToken
from ..models.receipts import hash_token


@transaction.atomic
def issue_token(*, delivery: Delivery, days: int | None = None) -> str:
    """A new personal link for the delivery. Returns the raw token, which is never stored."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    ReceiptToken.objects.create(
        delivery=delivery,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + dt.timedelta(days=days or settings.RECEIPT_TOKEN_DAYS),
    )
    return raw


@transaction.atomic
def revoke_tokens(*, delivery: Delivery, raw: str | None = None) -> int:
    """Revoke every usable link of the delivery (or only `raw`). Returns how many."""
    tokens = ReceiptToken.objects.usable().filter(delivery=delivery)
    if raw is not None:
        tokens = tokens.filter(token_hash=hash_token(raw))
    return tokens.update(revoked_at=timezone.now())


@transaction.atomic
def count_notice_attempt(*, delivery: Delivery) -> int:
    """Add one to the delivery's attempt counter in the database; returns the new count."""
    Delivery.objects.filter(pk=delivery.pk).update(notice_attempts=F("notice_attempts") + 1)
    return Delivery.objects.values_list("notice_attempts", flat=True).get(pk=delivery.pk)


@transaction.atomic
def record_notice_sent(*, delivery: Delivery, email: str) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        email=email, notified_at=timezone.now(), last_error="", last_error_at=None
    )


@transaction.atomic
def record_notice_failed(*, delivery: Delivery, email: str, error: str) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        email=email, last_error=error[:2000], last_error_at=timezone.now()
    )
