"""E-mail alerts, the web side: ask for alerts, confirm, unsubscribe, record what happened to
a dispatch, queue the daily digest, purge lapsed requests. The tasks (enqueued here, in the
same transaction: the database backend commits them with the write or not at all) do the
mailing; what the worker itself records is in `advisories.alerts.sending`.

Nothing here tells a caller whether an address was already subscribed: the page that asks
answers the same either way, and the address's owner learns it by mail.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..alerts import matching
from ..alerts.tasks import ALERTS_PER_TASK, fan_out_alert, send_digest_batch, send_subscription_mail
from ..alerts.tokens import hash_token, new_nonce, unsubscribe_pk, unsubscribe_token_matches
from ..models import AlertEvent, AlertSubscription, Correction, Dispatch, Organisation, ScamPattern


class AlertLinkNotUsable(Exception):
    """A confirmation or unsubscribe link that is unknown (never issued, replaced, or its
    subscription deleted) or expired (a request not confirmed in time); `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AlertTarget:
    """What a subscription is about: everything, a scam pattern, an organisation (with its
    units) or a province."""

    kind: str = AlertSubscription.Target.ALL
    pattern: ScamPattern | None = None
    organisation: Organisation | None = None
    province: str = ""

    def fields(self) -> dict:
        return {
            "target": self.kind,
            "pattern": self.pattern,
            "organisation": self.organisation,
            "province": self.province,
        }


def normalise_email(email: str) -> str:
    """One spelling per address (for the uniqueness, the rate limit and the purge)."""
    return (email or "").strip().lower()


@transaction.atomic
def request_subscription(
    *,
    email: str,
    target: AlertTarget,
    frequency: str,
    consent_version: str,
    consent_text: str,
    language: str = "vi",
    now: dt.datetime | None = None,
) -> None:
    """Ask for alerts: a new address gets a confirmation mail, an unconfirmed one a new
    confirmation mail (with the latest consent and frequency), a confirmed one a mail saying
    it is subscribed already. Returns nothing, on purpose."""
    email = normalise_email(email)
    now = now or timezone.now()
    lookup = {"email": email, **target.fields()}
    pending = {
        "frequency": frequency,
        "language": language,
        "consent_version": consent_version,
        "consent_text": consent_text,
        "requested_at": now,
    }
    subscription = AlertSubscription.objects.select_for_update().filter(**lookup).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = AlertSubscription.objects.create(
                    **lookup, **pending, unsubscribe_nonce=new_nonce()
                )
        except IntegrityError:  # the same request at the same moment: renew that one
            subscription = AlertSubscription.objects.select_for_update().get(**lookup)
    if not subscription.is_confirmed:
        AlertSubscription.objects.filter(pk=subscription.pk).update(**pending)
    send_subscription_mail.enqueue(
        subscription_id=subscription.pk, already=subscription.is_confirmed
    )


def subscription_for_confirm_token(raw: str) -> AlertSubscription:
    """The subscription a confirmation link belongs to, or AlertLinkNotUsable."""
    subscription = (
        AlertSubscription.objects.select_related("pattern", "organisation")
        .filter(confirm_hash=hash_token(raw))
        .first()
    )
    if subscription is None:
        raise AlertLinkNotUsable("unknown")
    if subscription.has_lapsed:
        raise AlertLinkNotUsable("expired")
    return subscription


@transaction.atomic
def confirm_subscription(*, token: str, now: dt.datetime | None = None) -> AlertSubscription:
    """Start the alerts of the subscription the link belongs to (the double opt-in's second
    step). Harmless when already confirmed: the first time is kept."""
    subscription = subscription_for_confirm_token(token)
    AlertSubscription.objects.filter(pk=subscription.pk, confirmed_at__isnull=True).update(
        confirmed_at=now or timezone.now()
    )
    subscription.refresh_from_db()
    return subscription


def subscription_for_unsubscribe_token(token: str) -> AlertSubscription:
    """The subscription an unsubscribe link belongs to, or AlertLinkNotUsable("unknown")."""
    pk = unsubscribe_pk(token)
    subscription = (
        AlertSubscription.objects.select_related("pattern", "organisation").filter(pk=pk).first()
        if pk is not None
        else None
    )
    if subscription is None or not unsubscribe_token_matches(
        token, pk=subscription.pk, nonce=subscription.unsubscribe_nonce
    ):
        raise AlertLinkNotUsable("unknown")
    return subscription


@transaction.atomic
def unsubscribe(*, token: str) -> None:
    """Withdraw consent: the subscription, its address and its records are deleted at once."""
    subscription_for_unsubscribe_token(token).delete()


@transaction.atomic
def unsubscribe_address(*, email: str) -> int:
    """Delete every subscription of an address (a List-Unsubscribe mailto: request, handled by
    an operator). Returns how many."""
    deleted = AlertSubscription.objects.filter(email=normalise_email(email)).delete()[1]
    return deleted.get(AlertSubscription._meta.label, 0)


def record_alert_event(
    *, dispatch: Dispatch, kind: str, correction: Correction | None = None
) -> AlertEvent | None:
    """Called by the publishing services, in their transaction: note the event and queue its
    fan-out. The task is stored in the same transaction, so the worker sees it once the publish
    commits (never before, and never for a rolled-back publish), and it cannot be lost between
    the commit and an on_commit hook. A withdrawal or correction of a dispatch never alerted
    is not an event."""
    if (
        kind != AlertEvent.Kind.PUBLISHED
        and not AlertEvent.objects.filter(
            dispatch=dispatch, kind=AlertEvent.Kind.PUBLISHED
        ).exists()
    ):
        return None
    event = AlertEvent.objects.create(dispatch=dispatch, kind=kind, correction=correction)
    # No task when nobody is to be alerted at once (the daily digest reads the event itself).
    if AlertSubscription.objects.receiving(AlertSubscription.Frequency.IMMEDIATE).exists():
        fan_out_alert.enqueue(event_id=event.pk)
    return event


@transaction.atomic
def queue_alert_digest(*, now: dt.datetime | None = None) -> int:
    """Queue the daily digest (`manage.py send_alert_digest`): the events of the last
    ALERT_DIGEST_LOOKBACK_HOURS, for the daily subscriptions they reach and that were not sent
    them yet, ALERTS_PER_TASK subscriptions per task. Running it twice sends nothing twice.
    Returns how many subscriptions may get a digest."""
    now = now or timezone.now()
    since = now - dt.timedelta(hours=settings.ALERT_DIGEST_LOOKBACK_HOURS)
    events = list(
        AlertEvent.objects.filter(created_at__gte=since, created_at__lte=now)
        .select_related("dispatch__issuer")
        .order_by("created_at", "pk")
    )
    ids = set()
    for event in events:
        ids.update(matching.recipients(event, frequency=AlertSubscription.Frequency.DAILY))
    ids = sorted(ids)
    event_ids = [event.pk for event in events]
    for start in range(0, len(ids), ALERTS_PER_TASK):
        send_digest_batch.enqueue(
            subscription_ids=ids[start : start + ALERTS_PER_TASK], event_ids=event_ids
        )
    return len(ids)


@transaction.atomic
def purge_alert_subscriptions(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete the requests nobody confirmed within ALERT_CONFIRM_DAYS (their addresses go with
    them), and the events older than ALERT_HISTORY_DAYS with their sent records."""
    now = now or timezone.now()
    lapsed = AlertSubscription.objects.lapsed(now=now).delete()[1]
    history = now - dt.timedelta(days=settings.ALERT_HISTORY_DAYS)
    old = AlertEvent.objects.filter(created_at__lt=history).delete()[1]
    return {
        "subscriptions": lapsed.get(AlertSubscription._meta.label, 0),
        "events": old.get(AlertEvent._meta.label, 0),
    }
