"""Probes for the process manager and the load balancer. Never cached, no session, no template."""

from django.db import Error as DatabaseError
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    """Liveness: the process answers. Touches no database, so a DB outage does not kill it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Readiness: every configured database answers `SELECT 1`; 503 with the reason if not."""
    failures = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            failures[alias] = type(error).__name__
    if failures:
        return JsonResponse({"status": "unavailable", "databases": failures}, status=503)
    return JsonResponse({"status": "ok"})
