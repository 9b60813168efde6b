"""Indicators: marking the signs a dispatch names, and keeping the organisations' official
numbers as indicators of the other kind ("số của cơ quan nhà nước")."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from .. import access
from ..indicators.normalize import account_value, domain_value, name_value, phone_value
from ..models import Dispatch, Indicator, Organisation
from .pages import invalidate_dispatch_pages, invalidate_indicator_pages

_NORMALISERS = {
    Indicator.Kind.PHONE: phone_value,
    Indicator.Kind.DOMAIN: domain_value,
    Indicator.Kind.BANK_ACCOUNT: account_value,
    Indicator.Kind.APP: name_value,
    Indicator.Kind.SENDER: name_value,
}
_NOT_READ = {
    Indicator.Kind.PHONE: "“{}” không phải số điện thoại Việt Nam hợp lệ.",
    Indicator.Kind.DOMAIN: "“{}” không phải tên miền hay đường link hợp lệ.",
    Indicator.Kind.BANK_ACCOUNT: "“{}” không phải số tài khoản (6–19 chữ số).",
    Indicator.Kind.APP: "Tên ứng dụng “{}” quá ngắn.",
    Indicator.Kind.SENDER: "Tên người gửi “{}” quá ngắn.",
}


@dataclass(frozen=True)
class IndicatorInput:
    """A sign as the clerk confirms it: its kind, the text as printed, the bank of an account."""

    kind: str
    text: str
    bank: str = ""


def _indicator(entry: IndicatorInput) -> Indicator:
    kind = Indicator.Kind(entry.kind)
    value = _NORMALISERS[kind](entry.text)
    if not value:
        raise ValidationError(_NOT_READ[kind].format(entry.text.strip()[:80]))
    indicator, _ = Indicator.objects.get_or_create(
        kind=kind,
        value=value,
        bank=entry.bank.strip()[:120],
        defaults={"label": entry.text.strip()[:255]},
    )
    return indicator


def may_mark_indicators(user, dispatch: Dispatch) -> bool:
    """Signs are not part of the printed text: the issuer's staff mark them on a draft and on a
    published dispatch alike (a withdrawn one warns no more)."""
    return (
        dispatch.status in (Dispatch.Status.DRAFT, Dispatch.Status.PUBLISHED)
        and user.has_perm("advisories.change_dispatch")
        and access.scope_for(user).allows(dispatch.issuer_id)
    )


def resolve_indicators(entries: Sequence[IndicatorInput]) -> list[Indicator]:
    """The indicators `entries` name, created once each; every unreadable one is refused
    together in one ValidationError, and then none is created."""
    errors, found = [], []
    for entry in entries:
        try:
            found.append(_indicator(entry))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return found


@transaction.atomic
def mark_indicators(
    *,
    dispatch: Dispatch,
    by: AbstractBaseUser | None,
    add: Sequence[IndicatorInput] = (),
    remove: Iterable[Indicator] = (),
) -> list[Indicator]:
    """Link the signs `add` names to the dispatch (creating each indicator once) and unlink
    `remove`; every sign that cannot be read is refused, none is saved. Returns those added."""
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if by is not None and not may_mark_indicators(by, dispatch):
        raise PermissionDenied("Tài khoản này không được đánh dấu dấu hiệu của văn bản này.")
    added = resolve_indicators(add)
    dispatch.indicators.remove(*remove)
    dispatch.indicators.add(*added)
    invalidate_indicator_pages()
    if dispatch.status != Dispatch.Status.DRAFT:
        invalidate_dispatch_pages(dispatch=dispatch)
    return added


def sync_official_numbers(*, organisation: Organisation) -> None:
    """Make the organisation's hotline an official indicator, and only that one (called by
    save_organisation in the same transaction)."""
    value = phone_value(organisation.hotline) if organisation.hotline else None
    stale = organisation.official_indicators.exclude(kind=Indicator.Kind.PHONE, value=value or "")
    organisation.official_indicators.remove(*stale)
    if value:
        indicator, _ = Indicator.objects.get_or_create(
            kind=Indicator.Kind.PHONE,
            value=value,
            bank="",
            defaults={"label": organisation.hotline},
        )
        indicator.official_for.add(organisation)
    invalidate_indicator_pages()
