"""Background tasks (Django's tasks framework, run by `manage.py db_worker`).

`notify_units` fans a round out into `send_receipt_notices` tasks of a few dozen units each;
a failed mail is retried for that unit alone; the attempts and the last error are kept on the
Delivery, where the issuer sees them.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from ..models import Delivery, NoticeRound
from . import notices
from .mail import build_notice

logger = logging.getLogger(__name__)


NOTICES_PER_TASK = 50


class NoticesFailed(Exception):
    """Some notices of a task could not be sent (each is retried on its own)."""


@task()
def notify_units(*, dispatch_id: int, round_id: int, created_before: str | None = None) -> int:
    """Queue the notices of a round for every pending unit of the dispatch with an e-mail
    address, NOTICES_PER_TASK units per task (10,000 units: 200 tasks, not 10,000). Nothing
    once the dispatch is withdrawn."""
    notice_round = NoticeRound.objects.get(pk=round_id)
    deliveries = (
        Delivery.objects.open()
        .pending()
        .filter(dispatch_id=dispatch_id)
        .exclude(organisation__email="")
        .order_by("pk")
    )
    if created_before:
        deliveries = deliveries.filter(created_at__lt=dt.datetime.fromisoformat(created_before))
    reminder = notice_round.kind != NoticeRound.Kind.PUBLISH
    ids = list(deliveries.values_list("pk", flat=True))
    with transaction.atomic():  # one commit for the whole fan-out
        for start in range(0, len(ids), NOTICES_PER_TASK):
            send_receipt_notices.enqueue(
                delivery_ids=ids[start : start + NOTICES_PER_TASK], attempt=1, reminder=reminder
            )
    return len(ids)


@task()
def send_receipt_notices(*, delivery_ids: list[int], attempt: int = 1, reminder: bool = False):
    """Mail each unit a new personal link. A unit whose mail fails gets the error recorded, the
    undelivered link revoked and its own retry queued later; the task then fails, so that the
    worker's log and the task list show it. A unit whose dispatch was withdrawn since the task
    was queued gets nothing."""
    deliveries = (
        Delivery.objects.open()
        .select_related("dispatch__issuer", "organisation")
        .filter(pk__in=delivery_ids)
    )
    sent, failed = 0, []
    for delivery in deliveries.order_by("pk"):
        error = _send_one(delivery=delivery, attempt=attempt, reminder=reminder)
        if error is None:
            sent += 1
        else:
            failed.append(f"{delivery.organisation.email}: {error}")
    if failed:
        raise NoticesFailed(f"{len(failed)} thư lỗi (lần {attempt}): " + "; ".join(failed[:5]))
    return {"sent": sent}


def _send_one(*, delivery: Delivery, attempt: int, reminder: bool) -> str | None:
    """Send one notice; returns None when sent (or nothing to send), else the error."""
    email = delivery.organisation.email
    if delivery.is_confirmed or not email:
        return None
    notices.count_notice_attempt(delivery=delivery)
    raw = notices.issue_token(delivery=delivery)
    try:
        build_notice(delivery=delivery, raw_token=raw, reminder=reminder).send()
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        notices.revoke_tokens(delivery=delivery, raw=raw)
        notices.record_notice_failed(delivery=delivery, email=email, error=error)
        if attempt < settings.RECEIPT_NOTICE_ATTEMPTS:
            delay = dt.timedelta(seconds=settings.RECEIPT_RETRY_SECONDS * attempt)
            send_receipt_notices.using(run_after=timezone.now() + delay).enqueue(
                delivery_ids=[delivery.pk], attempt=attempt + 1, reminder=reminder
            )
        else:
            logger.error("Notice to %s given up after %s attempts", email, attempt)
        return error
    notices.record_notice_sent(delivery=delivery, email=email)
    return None
