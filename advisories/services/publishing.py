"""Publishing: the life of a dispatch from draft to public, withdrawn or corrected.

Each function locks the dispatch row, checks who acts (`by`; None means the system, e.g. the
seed loader) and the state, then writes. History rows name `by` and the reason; the audit event
is written in the same transaction, and the cached public pages are invalidated.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .. import access
from ..audit import Origin, record
from ..models import AlertEvent, AuditEvent, Correction, Dispatch
from .alerts import record_alert_event
from .pages import invalidate_dispatch_pages
from .receipts import start_receipt_tracking
from .search_index import index_dispatches


class NotPublishable(ValidationError):
    """The draft misses what a published dispatch must have (Dispatch.publication_problems)."""


# The printed parts a correction may change. The issuer and the status are not corrected: a
# wrong issuer is a different document (withdraw it), the status has its own functions.
CORRECTABLE_FIELDS = (
    "parent_body_line",
    "issuer_line",
    "doc_type",
    "number",
    "symbol",
    "place",
    "year",
    "month",
    "day",
    "subject",
    "body",
    "closing",
    "signing_authority",
    "authority_title",
    "signer_title",
    "signer_name",
)


def _locked(dispatch: Dispatch) -> Dispatch:
    return Dispatch.objects.select_for_update().select_related("issuer").get(pk=dispatch.pk)


def _record(dispatch: Dispatch, by, reason: str) -> None:
    """Tell django-simple-history who made the next save and why."""
    dispatch._history_user = by
    dispatch._change_reason = reason


@transaction.atomic
def publish_dispatch(
    *,
    dispatch: Dispatch,
    by: AbstractBaseUser | None = None,
    at: dt.datetime | None = None,
    track_receipts: bool = True,
    origin: Origin | None = None,
) -> Dispatch:
    """Make a draft public: refused (NotPublishable) while it lacks a number, a complete
    symbol, a signer, or a unit for each directive, whoever asks. Publishing an already public
    dispatch changes nothing.

    `track_receipts=False` is for a document delivered before it reached the portal (the seed
    dispatches, an archive): no deliveries, no mail to its units, and no alert to citizens (old
    news). Otherwise the subscribers it concerns are alerted once the publish commits."""
    dispatch = _locked(dispatch)
    if dispatch.status != Dispatch.Status.DRAFT:
        return dispatch
    if by is not None and not access.can_publish(by, dispatch):
        raise PermissionDenied("Tài khoản này không được ban hành văn bản của đơn vị này.")
    if problems := dispatch.publication_problems():
        raise NotPublishable({field or "__all__": messages for field, messages in problems.items()})
    dispatch.status = Dispatch.Status.PUBLISHED
    dispatch.published_at = at or timezone.now()
    _record(dispatch, by, "Ban hành")
    dispatch.save(update_fields=["status", "published_at", "updated_at"])
    record(AuditEvent.Kind.PUBLISH, user=by, target=dispatch, origin=origin)
    if track_receipts:
        start_receipt_tracking(dispatch=dispatch)
        record_alert_event(dispatch=dispatch, kind=AlertEvent.Kind.PUBLISHED)
    index_dispatches(dispatches=[dispatch])
    invalidate_dispatch_pages(dispatch=dispatch)
    return dispatch


@transaction.atomic
def withdraw_dispatch(
    *,
    dispatch: Dispatch,
    by: AbstractBaseUser | None,
    reason: str,
    on: dt.date,
    origin: Origin | None = None,
) -> Dispatch:
    """Withdraw (thu hồi) a published dispatch; its page stays public with a withdrawn banner."""
    dispatch = _locked(dispatch)
    if by is not None and not access.can_view(by, dispatch):
        raise PermissionDenied("Văn bản này không thuộc đơn vị của tài khoản.")
    if dispatch.status != Dispatch.Status.PUBLISHED:
        raise ValidationError("Chỉ thu hồi được văn bản đang ban hành.")
    if by is not None and not access.can_withdraw(by, dispatch):
        raise PermissionDenied("Tài khoản này không được thu hồi văn bản.")
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["withdrawal_reason"] = "Hãy ghi lý do thu hồi."
    if on is None:
        errors["withdrawn_on"] = "Hãy ghi ngày thu hồi."
    elif on > timezone.localdate():
        errors["withdrawn_on"] = "Ngày thu hồi không thể ở tương lai."
    elif dispatch.date_or_none and on < dispatch.date_or_none:
        errors["withdrawn_on"] = (
            f"Ngày thu hồi không thể trước ngày văn bản ({dispatch.short_date})."
        )
    if errors:
        raise ValidationError(errors)
    dispatch.status = Dispatch.Status.WITHDRAWN
    dispatch.withdrawn_on = on
    dispatch.withdrawal_reason = reason
    _record(dispatch, by, f"Thu hồi: {reason}")
    dispatch.save(update_fields=["status", "withdrawn_on", "withdrawal_reason", "updated_at"])
    record(AuditEvent.Kind.WITHDRAW, user=by, target=dispatch, detail=reason, origin=origin)
    record_alert_event(dispatch=dispatch, kind=AlertEvent.Kind.WITHDRAWN)  # if it was alerted
    invalidate_dispatch_pages(dispatch=dispatch)
    return dispatch


def _json_value(value):
    return value if value is None or isinstance(value, int | str) else str(value)


@transaction.atomic
def correct_dispatch(
    *,
    dispatch: Dispatch,
    by: AbstractBaseUser | None,
    changes: dict,
    reason: str,
    origin: Origin | None = None,
) -> Correction:
    """Correct (đính chính) a published dispatch: apply `changes` and record old → new."""
    dispatch = _locked(dispatch)
    if by is not None and not access.can_view(by, dispatch):
        raise PermissionDenied("Văn bản này không thuộc đơn vị của tài khoản.")
    if dispatch.status != Dispatch.Status.PUBLISHED:
        raise ValidationError("Chỉ đính chính được văn bản đang ban hành.")
    if by is not None and not access.can_correct(by, dispatch):
        raise PermissionDenied("Tài khoản này không được đính chính văn bản.")
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Không đính chính được các trường: {', '.join(sorted(unknown))}.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Hãy ghi lý do đính chính."})
    diff = {}
    for name, value in changes.items():
        new = Dispatch._meta.get_field(name).to_python(value)
        old = getattr(dispatch, name)
        if new != old:
            diff[name] = {"old": _json_value(old), "new": _json_value(new)}
            setattr(dispatch, name, new)
    if not diff:
        raise ValidationError("Không có thay đổi nào để đính chính.")
    dispatch.full_clean()
    _record(dispatch, by, f"Đính chính: {reason}")
    dispatch.save(update_fields=[*diff, "updated_at"])
    correction = Correction.objects.create(
        dispatch=dispatch, changes=diff, reason=reason, corrected_by=by
    )
    record(AuditEvent.Kind.CORRECT, user=by, target=dispatch, detail=reason, origin=origin)
    record_alert_event(dispatch=dispatch, kind=AlertEvent.Kind.CORRECTED, correction=correction)
    refresh_search_text(dispatch=dispatch)  # also refreshes the pages that show it
    return correction


def refresh_search_text(*, dispatch: Dispatch) -> None:
    """Recompute the folded search text after the dispatch or its parts were saved, and
    refresh the cached pages that show it."""
    index_dispatches(dispatches=[dispatch])
    invalidate_dispatch_pages(dispatch=dispatch)
