"""Receipt confirmation, the web side: deliveries, personal links, confirmations, directive
reports, and queueing notice rounds (the tasks are enqueued here; what the worker itself records
is in `advisories.receipts.notices`, which also issues and revokes links).

Every write the confirm page, the inbox, the admin and the reminder command make goes through
these functions. The database keeps the rules: one delivery per unit and dispatch, and a
conditional UPDATE so that concurrent confirmations record exactly one.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..access import home_organisation
from ..audit import Origin, record
from ..models import (
    Addressee,
    AuditEvent,
    Delivery,
    Directive,
    DirectiveReport,
    Dispatch,
    NoticeRound,
    Organisation,
    ReceiptToken,
)
from ..models.receipts import hash_token, is_receiving
from ..receipts.tasks import notify_units
from .pages import invalidate_receipt_totals


class LinkNotUsable(Exception):
    """A personal link that is unknown, revoked or expired; `reason` says which."""

    def __init__(self, reason: str, token: ReceiptToken | None = None):
        super().__init__(reason)
        self.reason = reason
        self.token = token


class ReceiptsClosed(Exception):
    """The dispatch was withdrawn: its deliveries take no confirmation, report or notice."""

    def __init__(self, dispatch: Dispatch):
        super().__init__(
            _("Văn bản %(number)s đã bị thu hồi; không còn nhận xác nhận.")
            % {"number": dispatch.number_symbol}
        )
        self.dispatch = dispatch


class ResendTooSoon(Exception):
    """Notices for this dispatch went out less than RECEIPT_RESEND_MINUTES ago."""

    def __init__(self, next_allowed_at: dt.datetime):
        super().__init__(f"next allowed at {next_allowed_at.isoformat()}")
        self.next_allowed_at = next_allowed_at


# --- Deliveries ----------------------------------------------------------------------------


def recipient_organisations(*, dispatch: Dispatch):
    """Every active unit the addressee lines reach: the named organisations and the members of
    group labels, without the issuer itself. One query."""
    members = Addressee.members.through.objects.filter(addressee__dispatch=dispatch)
    named = Addressee.objects.filter(dispatch=dispatch, organisation__isnull=False)
    return (
        Organisation.objects.filter(
            Q(pk__in=named.values("organisation_id")) | Q(pk__in=members.values("organisation_id"))
        )
        .filter(is_active=True)
        .exclude(pk=dispatch.issuer_id)
    )


_INSERT_DELIVERIES = """
INSERT INTO {table} (dispatch_id, organisation_id, created_at, email, notice_attempts,
                     last_error, confirmed_by_name, confirmed_by_position, confirmation_note,
                     confirmed_via)
