"""The alert tasks, run as the worker runs them (`Task.call`, in the test's transaction):
whom an event reaches, one mail per subscriber, never twice, retries after a failed mail."""

import pytest
from django_tasks_db.models import DBTaskResult

from advisories.alerts import matching
from advisories.alerts.tasks import (
    ALERTS_PER_TASK,
    AlertsFailed,
    fan_out_alert,
    send_alert_batch,
)
from advisories.models import AlertEvent, AlertSubscription, SentAlert
from advisories.services import publish_dispatch
from advisories.services.alerts import AlertTarget
from tests.advisories.conftest import read_mails
from tests.factories import DispatchFactory, OrganisationFactory, ScamPatternFactory

from .conftest import subscribe

pytestmark = pytest.mark.django_db

DEAD_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}


def _published(**fields):
    """A draft published by the service (with receipts tracking: alerts too), its event."""
    patterns = fields.pop("patterns", [])
    dispatch = DispatchFactory(draft=True, **fields)
    dispatch.scam_patterns.set(patterns)
    publish_dispatch(dispatch=dispatch)
    return dispatch, AlertEvent.objects.get(dispatch=dispatch, kind=AlertEvent.Kind.PUBLISHED)


def _batch_tasks():
    return DBTaskResult.objects.filter(task_path__endswith="send_alert_batch")


def test_a_publication_reaches_the_subscriptions_whose_target_covers_it():
    province = OrganisationFactory(name="UBND tỉnh An Giang", province="An Giang")
    department = OrganisationFactory(name="Sở Y tế", parent=province, province="An Giang")
    station = OrganisationFactory(name="Trạm Y tế", parent=department, province="An Giang")
    sibling = OrganisationFactory(name="Sở Tài chính", parent=province, province="An Giang")
    school, tax = ScamPatternFactory(), ScamPatternFactory()
    immediate = AlertSubscription.Frequency.IMMEDIATE

    def target(**fields):
        kind = next(iter(fields)) if fields else "all"
        return AlertTarget(kind=kind, **fields)

    reached = [
        subscribe("all@x.vn"),
        subscribe("school@x.vn", target=target(pattern=school)),
        subscribe("province-body@x.vn", target=target(organisation=province)),
        subscribe("department@x.vn", target=target(organisation=department)),
        subscribe("an-giang@x.vn", target=target(province="An Giang")),
    ]
    subscribe("tax@x.vn", target=target(pattern=tax))
    subscribe("sibling@x.vn", target=target(organisation=sibling))
    subscribe("nghe-an@x.vn", target=target(province="Nghệ An"))
    subscribe("daily@x.vn", frequency="daily")
    subscribe("unconfirmed@x.vn", confirm=False)

    _, event = _published(issuer=station, patterns=[school])
    assert matching.recipients(event, frequency=immediate) == [s.pk for s in reached]
    daily = matching.recipients(event, frequency="daily")
    assert daily == [AlertSubscription.objects.get(email="daily@x.vn").pk]


def test_one_mail_per_address_even_with_several_subscriptions_covering_the_event(mail_dir):
    pattern = ScamPatternFactory()
    first = subscribe("me@x.vn")
    subscribe("me@x.vn", target=AlertTarget(kind="pattern", pattern=pattern))
    _, event = _published(patterns=[pattern])
    assert matching.recipients(event, frequency="immediate") == [first.pk]


def test_the_fan_out_queues_batches_and_a_batch_sends_one_mail_each_once(mail_dir):
    subscribers = [subscribe(f"n{i}@x.vn") for i in range(3)]
    _, event = _published()
    [fan_out] = DBTaskResult.objects.filter(task_path__endswith="fan_out_alert")
    assert fan_out.args_kwargs["kwargs"] == {"event_id": event.pk}
    assert fan_out_alert.call(event_id=event.pk) == 3
    [batch] = _batch_tasks()
    kwargs = batch.args_kwargs["kwargs"]
    assert kwargs == {"event_id": event.pk, "subscription_ids": [s.pk for s in subscribers]}

    assert send_alert_batch.call(**kwargs) == {"sent": 3}
    assert send_alert_batch.call(**kwargs) == {"sent": 0}  # a retried or duplicated task
    fan_out_alert.call(event_id=event.pk)  # a second fan-out finds everyone served
    assert _batch_tasks().count() == 1
    mails = read_mails(mail_dir)
    assert sorted(m["To"] for m in mails) == [s.email for s in subscribers]
    assert SentAlert.objects.filter(sent_at__isnull=False).count() == 3
    assert ALERTS_PER_TASK >= 100  # 10,000 subscribers: at most 100 tasks


