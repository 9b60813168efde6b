"""Deliveries, personal links, confirmations and directive reports: the rules in the services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advisories.models import Addressee, Delivery, DirectiveReport, NoticeRound, ReceiptToken
from advisories.models.receipts import hash_token
from advisories.services import (
    LinkNotUsable,
    ResendTooSoon,
    confirm_receipt,
    confirm_receipt_as_staff,
    create_deliveries,
    issue_token,
    publish_dispatch,
    report_directive,
    resend_to_pending,
    revoke_tokens,
    send_reminders,
)
from advisories.services.receipts import _record_confirmation
from tests.advisories.conftest import make_addressed_draft
from tests.factories import DirectiveFactory, OrganisationFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def _delivery(**kwargs):
    dispatch, orgs, directive = make_addressed_draft(**kwargs)
    publish_dispatch(dispatch=dispatch)
    return Delivery.objects.get(dispatch=dispatch, organisation=orgs[0]), orgs, directive


class TestDeliveries:
    def test_publishing_creates_one_delivery_per_named_unit_and_group_member(self):
        dispatch, orgs, _ = make_addressed_draft(units=4)
        assert not Delivery.objects.exists()
        publish_dispatch(dispatch=dispatch)
        reached = set(
            Delivery.objects.filter(dispatch=dispatch).values_list("organisation", flat=True)
        )
        assert reached == {o.pk for o in orgs}

    def test_a_unit_named_twice_gets_one_delivery_and_the_issuer_none(self):
        dispatch, orgs, _ = make_addressed_draft(units=3)
        third = Addressee.objects.create(dispatch=dispatch, position=3, text="Như trên")
        third.members.set([orgs[0], orgs[1], dispatch.issuer])
        publish_dispatch(dispatch=dispatch)
        assert Delivery.objects.filter(dispatch=dispatch).count() == 3
        assert not Delivery.objects.filter(organisation=dispatch.issuer).exists()

    def test_inactive_units_are_not_reached(self):
        dispatch, orgs, _ = make_addressed_draft(units=3)
        orgs[2].is_active = False
        orgs[2].save()
        publish_dispatch(dispatch=dispatch)
        assert Delivery.objects.filter(dispatch=dispatch).count() == 2

    def test_creating_again_adds_only_new_units(self):
        dispatch, _, _ = make_addressed_draft(units=2)
        publish_dispatch(dispatch=dispatch)
        assert create_deliveries(dispatch=dispatch) == 0
        Addressee.objects.get(dispatch=dispatch, position=2).members.add(OrganisationFactory())
        assert create_deliveries(dispatch=dispatch) == 1
        assert Delivery.objects.filter(dispatch=dispatch).count() == 3

    def test_the_database_refuses_a_second_delivery_for_a_unit(self):
        delivery, _, _ = _delivery(units=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            Delivery.objects.create(dispatch=delivery.dispatch, organisation=delivery.organisation)

    def test_publishing_queues_one_notice_task_in_the_same_transaction(self):
        dispatch, _, _ = make_addressed_draft(units=2)
        publish_dispatch(dispatch=dispatch)
        tasks = DBTaskResult.objects.all()
        assert [t.task_path for t in tasks] == ["advisories.receipts.tasks.notify_units"]
        assert NoticeRound.objects.get(dispatch=dispatch).kind == NoticeRound.Kind.PUBLISH

    def test_publishing_twice_does_not_notify_twice(self):
        dispatch, _, _ = make_addressed_draft(units=2)
        publish_dispatch(dispatch=dispatch)
        publish_dispatch(dispatch=dispatch)
        assert DBTaskResult.objects.count() == 1


class TestLinks:
    def test_only_a_hash_of_the_token_is_stored(self):
        delivery, _, _ = _delivery(units=1)
        raw = issue_token(delivery=delivery)
        assert len(raw) >= 43
        token = ReceiptToken.objects.get(delivery=delivery)
        assert token.token_hash == hash_token(raw) != raw
        assert not ReceiptToken.objects.filter(token_hash=raw).exists()

    def test_tokens_are_unguessable_and_distinct(self):
        delivery, _, _ = _delivery(units=1)
        tokens = {issue_token(delivery=delivery) for _ in range(20)}
        assert len(tokens) == 20

    @pytest.mark.parametrize("raw", ["", "abc", "x" * 43])
    def test_unknown_token_confirms_nothing(self, raw):
        delivery, _, _ = _delivery(units=1)
        issue_token(delivery=delivery)
        with pytest.raises(LinkNotUsable) as error:
            confirm_receipt(token=raw, name="Lê Văn B", position="Văn thư")
        assert error.value.reason == "unknown"
        assert not Delivery.objects.confirmed().exists()

    def test_revoked_token_confirms_nothing(self):
        delivery, _, _ = _delivery(units=1)
        raw = issue_token(delivery=delivery)
        assert revoke_tokens(delivery=delivery) == 1
        with pytest.raises(LinkNotUsable) as error:
            confirm_receipt(token=raw, name="Lê Văn B", position="Văn thư")
        assert error.value.reason == "revoked"
        assert not Delivery.objects.confirmed().exists()

    def test_expired_token_confirms_nothing(self):
        delivery, _, _ = _delivery(units=1)
        raw = issue_token(delivery=delivery)
        ReceiptToken.objects.update(
            created_at=timezone.now() - dt.timedelta(days=31),
            expires_at=timezone.now() - dt.timedelta(seconds=1),
        )
        with pytest.raises(LinkNotUsable) as error:
            confirm_receipt(token=raw, name="Lê Văn B", position="Văn thư")
        assert error.value.reason == "expired"

    def test_a_token_confirms_only_its_own_unit(self):
        dispatch, orgs, _ = make_addressed_draft(units=3)
        publish_dispatch(dispatch=dispatch)
        second = Delivery.objects.get(dispatch=dispatch, organisation=orgs[1])
        raw = issue_token(delivery=second)
        confirm_receipt(token=raw, name="Trần Thị C", position="Trưởng trạm")
        assert list(Delivery.objects.confirmed().values_list("organisation", flat=True)) == [
            orgs[1].pk
        ]


class TestConfirming:
    def test_confirming_records_who_and_when(self):
        delivery, _, _ = _delivery(units=1)
        raw = issue_token(delivery=delivery)
        confirmed = confirm_receipt(
            token=raw, name="  Lê Văn B ", position="Văn thư", note="Đã nhận bản giấy"
        )
        assert confirmed.just_confirmed is True
        assert confirmed.confirmed_by_name == "Lê Văn B"
        assert confirmed.confirmed_by_position == "Văn thư"
        assert confirmed.confirmation_note == "Đã nhận bản giấy"
        assert confirmed.confirmed_via == Delivery.Via.LINK
        assert confirmed.confirmed_at is not None

    def test_confirming_twice_keeps_the_first(self):
        delivery, _, _ = _delivery(units=1)
        raw = issue_token(delivery=delivery)
        first = confirm_receipt(token=raw, name="Lê Văn B", position="Văn thư")
        second = confirm_receipt(token=raw, name="Người Khác", position="Phó trạm")
        assert second.just_confirmed is False
        assert second.confirmed_at == first.confirmed_at
        assert second.confirmed_by_name == "Lê Văn B"

    @pytest.mark.parametrize(("name", "position"), [("", "Văn thư"), ("Lê Văn B", "   ")])
    def test_name_and_position_are_required(self, name, position):
        delivery, _, _ = _delivery(units=1)
        raw = issue_token(delivery=delivery)
        with pytest.raises(ValidationError):
            confirm_receipt(token=raw, name=name, position=position)
        assert not Delivery.objects.confirmed().exists()

    def test_the_database_refuses_a_confirmation_without_a_name(self):
        delivery, _, _ = _delivery(units=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk).update(confirmed_at=timezone.now())

    def test_staff_confirm_only_for_their_own_organisation(self):
        delivery, orgs, _ = _delivery(units=2)
        stranger = StaffUserFactory(organisation=orgs[1])
        with pytest.raises(PermissionDenied):
            confirm_receipt_as_staff(delivery=delivery, user=stranger, name="A", position="B")
        clerk = StaffUserFactory(organisation=orgs[0])
        confirmed = confirm_receipt_as_staff(
            delivery=delivery, user=clerk, name="Lê Văn B", position="Văn thư"
        )
        assert confirmed.confirmed_via == Delivery.Via.INBOX
        assert confirmed.confirmed_by_user == clerk


class TestRecordingExactlyOnce:
    """Two confirmations that both saw the delivery pending: the conditional UPDATE lets one."""

    def test_of_two_racing_writes_the_first_counts(self):
        delivery, _, _ = _delivery(units=1)
        assert Delivery.objects.get(pk=delivery.pk).confirmed_at is None  # both have read this
        first = _record_confirmation(
            delivery_id=delivery.pk, name="A", position="Văn thư", note="", via="link"
        )
        second = _record_confirmation(
            delivery_id=delivery.pk, name="B", position="Văn thư", note="", via="link"
        )
        assert (first, second) == (True, False)
        assert Delivery.objects.get(pk=delivery.pk).confirmed_by_name == "A"
        assert connection.vendor in {"sqlite", "postgresql"}


class TestDirectiveReports:
    def _confirmed(self):
        delivery, orgs, directive = _delivery(units=3)
        raw = issue_token(delivery=delivery)
        confirm_receipt(token=raw, name="Lê Văn B", position="Văn thư")
        return Delivery.objects.get(pk=delivery.pk), orgs, directive

    def test_reports_are_kept_as_history_and_the_newest_counts(self):
        delivery, _, directive = self._confirmed()
        day = timezone.localdate()
        report_directive(
            delivery=delivery,
            directive=directive,
            status="in_progress",
            by_name="Lê Văn B",
            reported_on=day - dt.timedelta(days=1),
        )
        report_directive(
            delivery=delivery, directive=directive, status="done", by_name="Lê Văn B", note="Xong"
        )
        reports = DirectiveReport.objects.filter(delivery=delivery).order_by("pk")
        assert [r.status for r in reports] == ["in_progress", "done"]
        assert reports.last().reported_on == day

    def test_a_directive_not_assigned_to_the_unit_is_refused(self):
        dispatch, orgs, _ = make_addressed_draft(units=3)
        other = DirectiveFactory(dispatch=dispatch, position=2, assignees=[orgs[2]])
        publish_dispatch(dispatch=dispatch)
        delivery = Delivery.objects.get(dispatch=dispatch, organisation=orgs[0])
        confirm_receipt(token=issue_token(delivery=delivery), name="Lê Văn B", position="Văn thư")
        with pytest.raises(ValidationError):
            report_directive(delivery=delivery, directive=other, status="done", by_name="B")
        foreign = DirectiveFactory(assignees=[delivery.organisation])
        with pytest.raises(ValidationError):
            report_directive(delivery=delivery, directive=foreign, status="done", by_name="B")
        assert not DirectiveReport.objects.exists()

    def test_reporting_needs_a_confirmation_first(self):
        delivery, _, directive = _delivery(units=2)
        with pytest.raises(ValidationError):
            report_directive(delivery=delivery, directive=directive, status="done", by_name="B")

    @pytest.mark.parametrize("status", ["finished", ""])
    def test_an_unknown_status_is_refused(self, status):
        delivery, _, directive = self._confirmed()
        with pytest.raises(ValidationError):
            report_directive(delivery=delivery, directive=directive, status=status, by_name="B")

    def test_a_date_in_the_future_is_refused(self):
        delivery, _, directive = self._confirmed()
        with pytest.raises(ValidationError):
            report_directive(
                delivery=delivery,
                directive=directive,
                status="done",
                by_name="B",
                reported_on=timezone.localdate() + dt.timedelta(days=2),
            )


class TestResending:
    def test_a_resend_right_after_publication_is_refused(self, settings):
        settings.RECEIPT_RESEND_MINUTES = 60
        delivery, _, _ = _delivery(units=2)
        with pytest.raises(ResendTooSoon) as error:
            resend_to_pending(dispatch=delivery.dispatch)
        published_round = NoticeRound.objects.get()
        assert error.value.next_allowed_at == published_round.started_at + dt.timedelta(hours=1)

    def test_a_resend_an_hour_later_is_queued_once(self):
        delivery, _, _ = _delivery(units=2)
        NoticeRound.objects.update(started_at=timezone.now() - dt.timedelta(minutes=61))
        resend_to_pending(dispatch=delivery.dispatch)
        with pytest.raises(ResendTooSoon):
            resend_to_pending(dispatch=delivery.dispatch)
        kinds = list(NoticeRound.objects.order_by("pk").values_list("kind", flat=True))
        assert kinds == ["publish", "resend"]
        assert DBTaskResult.objects.count() == 2

    def test_reminders_go_to_dispatches_with_units_pending_too_long(self):
        old, _, _ = _delivery(units=2)
        fresh, _, _ = _delivery(units=2)
        long_ago = timezone.now() - dt.timedelta(hours=30)
        Delivery.objects.filter(dispatch=old.dispatch).update(created_at=long_ago)
        NoticeRound.objects.filter(dispatch=old.dispatch).update(started_at=long_ago)
        rounds = send_reminders(older_than_hours=24)
        assert [r.dispatch_id for r in rounds] == [old.dispatch_id]
        assert rounds[0].kind == NoticeRound.Kind.REMINDER
        assert send_reminders(older_than_hours=24) == []  # not twice within the hour
        assert not NoticeRound.objects.filter(dispatch=fresh.dispatch, kind="reminder").exists()
