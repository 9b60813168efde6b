"""Writes. Every change of state goes through one of these functions, which the admin, the views,
the management commands and the tests all call. One module per part of the domain."""

from ..receipts.notices import issue_token, revoke_tokens
from .directory import save_organisation, save_scam_pattern
from .drafting import create_draft, delete_draft, save_draft, save_draft_parts
from .forwarding import forward_dispatch
from .indicators import IndicatorInput, mark_indicators
from .pages import invalidate_public_pages
from .publishing import (
    NotPublishable,
    correct_dispatch,
    publish_dispatch,
    refresh_search_text,
    withdraw_dispatch,
)
from .receipts import (
    LinkNotUsable,
    ReceiptsClosed,
    ResendTooSoon,
    confirm_receipt,
    confirm_receipt_as_staff,
    create_deliveries,
    report_directive,
    report_directive_as_staff,
    resend_to_pending,
    revoke_token_ids,
    send_reminders,
    start_receipt_tracking,
)
from .search_index import index_dispatches, record_words
from .staff import create_staff_user, ensure_staff_roles

__all__ = [
    "IndicatorInput",
    "LinkNotUsable",
    "NotPublishable",
    "ReceiptsClosed",
    "ResendTooSoon",
    "confirm_receipt",
    "confirm_receipt_as_staff",
    "correct_dispatch",
    "create_deliveries",
    "create_draft",
    "create_staff_user",
    "delete_draft",
    "ensure_staff_roles",
    "forward_dispatch",
    "index_dispatches",
    "invalidate_public_pages",
    "issue_token",
    "mark_indicators",
    "publish_dispatch",
    "record_words",
    "refresh_search_text",
    "report_directive",
    "report_directive_as_staff",
    "resend_to_pending",
    "revoke_token_ids",
    "revoke_tokens",
    "save_draft",
    "save_draft_parts",
    "save_organisation",
    "save_scam_pattern",
    "send_reminders",
    "start_receipt_tracking",
    "withdraw_dispatch",
]
