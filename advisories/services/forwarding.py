"""Forwarding down the chain: a unit that received a dispatch drafts its own, citing it.

The draft is prefilled so that a clerk only completes the number, the symbol, the signer and
any wording of its own, then a leader publishes; the chain page shows the new link at once.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .. import access
from ..access import scope_for
from ..models import (
    Addressee,
    Dispatch,
    DistributionLine,
    Organisation,
    Reference,
    WarningMessage,
)
from .drafting import save_draft, save_draft_parts

_OPENING = {
    Reference.Kind.THUC_HIEN: "Thực hiện",
    Reference.Kind.CAN_CU: "Căn cứ",
    Reference.Kind.SAO_GUI: "Sao gửi",
}
FORWARD_KINDS = [(kind.value, kind.label) for kind in _OPENING]


def _header_lines(organisation: Organisation) -> tuple[str, str]:
    """(parent body line, issuer line) as the organisation last printed them, else its names."""
    last = (
        Dispatch.objects.filter(issuer=organisation)
        .exclude(issuer_line="")
        .order_by("-created_at", "-pk")
        .values_list("parent_body_line", "issuer_line")
        .first()
    )
    if last:
        return last
    parent = organisation.parent
    parent_line = (parent.short_name or parent.name).upper() if parent else ""
    return parent_line, organisation.name.upper()


def _opening_paragraph(source: Dispatch, kind: str) -> str:
    reference = (
        f"{source.get_doc_type_display()} số {source.number_symbol} "
        f"ngày {source.short_date} của {source.issuer.name} về việc {source.subject}"
    )
    return f"{_OPENING[kind]} {reference}."


@transaction.atomic
def forward_dispatch(*, source: Dispatch, by: AbstractBaseUser, kind: str) -> Dispatch:
    """A draft of `by`'s organisation citing `source` (thực hiện / căn cứ / sao gửi)."""
    if kind not in _OPENING:
        raise ValueError(f"Unknown forwarding kind: {kind!r}")
    source = Dispatch.objects.select_related("issuer").get(pk=source.pk)
    if not access.can_forward(by, source):
        raise PermissionDenied("Văn bản này không gửi đến đơn vị của tài khoản.")
    organisation = Organisation.objects.select_related("parent").get(pk=scope_for(by).home_id)
    parent_line, issuer_line = _header_lines(organisation)
    today = timezone.localdate()
    draft = save_draft(
        dispatch=Dispatch(
            issuer=organisation,
            parent_body_line=parent_line,
            issuer_line=issuer_line,
            doc_type=Dispatch.DocType.CONG_VAN,
            number=None,
            # The office part (e.g. CNTTTT in SYT-CNTTTT) is the drafting office's: the clerk
            # adds it, and publishing refuses the symbol until then.
            symbol=organisation.abbreviation or "VT",
            place=organisation.province or source.place,
            year=today.year,
            month=today.month,
            day=today.day,
            subject=source.subject,
            body=_opening_paragraph(source, kind),
        ),
        by=by,
        reason=f"Chuyển tiếp từ {source.number_symbol}",
    )
    parts: list = [
        (Reference(citing=draft, kind=kind, target=source, is_attached=True, position=1), {}),
        *(
            (
                WarningMessage(
                    dispatch=draft,
                    channel=warning.channel,
                    text=warning.text,
                    position=warning.position,
                ),
                {},
            )
            for warning in source.warnings.all()
        ),
    ]
    children = list(organisation.children.filter(is_active=True).order_by("name"))
    if children:
        # One group line, as 2152 and 29 print it; its members keep every unit addressable.
        group = f"Các đơn vị trực thuộc {organisation.display_name}"
        parts.append((Addressee(dispatch=draft, position=1, text=group), {"members": children}))
    parts += [
        (DistributionLine(dispatch=draft, position=1, text="Như trên"), {}),
        (DistributionLine(dispatch=draft, position=2, text="Lưu: VT"), {}),
    ]
    save_draft_parts(
        dispatch=draft, by=by, saved=parts, scam_patterns=list(source.scam_patterns.all())
    )
    return draft
