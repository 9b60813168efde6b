"""Record audit events: the one function every service and view calls to leave a trace.

    from advisories.audit import record
    record(AuditEvent.Kind.PUBLISH, user=by, target=dispatch, detail="...")

Logins, failed logins and logouts are recorded from Django's auth signals (advisories.signals);
refused accesses from the 403 and CSRF handlers (portal.errors).

A service asked from a request (publish, withdraw, correct, confirm receipt) takes an `origin`
keyword, `Origin.of(request)` in the view or admin, and hands it here: the row then has the
client's address and the path, as a row recorded with the request itself has.
"""

import logging
from dataclasses import dataclass

from django.db import models

from portal.clientip import client_address
from portal.redact import redact_secrets

from .models import AuditEvent

logger = logging.getLogger("portal.audit")

_MAX_DETAIL = 2000


@dataclass(frozen=True)
class Origin:
    """Where a write was asked from: the client's address and the path of the request."""

    address: str | None = None
    path: str = ""

    @classmethod
    def of(cls, request) -> "Origin":
        """The origin of `request` (None gives an empty one: a command, a task)."""
        if request is None:
            return cls()
        return cls(address=client_address(request), path=request.path)


def record(
    event: str,
    *,
    user=None,
    target: models.Model | None = None,
    detail: str = "",
    request=None,
    origin: Origin | None = None,
    username: str = "",
) -> AuditEvent:
    """Store one audit event and write it to the log (one line, CR/LF escaped by the filter).
    The address and path come from `origin`, else from `request`."""
    origin = origin or Origin.of(request)
    if request is not None and user is None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    event_row = AuditEvent.objects.create(
        kind=AuditEvent.Kind(event),
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        ip_address=origin.address,
        # never a receipt token at rest: /xac-nhan/…/ (portal.redact)
        path=redact_secrets(origin.path)[:255],
        detail=redact_secrets(detail)[:_MAX_DETAIL],
    )
    logger.info(
        "audit %s user=%s target=%s:%s path=%s detail=%s",
        event_row.kind,
        event_row.username or "-",
        event_row.target_type or "-",
        event_row.target_id or "-",
        event_row.path or "-",
        event_row.detail or "-",
    )
    return event_row
