"""Error pages that also leave a trace: refused accesses (403, CSRF) and login lockouts (429)."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from advisories.audit import record
from advisories.models import AuditEvent
from advisories.views.errors import ExplainedNotFound


@requires_csrf_token
def page_not_found(request, exception=None):
    """404 in the page's language; a view that knows why (a page number past the last page)
    raises ExplainedNotFound and its sentence is shown. Other messages are for developers."""
    reason = str(exception) if isinstance(exception, ExplainedNotFound) else ""
    return render(request, "404.html", {"reason": reason}, status=404)


@requires_csrf_token
def permission_denied(request, exception=None):
    """403: recorded with who and where, then Django's usual page in Vietnamese."""
    record(AuditEvent.Kind.ACCESS_REFUSED, request=request, detail="403")
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (a forged cross-site post, or a stale page)."""
    record(AuditEvent.Kind.ACCESS_REFUSED, request=request, detail=f"CSRF: {reason}")
    return render(request, "403_csrf.html", status=403)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes lockout: 429 with a page that says why and for how long."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "lockout.html", {"cooloff_minutes": minutes}, status=429)


def login_username(request, credentials=None):
    """The username django-axes records: as typed, cut to the length of its column (255).

    A 10 kB "username" must end as a failed login, not as a database error.
    """
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value)[:150]
