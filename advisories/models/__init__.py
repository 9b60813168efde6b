"""Models of the advisories app, one module per part of the domain."""

from .audit import AuditEvent
from .dispatches import Attachment, Directive, Dispatch, DispatchQuerySet, WarningMessage
from .organisations import Organisation
from .patterns import ScamPattern
from .recipients import Addressee, DistributionLine
from .references import Reference

__all__ = [
    "Addressee",
    "Attachment",
    "AuditEvent",
    "Directive",
    "Dispatch",
    "DispatchQuerySet",
    "DistributionLine",
    "Organisation",
    "Reference",
    "ScamPattern",
    "WarningMessage",
]
