"""Models of the advisories app, one module per part of the domain."""

from .corrections import Correction
from .dispatches import Attachment, Directive, Dispatch, DispatchQuerySet, WarningMessage
from .organisations import Organisation
from .patterns import ScamPattern
from .recipients import Addressee, DistributionLine
from .references import Reference
from .staff import StaffMembership

__all__ = [
    "Addressee",
    "Attachment",
    "Correction",
    "Directive",
    "Dispatch",
    "DispatchQuerySet",
    "DistributionLine",
    "Organisation",
    "Reference",
    "ScamPattern",
    "StaffMembership",
    "WarningMessage",
]
