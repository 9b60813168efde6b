"""The staff admin: every model, with the parts of a dispatch as inlines."""

from . import audit, dispatches, organisations, receipts, reports, search  # noqa: F401  (registers the ModelAdmins)