def test_no_fan_out_task_without_an_immediate_subscriber():
    subscribe("daily@x.vn", frequency="daily")
    subscribe("unconfirmed@x.vn", confirm=False)
    _published()
    assert not DBTaskResult.objects.filter(task_path__endswith="fan_out_alert").exists()


def test_documents_published_without_tracking_are_not_alerted():
    subscribe("me@x.vn")
    dispatch = DispatchFactory()  # published as the seed loader does (track_receipts=False)
    assert not AlertEvent.objects.filter(dispatch=dispatch).exists()


def test_a_subscription_deleted_before_its_batch_ran_gets_nothing(mail_dir):
    keep, leave = subscribe("keep@x.vn"), subscribe("leave@x.vn")
    _, event = _published()
    leave.delete()
    send_alert_batch.call(event_id=event.pk, subscription_ids=[keep.pk, leave.pk])
    assert [m["To"] for m in read_mails(mail_dir)] == ["keep@x.vn"]


def test_a_failed_mail_is_released_and_retried_later(mail_dir, settings):
    good_mailers = settings.MAILERS
    settings.MAILERS = DEAD_SMTP  # a real connection to a port nobody listens on
    settings.ALERT_RETRY_SECONDS = 0
    subscriber = subscribe("me@x.vn")
    _, event = _published()
    with pytest.raises(AlertsFailed) as failure:
        send_alert_batch.call(event_id=event.pk, subscription_ids=[subscriber.pk])
    assert "ConnectionRefusedError" in str(failure.value)
    assert "me@x.vn" not in str(failure.value)  # subscription ids only in the task's error
    assert not SentAlert.objects.exists()  # released: the retry may send it
    [retry] = _batch_tasks()
    kwargs = retry.args_kwargs["kwargs"]
    assert kwargs == {"event_id": event.pk, "subscription_ids": [subscriber.pk], "attempt": 2}

    settings.MAILERS = good_mailers  # the mail server is back
    assert send_alert_batch.call(**kwargs) == {"sent": 1}
    assert [m["To"] for m in read_mails(mail_dir)] == ["me@x.vn"]


def test_attempts_stop_at_the_limit(settings):
    settings.MAILERS = DEAD_SMTP
    settings.ALERT_SEND_ATTEMPTS = 2
    subscriber = subscribe("me@x.vn")
    _, event = _published()
    with pytest.raises(AlertsFailed):
        send_alert_batch.call(event_id=event.pk, subscription_ids=[subscriber.pk], attempt=2)
    assert not _batch_tasks().exists()  # given up: no further retry


def test_a_subscriber_who_subscribed_in_english_gets_english_mails(mail_dir):
    from advisories.models import AlertSubscription as Subscription
    from tests.advisories.conftest import mail_text

    vietnamese = subscribe("vi@x.vn")
    english = subscribe("en@x.vn")
    Subscription.objects.filter(pk=english.pk).update(language="en")
    _, event = _published(subject="cảnh giác cuộc gọi giả danh")
    send_alert_batch.call(event_id=event.pk, subscription_ids=[vietnamese.pk, english.pk])
    mails = {m["To"]: m for m in read_mails(mail_dir)}
    assert mails["en@x.vn"]["Subject"] == "Fraud alert: cảnh giác cuộc gọi giả danh"
    assert "Read the full text" in mail_text(mails["en@x.vn"])
    assert "/en/huy/" in mails["en@x.vn"]["List-Unsubscribe"]
    assert mails["vi@x.vn"]["Subject"] == "Cảnh báo lừa đảo: cảnh giác cuộc gọi giả danh"
    assert "/en/" not in mails["vi@x.vn"]["List-Unsubscribe"]


def test_a_confirmation_mail_that_fails_is_tried_again(mail_dir, settings):
    from advisories.alerts.tasks import send_subscription_mail

    good_mailers = settings.MAILERS
    settings.MAILERS = DEAD_SMTP
    subscription = subscribe("me@x.vn", confirm=False)
    [queued] = DBTaskResult.objects.filter(task_path__endswith="send_subscription_mail")
    with pytest.raises(ConnectionRefusedError):
        send_subscription_mail.call(**queued.args_kwargs["kwargs"])
    [retry] = DBTaskResult.objects.exclude(pk=queued.pk)
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    settings.MAILERS = good_mailers
    assert send_subscription_mail.call(**retry.args_kwargs["kwargs"]) == "confirm"
    [mail] = read_mails(mail_dir)
    assert mail["To"] == subscription.email
