"""Drafting: creating, editing and deleting a draft and its printed parts.

The admin (save_model, save_related, delete_model), the forwarding service, the seed loader, the
commands and the test factories all write drafts here. Only a draft changes in place: a published
dispatch changes through `correct_dispatch`, and these functions refuse it whoever asks.
"""

from collections.abc import Iterable, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from .. import access
from ..models import Dispatch, ScamPattern
from .search_index import index_dispatches

# A part of a dispatch and the values of its many-to-many fields (members, assignees), as the
# admin's inline forms or a loader give them.
PartChange = tuple[models.Model, dict[str, Iterable]]


def _record(dispatch: Dispatch, by, reason: str) -> None:
    """Tell django-simple-history who made the next save and why."""
    dispatch._history_user = by
    dispatch._change_reason = reason


def _locked_draft(dispatch: Dispatch, by) -> Dispatch:
    """The dispatch's row, locked, as stored; refused unless it is a draft `by` may edit."""
    stored = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if stored.status != Dispatch.Status.DRAFT:
        raise ValidationError(
            "Văn bản đã ban hành không sửa trực tiếp được: hãy dùng Đính chính hoặc Thu hồi."
        )
    if by is not None and not access.can_edit(by, stored):
        raise PermissionDenied("Tài khoản này không được sửa văn bản của đơn vị này.")
    return stored


@transaction.atomic
def save_draft(*, dispatch: Dispatch, by: AbstractBaseUser | None, reason: str = "") -> Dispatch:
    """Create (no pk yet) or update a draft from the values set on `dispatch`.

    `by` None is the system (seed loader, factories). The status stays draft whatever the
    instance says: publishing is `publish_dispatch`'s alone."""
    if dispatch.pk is None:
        if by is not None and not access.can_add(by, dispatch.issuer_id):
            raise PermissionDenied("Tài khoản này không được soạn văn bản cho đơn vị này.")
        reason = reason or "Tạo bản nháp"
    else:
        _locked_draft(dispatch, by)
        if by is not None and not access.scope_for(by).allows(dispatch.issuer_id):
            raise PermissionDenied("Tài khoản này không được soạn văn bản cho đơn vị này.")
        reason = reason or "Sửa bản nháp"
    dispatch.status = Dispatch.Status.DRAFT
    dispatch.published_at = None
    dispatch.full_clean(exclude=["search_text"])
    _record(dispatch, by, reason)
    dispatch.save()
    return dispatch


def create_draft(*, by: AbstractBaseUser | None, **values) -> Dispatch:
    """A new draft with `values` (model fields, no parts)."""
    return save_draft(dispatch=Dispatch(**values), by=by)


def _belongs_to(part: models.Model, dispatch: Dispatch) -> bool:
    owner = getattr(part, "dispatch_id", None)
    if owner is None:
        owner = getattr(part, "citing_id", None)  # a Reference cites from its dispatch
    return owner == dispatch.pk


@transaction.atomic
def save_draft_parts(
    *,
    dispatch: Dispatch,
    by: AbstractBaseUser | None,
    saved: Sequence[PartChange] = (),
    deleted: Sequence[models.Model] = (),
    scam_patterns: Iterable[ScamPattern] | None = None,
) -> Dispatch:
    """Save, add or delete printed parts of a draft (addressees, references, directives,
    warnings, distribution lines, attachments), set its scam patterns, then re-index it.

    Each saved part comes with the values of its many-to-many fields (e.g. a directive's
    assignees); parts of another dispatch are refused."""
    dispatch = _locked_draft(dispatch, by)
    for part in [*deleted, *(part for part, _ in saved)]:
        if not _belongs_to(part, dispatch):
            raise PermissionDenied("Phần này không thuộc văn bản đang sửa.")
    for part in deleted:
        if part.pk is not None:
            part.delete()
    for part, relations in saved:
        part.save()
        for name, values in relations.items():
            getattr(part, name).set(values)
    if scam_patterns is not None:
        _record(dispatch, by, "Sửa thủ đoạn lừa đảo")  # the history of the m2m names `by`
        dispatch.scam_patterns.set(scam_patterns)
    index_dispatches(dispatches=[dispatch])
    return dispatch


@transaction.atomic
def delete_draft(*, dispatch: Dispatch, by: AbstractBaseUser | None) -> None:
    """Delete a draft and its parts; a published or withdrawn dispatch is never deleted."""
    dispatch = _locked_draft(dispatch, by)
    if by is not None and not access.can_delete(by, dispatch):
        raise PermissionDenied("Tài khoản này không được xóa văn bản.")
    _record(dispatch, by, "Xóa bản nháp")
    dispatch.delete()
