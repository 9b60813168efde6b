"""Background tasks (Django's tasks framework, run by `manage.py db_worker`).

`notify_units` fans a round out into one `send_receipt_notice` task per unit, so that a failed
mail is retried for that unit alone; the attempts and the last error are kept on the Delivery,
where the issuer sees them.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from ..models import Delivery, NoticeRound
from ..services import receipts as services
from .mail import build_notice

logger = logging.getLogger(__name__)


@task()
def notify_units(*, dispatch_id: int, round_id: int, created_before: str | None = None) -> int:
    """Queue one notice per pending unit of the dispatch that has an e-mail address."""
    notice_round = NoticeRound.objects.get(pk=round_id)
    deliveries = (
        Delivery.objects.pending()
        .filter(dispatch_id=dispatch_id)
        .exclude(organisation__email="")
        .order_by("pk")
    )
    if created_before:
        deliveries = deliveries.filter(created_at__lt=dt.datetime.fromisoformat(created_before))
    reminder = notice_round.kind != NoticeRound.Kind.PUBLISH
    ids = list(deliveries.values_list("pk", flat=True))
    with transaction.atomic():  # one commit for the whole fan-out, not one per task
        for delivery_id in ids:
            send_receipt_notice.enqueue(delivery_id=delivery_id, attempt=1, reminder=reminder)
    return len(ids)


@task()
def send_receipt_notice(*, delivery_id: int, attempt: int = 1, reminder: bool = False) -> str:
    """Mail one unit a new personal link. On failure: record the error, revoke the link that
    never arrived, queue the next attempt later, and fail this task so the worker logs it."""
    delivery = Delivery.objects.select_related("dispatch__issuer", "organisation").get(
        pk=delivery_id
    )
    if delivery.is_confirmed:
        return "already confirmed"
    email = delivery.organisation.email
    if not email:
        return "no e-mail address"
    services.count_notice_attempt(delivery=delivery)
    raw = services.issue_token(delivery=delivery)
    try:
        build_notice(delivery=delivery, raw_token=raw, reminder=reminder).send()
    except Exception as error:
        services.revoke_tokens(delivery=delivery, raw=raw)
        services.record_notice_failed(
            delivery=delivery, email=email, error=f"{type(error).__name__}: {error}"
        )
        if attempt < settings.RECEIPT_NOTICE_ATTEMPTS:
            delay = dt.timedelta(seconds=settings.RECEIPT_RETRY_SECONDS * attempt)
            send_receipt_notice.using(run_after=timezone.now() + delay).enqueue(
                delivery_id=delivery_id, attempt=attempt + 1, reminder=reminder
            )
        else:
            logger.error("Notice to %s given up after %s attempts", email, attempt)
        raise
    services.record_notice_sent(delivery=delivery, email=email)
    return f"sent to {email}"
