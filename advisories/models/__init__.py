"""Models of the advisories app, one module per part of the domain."""

from .alerts import AlertEvent, AlertSubscription, SentAlert
from .audit import AuditEvent
from .corrections import Correction
from .dispatches import Attachment, Directive, Dispatch, DispatchQuerySet, WarningMessage
from .indicators import Indicator
from .organisations import Organisation
from .patterns import ScamPattern
from .receipts import Delivery, DirectiveReport, NoticeRound, ReceiptToken
from .recipients import Addressee, DistributionLine
from .references import Reference
from .reports import ReportScreenshot, ScamReport
from .scans import ScanImport
from .search import SearchWord
from .staff import StaffMembership

__all__ = [
    "Addressee",
    "AlertEvent",
    "AlertSubscription",
    "Attachment",
    "AuditEvent",
    "Correction",
    "Delivery",
    "Directive",
    "DirectiveReport",
    "Dispatch",
    "DispatchQuerySet",
    "DistributionLine",
    "Indicator",
    "NoticeRound",
    "Organisation",
    "ReceiptToken",
    "Reference",
    "ReportScreenshot",
    "ScamPattern",
    "ScamReport",
    "ScanImport",
    "SearchWord",
    "SentAlert",
    "StaffMembership",
    "WarningMessage",
]