SELECT %s, units.unit_id, %s, '', 0, '', '', '', '', '' FROM ({units}) units WHERE 1 = 1
ON CONFLICT (dispatch_id, organisation_id) DO NOTHING
"""


@transaction.atomic
def create_deliveries(*, dispatch: Dispatch, at: dt.datetime | None = None) -> int:
    """One delivery per unit the dispatch reaches; running it again adds only the new units.
    Returns how many deliveries were created.

    One INSERT … SELECT in the database (PostgreSQL and SQLite alike): 10,000 units do not
    travel through Python. ON CONFLICT on the unique constraint makes a second or concurrent
    run add nothing twice. (SQLite needs the WHERE to parse ON CONFLICT after a SELECT.)
    """
    units_sql, units_params = (
        recipient_organisations(dispatch=dispatch)
        .order_by()
        .values(unit_id=F("pk"))
        .query.sql_with_params()
    )
    sql = _INSERT_DELIVERIES.format(
        table=connection.ops.quote_name(Delivery._meta.db_table), units=units_sql
    )
    created_at = connection.ops.adapt_datetimefield_value(at or timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(sql, [dispatch.pk, created_at, *units_params])
        return cursor.rowcount


@transaction.atomic
def start_receipt_tracking(*, dispatch: Dispatch, by=None) -> NoticeRound | None:
    """Create the deliveries of a published dispatch and queue its notices (publish calls this;
    the admin calls it for dispatches published before tracking existed). None for a draft or
    a withdrawn dispatch."""
    if not is_receiving(dispatch):
        return None
    if create_deliveries(dispatch=dispatch):  # the public page shows how many were sent it
        invalidate_receipt_totals(dispatch_id=dispatch.pk)
    return _queue_round(dispatch=dispatch, kind=NoticeRound.Kind.PUBLISH, by=by)


def _queue_round(*, dispatch, kind, by=None, created_before=None) -> NoticeRound:
    notice_round = NoticeRound.objects.create(dispatch=dispatch, kind=kind, started_by=by)
    # Enqueued in the same transaction: the database backend stores the task in the same
    # database, so the round, the deliveries and the task are committed together or not at all.
    notify_units.enqueue(
        dispatch_id=dispatch.pk,
        round_id=notice_round.pk,
        created_before=created_before.isoformat() if created_before else None,
    )
    return notice_round


@transaction.atomic
def resend_to_pending(*, dispatch: Dispatch, by=None, kind=NoticeRound.Kind.RESEND) -> NoticeRound:
    """Queue notices again for the units that have not confirmed. Refused (ReceiptsClosed) once
    the dispatch is withdrawn, and (ResendTooSoon) within RECEIPT_RESEND_MINUTES of the
    dispatch's last round; the dispatch row lock serialises two clicks at once, and a withdrawal
    with them."""
    locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if not is_receiving(locked):
        raise ReceiptsClosed(locked)
    last = NoticeRound.objects.filter(dispatch=dispatch).order_by("-started_at").first()
    if last is not None:
        next_allowed = last.started_at + dt.timedelta(minutes=settings.RECEIPT_RESEND_MINUTES)
        if timezone.now() < next_allowed:
            raise ResendTooSoon(next_allowed)
    return _queue_round(dispatch=dispatch, kind=kind, by=by)


def send_reminders(*, older_than_hours: int, now: dt.datetime | None = None) -> list[NoticeRound]:
    """For a daily schedule: one reminder round per dispatch in force that has units pending
    for longer than `older_than_hours`; dispatches reminded too recently are left for later, and
    withdrawn ones are never reminded."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=older_than_hours)
    dispatch_ids = (
        Delivery.objects.open()
        .pending()
        .filter(created_at__lt=cutoff)
        .values_list("dispatch_id", flat=True)
        .distinct()
        .order_by("dispatch_id")
    )
    rounds = []
    for dispatch in Dispatch.objects.filter(pk__in=list(dispatch_ids)):
        try:
            with transaction.atomic():
                locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
                if not is_receiving(locked):  # withdrawn since the list was read
                    continue
                last = NoticeRound.objects.filter(dispatch=dispatch).order_by("-started_at").first()
                if last and now < last.started_at + dt.timedelta(
                    minutes=settings.RECEIPT_RESEND_MINUTES
                ):
                    raise ResendTooSoon(last.started_at)
                rounds.append(
                    _queue_round(
                        dispatch=dispatch, kind=NoticeRound.Kind.REMINDER, created_before=cutoff
                    )
                )
        except ResendTooSoon:
            continue
    return rounds


# --- Personal links ------------------------------------------------------------------------


def revoke_token_ids(*, ids: list[int]) -> int:
    """Revoke the chosen links that are still usable (the admin's action). Returns how many."""
    return ReceiptToken.objects.usable().filter(pk__in=ids).update(revoked_at=timezone.now())


