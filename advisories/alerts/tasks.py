"""Background tasks of the alerts (Django's tasks framework, run by `manage.py db_worker`).

- `send_subscription_mail`: the confirmation link of a request (the token is made here, in
  the worker, so that it is never stored in clear, not even in the task's arguments), or the
  "already subscribed" mail.
- `fan_out_alert`: an event (publication, withdrawal, correction) to the immediate
  subscriptions it reaches, ALERTS_PER_TASK per `send_alert_batch` task.
- `send_digest_batch`: the daily digest of ALERTS_PER_TASK daily subscriptions (queued by
  `manage.py send_alert_digest`).

A batch claims its records first (`sending.claim`: unique per subscription and event), so a
retried or duplicated task never mails anyone twice; it then sends one mail per subscriber
over one connection to the mail server (one SMTP session per batch, not per mail). A failed
mail's record is released and that subscriber retried later on its own
(ALERT_SEND_ATTEMPTS); the task then fails, so the worker's log and the task list show it.
"""

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import Prefetch
from django.tasks import task
from django.utils import timezone

from ..models import AlertEvent, AlertSubscription, WarningMessage
from . import matching, sending
from .mail import AlertRenderer, build_already_subscribed, build_confirmation, items_for

logger = logging.getLogger(__name__)

ALERTS_PER_TASK = 500


class AlertsFailed(Exception):
    """Some alerts of a batch could not be sent (each is retried on its own)."""


