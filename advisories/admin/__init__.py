"""The staff admin: every model, with the parts of a dispatch as inlines."""

from . import (  # noqa: F401  (registers the ModelAdmins)
    alerts,
    audit,
    dispatches,
    organisations,
    receipts,
    reports,
    search,
)