def delivery_for_token(raw: str) -> tuple[Delivery, ReceiptToken]:
    """The delivery a usable link belongs to, or LinkNotUsable('unknown'|'revoked'|'expired')."""
    token = (
        ReceiptToken.objects.select_related("delivery__dispatch__issuer", "delivery__organisation")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if token is None:
        raise LinkNotUsable("unknown")
    state = token.state()
    if state != "usable":
        raise LinkNotUsable(state, token)
    return token.delivery, token


# --- Confirming and reporting --------------------------------------------------------------


def _clean_person(name: str, position: str) -> tuple[str, str]:
    name, position = (name or "").strip(), (position or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Hãy nhập họ tên người xác nhận."
    if not position:
        errors["position"] = "Hãy nhập chức vụ người xác nhận."
    if errors:
        raise ValidationError(errors)
    return name[:120], position[:120]


def _record_confirmation(
    *, delivery_id, name, position, note, via, user=None, origin: Origin | None = None
) -> bool:
    """Conditional UPDATE: only an open, pending delivery changes, so of two confirmations at
    once exactly one is recorded and a second one keeps the first time. True if this one
    counted; ReceiptsClosed if the dispatch was withdrawn (even a moment before)."""
    updated = (
        Delivery.objects.open()
        .pending()
        .filter(pk=delivery_id)
        .update(
            confirmed_at=timezone.now(),
            confirmed_by_name=name,
            confirmed_by_position=position,
            confirmation_note=(note or "").strip(),
            confirmed_via=via,
            confirmed_by_user=user,
        )
    )
    if updated == 1:  # in the same transaction: a confirmation is never without its trace
        delivery = Delivery.objects.select_related("dispatch", "organisation").get(pk=delivery_id)
        record(
            AuditEvent.Kind.CONFIRM,
            user=user,
            target=delivery,
            detail=f"{name} ({position}) qua {via}",
            origin=origin,
        )
        # the public page shows how many units confirmed (and the statistics, the rates)
        invalidate_receipt_totals(dispatch_id=delivery.dispatch_id)
        return True
    if not Delivery.objects.open().filter(pk=delivery_id).exists():
        raise ReceiptsClosed(
            Delivery.objects.select_related("dispatch").get(pk=delivery_id).dispatch
        )
    return False


@transaction.atomic
def confirm_receipt(
    *, token: str, name: str, position: str, note: str = "", origin: Origin | None = None
) -> Delivery:
    """Confirm receipt through a personal link. Harmless when already confirmed: the first
    confirmation is kept, and `just_confirmed` on the result says whether this one counted.
    ReceiptsClosed once the dispatch is withdrawn. `origin`: for the audit trail."""
    name, position = _clean_person(name, position)
    delivery, _ = delivery_for_token(token)
    counted = _record_confirmation(
        delivery_id=delivery.pk,
        name=name,
        position=position,
        note=note,
        via=Delivery.Via.LINK,
        origin=origin,
    )
    delivery.refresh_from_db()
    delivery.just_confirmed = counted
    return delivery


def _check_staff(*, delivery: Delivery, user) -> None:
    organisation = home_organisation(user)
    if organisation is None or organisation.pk != delivery.organisation_id:
        raise PermissionDenied("Văn bản này không gửi tới đơn vị của bạn.")


@transaction.atomic
def confirm_receipt_as_staff(
    *,
    delivery: Delivery,
    user,
    name: str,
    position: str,
    note: str = "",
    origin: Origin | None = None,
) -> Delivery:
    """Confirm receipt from the inbox of the unit's staff account."""
    _check_staff(delivery=delivery, user=user)
    name, position = _clean_person(name, position)
    counted = _record_confirmation(
        delivery_id=delivery.pk,
        name=name,
        position=position,
        note=note,
        via=Delivery.Via.INBOX,
        user=user,
        origin=origin,
    )
    delivery.refresh_from_db()
    delivery.just_confirmed = counted
    return delivery


def directives_assigned(*, delivery: Delivery):
    """The directives of the dispatch assigned to the delivery's unit, in printed order."""
    return Directive.objects.filter(
        dispatch_id=delivery.dispatch_id, assignees=delivery.organisation_id
    ).order_by("position")


@transaction.atomic
def report_directive(
    *,
    delivery: Delivery,
    directive: Directive,
    status: str,
    by_name: str,
    note: str = "",
    reported_on: dt.date | None = None,
    user=None,
) -> DirectiveReport:
    """Record the unit's progress on one of its directives; earlier reports stay as history.
    ReceiptsClosed once the dispatch is withdrawn."""
    if not Delivery.objects.open().filter(pk=delivery.pk).exists():
        raise ReceiptsClosed(Dispatch.objects.get(pk=delivery.dispatch_id))
    if not directives_assigned(delivery=delivery).filter(pk=directive.pk).exists():
        raise ValidationError("Nhiệm vụ này không được giao cho đơn vị của bạn.")
    if not Delivery.objects.filter(pk=delivery.pk, confirmed_at__isnull=False).exists():
        raise ValidationError("Hãy xác nhận đã nhận văn bản trước khi báo cáo tiến độ.")
    if status not in DirectiveReport.Status.values:
        raise ValidationError({"status": "Tình hình thực hiện không hợp lệ."})
    by_name = (by_name or "").strip()
    if not by_name:
        raise ValidationError({"by_name": "Hãy nhập họ tên người báo cáo."})
    today = timezone.localdate()
    reported_on = reported_on or today
    if reported_on > today:
        raise ValidationError({"reported_on": "Ngày báo cáo không được sau hôm nay."})
    report = DirectiveReport.objects.create(
        delivery=delivery,
        directive=directive,
        status=status,
        note=(note or "").strip(),
        reported_on=reported_on,
        reported_by_name=by_name[:120],
        reported_by_user=user,
    )
    invalidate_receipt_totals(dispatch_id=delivery.dispatch_id)
    return report


@transaction.atomic
def report_directive_as_staff(*, delivery: Delivery, user, **fields) -> DirectiveReport:
    _check_staff(delivery=delivery, user=user)
    return report_directive(delivery=delivery, user=user, **fields)
