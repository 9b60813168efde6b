"""A withdrawn dispatch closes the receipt side everywhere at once: the personal link, the
inbox, the resend, the reminders, the dashboard and the chain (the notice task: test_tasks)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advisories.models import Delivery, DirectiveReport, Dispatch, NoticeRound
from advisories.services import (
    ReceiptsClosed,
    confirm_receipt,
    confirm_receipt_as_staff,
    issue_token,
    publish_dispatch,
    report_directive,
    resend_to_pending,
    revoke_tokens,
    withdraw_dispatch,
)
from tests.advisories.conftest import make_addressed_draft

pytestmark = pytest.mark.django_db

REASON = "Ban hành nhầm đối tượng nhận"
CONFIRM = {"action": "confirm", "name": "Lê Văn B", "position": "Văn thư", "note": ""}


@pytest.fixture
def withdrawn():
    """A dispatch published to three units, then withdrawn; returns the first unit's delivery
    and a personal link it was sent before the withdrawal."""
    dispatch, orgs, _ = make_addressed_draft(units=3)
    publish_dispatch(dispatch=dispatch)
    delivery = Delivery.objects.get(dispatch=dispatch, organisation=orgs[0])
    raw = issue_token(delivery=delivery)
    withdraw_dispatch(dispatch=dispatch, by=None, reason=REASON, on=timezone.localdate())
    return delivery, raw


def _link(raw):
    return reverse("advisories:receipt_confirm", kwargs={"token": raw})


def _withdrawn_on():
    return timezone.localdate().strftime("%d/%m/%Y")


class TestTheRule:
    def test_a_withdrawal_closes_every_delivery_of_the_dispatch(self, withdrawn):
        delivery, _ = withdrawn
        assert not Delivery.objects.filter(dispatch=delivery.dispatch).open().exists()
        assert Delivery.objects.filter(dispatch=delivery.dispatch).closed().count() == 3
        assert not Delivery.objects.get(pk=delivery.pk).is_open


class TestServices:
    def test_confirming_through_a_link_sent_before_is_refused(self, withdrawn):
        _, raw = withdrawn
        with pytest.raises(ReceiptsClosed):
            confirm_receipt(token=raw, name="Lê Văn B", position="Văn thư")
        assert not Delivery.objects.confirmed().exists()

    def test_confirming_from_the_inbox_is_refused(self, withdrawn, make_staff):
        delivery, _ = withdrawn
        clerk = make_staff(delivery.organisation).user
        with pytest.raises(ReceiptsClosed):
            confirm_receipt_as_staff(delivery=delivery, user=clerk, name="B", position="Văn thư")
        assert not Delivery.objects.confirmed().exists()

    def test_reporting_progress_is_refused(self):
        dispatch, orgs, directive = make_addressed_draft(units=2)
        publish_dispatch(dispatch=dispatch)
        delivery = Delivery.objects.get(dispatch=dispatch, organisation=orgs[0])
        confirm_receipt(token=issue_token(delivery=delivery), name="B", position="Văn thư")
        withdraw_dispatch(dispatch=dispatch, by=None, reason=REASON, on=timezone.localdate())
        with pytest.raises(ReceiptsClosed):
            report_directive(delivery=delivery, directive=directive, status="done", by_name="B")
        assert not DirectiveReport.objects.exists()

    def test_no_resend_and_no_reminder(self, withdrawn):
        delivery, _ = withdrawn
        long_ago = timezone.now() - dt.timedelta(days=3)
        Delivery.objects.update(created_at=long_ago)
        NoticeRound.objects.update(started_at=long_ago)
        queued = DBTaskResult.objects.count()
        with pytest.raises(ReceiptsClosed):
            resend_to_pending(dispatch=delivery.dispatch)
        call_command("send_receipt_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert list(NoticeRound.objects.values_list("kind", flat=True)) == ["publish"]
        assert DBTaskResult.objects.count() == queued


class TestPersonalLink:
    def test_the_page_says_withdrawn_with_date_and_reason_and_has_no_form(self, client, withdrawn):
        _, raw = withdrawn
        response = client.get(_link(raw))
        page = response.content.decode()
        assert response.status_code == 200
        assert f"đã thu hồi văn bản này ngày {_withdrawn_on()}" in page
        assert REASON in page
        assert 'value="confirm"' not in page
        assert "Xác nhận đã nhận</button>" not in page

    def test_a_post_records_nothing(self, client, withdrawn):
        _, raw = withdrawn
        response = client.post(_link(raw), CONFIRM)
        assert response.status_code == 410
        assert REASON in response.content.decode()
        assert not Delivery.objects.confirmed().exists()

    def test_a_revoked_link_of_a_withdrawn_dispatch_asks_for_no_new_link(self, client, withdrawn):
        delivery, raw = withdrawn
        revoke_tokens(delivery=delivery)
        page = client.get(_link(raw)).content.decode()
        assert REASON in page
        assert "Cách nhận đường dẫn mới" not in page


class TestInbox:
    def test_the_inbox_lists_it_as_withdrawn(self, withdrawn, make_staff):
        delivery, _ = withdrawn
        clerk = make_staff(delivery.organisation)
        page = clerk.get(reverse("advisories:inbox")).content.decode()
        assert delivery.dispatch.subject in page
        assert f"Đã thu hồi ngày {_withdrawn_on()}" in page
        assert "Chưa xác nhận</span>" not in page
        pending = clerk.get(reverse("advisories:inbox") + "?loc=chua-xac-nhan")
        assert delivery.dispatch.subject not in pending.content.decode()

    def test_the_dispatch_in_the_inbox_has_no_confirm_button(self, withdrawn, make_staff):
        delivery, _ = withdrawn
        clerk = make_staff(delivery.organisation)
        url = reverse("advisories:inbox_delivery", args=[delivery.pk])
        response = clerk.get(url)
        page = response.content.decode()
        assert response.status_code == 200
        assert REASON in page
        assert 'value="confirm"' not in page
        assert clerk.post(url, CONFIRM).status_code == 410
        assert not Delivery.objects.confirmed().exists()


class TestAdmin:
    def test_the_dashboard_marks_it_withdrawn_and_offers_no_resend(
        self, withdrawn, admin_client_logged_in
    ):
        delivery, _ = withdrawn
        dispatch = delivery.dispatch
        NoticeRound.objects.update(started_at=timezone.now() - dt.timedelta(days=1))
        response = admin_client_logged_in.get(
            reverse("admin:receipt_dashboard", args=[dispatch.pk])
        )
        page = response.content.decode()
        assert f"Văn bản đã bị thu hồi ngày {_withdrawn_on()}." in page
        assert REASON in page
        assert reverse("admin:receipt_resend", args=[dispatch.pk]) not in page
        assert not response.context["can_resend"]
        assert "Quá hạn" not in page

    def test_posting_a_resend_anyway_is_refused(self, withdrawn, admin_client_logged_in):
        delivery, _ = withdrawn
        NoticeRound.objects.update(started_at=timezone.now() - dt.timedelta(days=1))
        url = reverse("admin:receipt_resend", args=[delivery.dispatch_id])
        response = admin_client_logged_in.post(url, follow=True)
        assert "Văn bản đã bị thu hồi: không gửi lại thư" in response.content.decode()
        assert not NoticeRound.objects.filter(kind="resend").exists()

    def test_the_chain_marks_a_withdrawn_level(self, admin_client_logged_in, seeded):
        d2152, d29 = (Dispatch.objects.get(number=n) for n in (2152, 29))
        withdraw_dispatch(dispatch=d2152, by=None, reason=REASON, on=timezone.localdate())
        response = admin_client_logged_in.get(reverse("admin:receipt_chain", args=[d29.pk]))
        assert [n.dispatch.number for n in response.context["nodes"] if not n.is_open] == [2152]
        page = response.content.decode()
        assert f"(đã thu hồi ngày {_withdrawn_on()})" in page
        assert page.count("(đã thu hồi ngày") == 1
