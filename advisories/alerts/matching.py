"""Which subscriptions an event reaches (reads for the worker; each a fixed number of queries,
whatever the number of subscribers).

- A publication reaches the confirmed subscriptions whose target covers the dispatch (see
  `AlertSubscriptionQuerySet.reaching`), confirmed before it happened.
- A withdrawal or a correction reaches those already alerted of the dispatch: the ones with a
  record of its publication made before the follow-up happened (a digest that brings the
  publication already shows the dispatch as it now is).
- A publication of a dispatch withdrawn meanwhile reaches nobody (nor, then, its withdrawal).

An address with several subscriptions covering the same event gets one mail: the
subscription with the lowest id carries it, and an address already sent this event through
another subscription (immediate and daily ones) is left out.
"""

from django.db.models import Exists, OuterRef

from ..models import AlertEvent, AlertSubscription, Dispatch, Organisation, SentAlert


def ancestor_ids(organisation: Organisation) -> list[int]:
    """The organisation and those above it (a subscription to one of them covers it)."""
    ids, seen = [], set()
    current = organisation
    while current is not None and current.pk not in seen:  # a cycle would be a data error
        ids.append(current.pk)
        seen.add(current.pk)
        current = current.parent
    return ids


def worth_sending(event: AlertEvent) -> bool:
    """False for the publication of a dispatch that is no longer in force."""
    return event.is_follow_up or event.dispatch.status == Dispatch.Status.PUBLISHED


def recipients(event: AlertEvent, *, frequency: str, among=None) -> list[int]:
    """Ids of the subscriptions (at `frequency`) to mail `event` to, one per address; `among`
    limits them to the given ids (a batch of the digest)."""
    if not worth_sending(event):
        return []
    subscriptions = AlertSubscription.objects.receiving(frequency)
    if event.is_follow_up:
        alerted = SentAlert.objects.filter(
            event__dispatch_id=event.dispatch_id,
            event__kind=AlertEvent.Kind.PUBLISHED,
            claimed_at__lt=event.created_at,
        ).values("subscription_id")
        subscriptions = subscriptions.filter(pk__in=alerted)
    else:
        dispatch = event.dispatch
        subscriptions = subscriptions.filter(confirmed_at__lte=event.created_at).reaching(
            dispatch,
            ancestor_ids=ancestor_ids(dispatch.issuer),
            pattern_ids=list(dispatch.scam_patterns.values_list("pk", flat=True)),
        )
    if among is not None:
        subscriptions = subscriptions.filter(pk__in=list(among))
    already = SentAlert.objects.filter(event=event, subscription__email=OuterRef("email"))
    rows = subscriptions.exclude(Exists(already)).order_by("pk").values_list("pk", "email")
    chosen, seen = [], set()
    for pk, email in rows:
        if email not in seen:
            seen.add(email)
            chosen.append(pk)
    return chosen
