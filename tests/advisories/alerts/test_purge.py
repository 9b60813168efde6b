"""Personal data: requests nobody confirmed within ALERT_CONFIRM_DAYS are deleted by
`manage.py purge_alert_subscriptions`, and old alert records with their events."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from advisories.models import AlertEvent, AlertSubscription, SentAlert
from tests.factories import SentAlertFactory

from .conftest import subscribe

pytestmark = pytest.mark.django_db


def _age(subscription, **delta):
    AlertSubscription.objects.filter(pk=subscription.pk).update(
        requested_at=timezone.now() - dt.timedelta(**delta)
    )


def _purge():
    out = io.StringIO()
    call_command("purge_alert_subscriptions", stdout=out)
    return out.getvalue()


def test_unconfirmed_requests_are_deleted_after_the_limit(settings):
    assert settings.ALERT_CONFIRM_DAYS == 7
    lapsed = subscribe("cu@example.vn", confirm=False)
    recent = subscribe("moi@example.vn", confirm=False)
    confirmed = subscribe("da-xac-nhan@example.vn")
    _age(lapsed, days=7, minutes=1)
    _age(recent, days=6, hours=23)
    _age(confirmed, days=400)
    assert "Đã xóa 1 đăng ký" in _purge()
    assert set(AlertSubscription.objects.values_list("email", flat=True)) == {
        "moi@example.vn",
        "da-xac-nhan@example.vn",
    }
    assert "Đã xóa 0 đăng ký" in _purge()


def test_old_events_go_with_their_records(settings):
    record = SentAlertFactory()
    fresh = SentAlertFactory(subscription=record.subscription)
    AlertEvent.objects.filter(pk=record.event_id).update(
        created_at=timezone.now() - dt.timedelta(days=settings.ALERT_HISTORY_DAYS + 1)
    )
    assert "1 sự kiện cũ" in _purge()
    assert list(SentAlert.objects.all()) == [fresh]
    assert AlertSubscription.objects.exists()  # the subscription itself stays