@task()
def send_subscription_mail(*, subscription_id: int, already: bool = False, attempt: int = 1):
    """The confirmation mail of a new or renewed request; or (`already`: the address was
    confirmed when it asked again) the mail saying so, with the unsubscribe link. A failed
    mail is tried again later (ALERT_SEND_ATTEMPTS), with a new link."""
    subscription = (
        AlertSubscription.objects.select_related("pattern", "organisation")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:  # unsubscribed or purged since
        return "gone"
    if already:
        message = build_already_subscribed(subscription=subscription)
    else:
        raw = sending.issue_confirm_token(subscription_id=subscription.pk)
        if raw is None:  # confirmed meanwhile (from an earlier mail's link)
            return "confirmed"
        message = build_confirmation(subscription=subscription, raw_token=raw)
    try:
        mailers.default.send_messages([message])
    except Exception:
        if attempt < settings.ALERT_SEND_ATTEMPTS:
            send_subscription_mail.using(run_after=_retry_at(attempt)).enqueue(
                subscription_id=subscription_id, already=already, attempt=attempt + 1
            )
        raise
    return "already" if already else "confirm"


def _events(ids) -> list[AlertEvent]:
    """The events with every part their mails print: a fixed number of queries."""
    return list(
        AlertEvent.objects.filter(pk__in=ids)
        .select_related("dispatch__issuer", "correction")
        .prefetch_related(
            "dispatch__scam_patterns",
            Prefetch("dispatch__warnings", WarningMessage.objects.order_by("position")),
        )
        .order_by("created_at", "pk")
    )


@task()
def fan_out_alert(*, event_id: int) -> int:
    """Queue the alert of an event for every immediate subscription it reaches (10,000
    subscribers: 20 tasks, queued in one commit). Returns how many."""
    event = AlertEvent.objects.select_related("dispatch__issuer").filter(pk=event_id).first()
    if event is None:
        return 0
    ids = matching.recipients(event, frequency=AlertSubscription.Frequency.IMMEDIATE)
    with transaction.atomic():
        for start in range(0, len(ids), ALERTS_PER_TASK):
            send_alert_batch.enqueue(
                event_id=event_id, subscription_ids=ids[start : start + ALERTS_PER_TASK]
            )
    return len(ids)


@task()
def send_alert_batch(*, event_id: int, subscription_ids: list[int], attempt: int = 1) -> dict:
    """Mail one event to the given subscriptions (those not mailed it yet)."""
    events = _events([event_id])
    if not events or not matching.worth_sending(events[0]):
        return {"sent": 0}
    claimed = sending.claim(pairs=[(pk, event_id) for pk in subscription_ids])

    def retry(failed_ids):
        send_alert_batch.using(run_after=_retry_at(attempt)).enqueue(
            event_id=event_id, subscription_ids=failed_ids, attempt=attempt + 1
        )

    return _deliver(claimed, events, digest=False, attempt=attempt, retry=retry)


@task()
def send_digest_batch(
    *, subscription_ids: list[int], event_ids: list[int], attempt: int = 1
) -> dict:
    """The daily digest of the given subscriptions: each gets one mail listing the events
    (of `event_ids`) that reach it and were not mailed to it yet; none if there are none."""
    events = _events(event_ids)
    pairs = [
        (pk, event.pk)
        for event in events
        for pk in matching.recipients(
            event, frequency=AlertSubscription.Frequency.DAILY, among=subscription_ids
        )
    ]
    claimed = sending.claim(pairs=pairs)

    def retry(failed_ids):
        send_digest_batch.using(run_after=_retry_at(attempt)).enqueue(
            subscription_ids=failed_ids, event_ids=event_ids, attempt=attempt + 1
        )

    return _deliver(claimed, events, digest=True, attempt=attempt, retry=retry)


def _retry_at(attempt: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=settings.ALERT_RETRY_SECONDS * attempt)


# After this many failures in a row the mail server is taken to be down: the rest of the batch
# is released for the retry at once, rather than each mail waiting for its own timeout.
CONSECUTIVE_FAILURES_TO_STOP = 3


def _deliver(claimed, events, *, digest, attempt, retry) -> dict:
    """One mail per subscription among the claimed records, over one mail connection."""
    items = {item.event.pk: item for item in items_for(events)}
    by_subscription = defaultdict(list)
    for record in claimed:
        by_subscription[record.subscription_id].append(record)
    sent_ids, failed = [], {}
    if by_subscription:
        connection = mailers.default  # one connection (one SMTP session) for the batch
        try:
            connection.open()
        except Exception as exc:  # the mail server does not answer: retry the whole batch
            error = f"{type(exc).__name__}: {exc}"
            failed = {pk: (records, error) for pk, records in by_subscription.items()}
        else:
            try:
                sent_ids, failed = _send_each(connection, by_subscription, items, digest=digest)
            finally:
                connection.close()
    sending.mark_sent(ids=sent_ids)
    if failed:
        sending.release(ids=[r.pk for records, _ in failed.values() for r in records])
        if attempt < settings.ALERT_SEND_ATTEMPTS:
            retry(list(failed))
        else:
            logger.error("Alerts to %s subscriptions given up (attempt %s)", len(failed), attempt)
        # Subscription ids only: no address in the task's error.
        errors = "; ".join(f"#{pk}: {error}" for pk, (_, error) in list(failed.items())[:5])
        raise AlertsFailed(f"{len(failed)} thư lỗi (lần {attempt}): {errors}")
    return {"sent": len(by_subscription)}


def _send_each(connection, by_subscription, items, *, digest):
    """Send each subscription its mail; returns (ids of the records sent, {subscription id:
    (records, error)} of the mails that failed)."""
    sent_ids, failed, in_a_row = [], {}, 0
    renderer = AlertRenderer(digest=digest)
    for pk, records in by_subscription.items():
        if in_a_row >= CONSECUTIVE_FAILURES_TO_STOP:
            failed[pk] = (records, "not tried: the mail server failed")
            continue
        message = renderer.build(
            subscription=records[0].subscription,
            items=[items[record.event_id] for record in records],
        )
        try:
            connection.send_messages([message])
        except Exception as exc:  # any failure of one mail: retry it alone
            failed[pk] = (records, f"{type(exc).__name__}: {exc}")
            in_a_row += 1
            _reopen(connection)
        else:
            sent_ids += [record.pk for record in records]
            in_a_row = 0
    return sent_ids, failed


def _reopen(connection) -> None:
    """After a failed mail, start a new session (the server may have dropped the old one)."""
    try:
        connection.close()
        connection.open()
    except Exception:  # noqa: S110 - the next mail will fail and say why
        pass
