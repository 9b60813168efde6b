"""Probes for the process manager and the load balancer. Never cached, no session, no template."""

import datetime as dt

from django.conf import settings
from django.core.cache import caches
from django.db import Error as DatabaseError
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from advisories.receipts.worker import worker_status


@never_cache
@require_safe
def healthz(request):
    """Liveness: the process answers. Touches no database, so a DB outage does not kill it."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    """Readiness: the primary database answers `SELECT 1` and every Redis cache a PING; 503
    with the reason if not (the pages are still served, uncached, without Redis: the load
    balancer may keep the process, but the operator should know). A read replica that does
    not answer is named under "replicas" with a 200.

    "worker" says whether the background task worker runs ("stale": tasks wait for it, see
    advisories.receipts.worker). It never fails the probe: pages are served without it, and
    taking every web process out of the balancer would not start it."""
    failures, replicas = {}, {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            failed = replicas if alias in settings.DATABASE_REPLICAS else failures
            failed[alias] = type(error).__name__
    body = {}
    if failures:
        body["databases"] = failures
    cache_failure = _cache_failure()
    if cache_failure:
        body["cache"] = cache_failure
    worker = _worker() if not failures else {}
    # A replica down is said but does not fail the probe: public pages read from the primary
    # meanwhile (portal.dbrouter), and taking every web process out would not bring it back.
    replicas = {"replicas": replicas} if replicas else {}
    if body:
        return JsonResponse({"status": "unavailable", **body, **replicas, **worker}, status=503)
    return JsonResponse({"status": "ok", **replicas, **worker})


def _worker() -> dict:
    """{"worker": "ok"} or {"worker": "stale", "tasks_waiting": n}, or {} if unreadable."""
    try:
        status = worker_status()
    except DatabaseError:
        return {}
    if status.stale:
        return {"worker": "stale", "tasks_waiting": status.waiting}
    return {"worker": "ok"}


def _cache_failure() -> str:
    """The error of the first cache that can be pinged (Redis) and does not answer, or ""."""
    from redis.exceptions import RedisError

    for alias in caches:
        backend = caches[alias]
        if not hasattr(backend, "ping"):
            continue  # local memory: nothing to reach
        try:
            backend.ping()
        except RedisError as error:
            return type(error).__name__
    return ""


@require_safe
def security_txt(request):
    """RFC 9116: how to report a vulnerability (Contact, Expires and the languages read)."""
    expires = timezone.now() + dt.timedelta(days=settings.SECURITY_TXT_EXPIRES_DAYS)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.replace(microsecond=0).astimezone(dt.UTC).isoformat()}",
        "Preferred-Languages: vi, en",
        f"Canonical: {settings.SITE_URL.rstrip('/')}/.well-known/security.txt",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
