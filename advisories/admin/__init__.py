"""The staff admin: every model, with the parts of a dispatch as inlines."""

from . import alerts, audit, dispatches, organisations, receipts, search  # noqa: F401  (registers the ModelAdmins)
