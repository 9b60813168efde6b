"""Models of the advisories app, one module per part of the domain."""

from .dispatches import Attachment, Directive, Dispatch, DispatchQuerySet, WarningMessage
from .organisations import Organisation
from .patterns import ScamPattern
from .recipients import Addressee, DistributionLine
from .references import Reference
from .search import SearchWord

__all__ = [
    "Addressee",
    "Attachment",
    "Directive",
    "Dispatch",
    "DispatchQuerySet",
    "DistributionLine",
    "Organisation",
    "Reference",
    "ScamPattern",
    "SearchWord",
    "WarningMessage",
]
