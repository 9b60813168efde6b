"""Read replicas (DATABASE_REPLICA_URLS): public reads from a replica, everything else from the
primary ("default").

A citizen's page (GET/HEAD, no session cookie, not under /quan-tri/, not a personal-link page)
reads from one replica, picked at random once per request so that the request sees one state
of the data. The primary serves everything else:

- every write (the router never sends one elsewhere), and any read inside a transaction on the
  primary (a service reading what it is about to change);
- every request that is not GET/HEAD, every request under /quan-tri/ and every request with a
  session cookie (staff); the pages reached by a personal link (receipt confirmation, alert
  confirmation and unsubscribe, the unit's inbox, a report lookup), which must see a write
  made a moment ago;
- a client for REPLICA_PIN_SECONDS after it wrote (any response to a POST sets a short cookie):
  read-your-writes, as a replica may lag behind by a moment;
- the task worker, management commands, migrations and the shell: outside a request nothing
  is routed, so the primary.

A replica that does not answer (connection refused, timeout) is skipped for
REPLICA_RETRY_SECONDS by this process, and the request reads from the primary; one that fails
during a request (stopped, connection cut) is skipped too and the page read again from the
primary: pages keep working. With no replica configured, neither the middleware nor the
router is installed: one database, as before.
"""

import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

log = logging.getLogger(__name__)

PRIMARY = "default"
ADMIN_PREFIX = "/quan-tri/"  # portal.urls; its pages are also recognised by their app name
PIN_COOKIE = "ghi-gan-day"  # "wrote recently": read from the primary until it expires

# The alias public reads go to during this request; None outside a request, or for a request
# served by the primary.
_read_alias: ContextVar[str | None] = ContextVar("read_alias", default=None)

# URL names (advisories app) whose pages are reached by a personal link or follow a write.
PRIMARY_URL_NAMES = frozenset(
    {
        "receipt_confirm",
        "alerts_confirm",
        "alerts_unsubscribe",
        "alerts_sent",
        "inbox",
        "inbox_delivery",
        "report_lookup",
    }
)

_down_until: dict[str, float] = {}  # replica alias → monotonic time to try it again


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def read_alias() -> str:
    """Where this request's reads go: its replica, or the primary (outside a request, for a
    request the primary serves, and inside a transaction on the primary)."""
    alias = _read_alias.get()
    if alias is None or connections[PRIMARY].in_atomic_block:
        return PRIMARY
    return alias


def read_connection():
    """The connection for raw SQL that reads (the ORM's reads go through ReplicaRouter): the
    request's replica on a citizen's page, else the primary, as for the ORM."""
    return connections[read_alias()]


class ReplicaRouter:
    """Reads go where the request's middleware said (or to the primary); writes and
    migrations to the primary."""

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def usable_replica() -> str | None:
    """A replica that answers, at random among those not skipped; None if none does."""
    candidates = [a for a in replica_aliases() if _down_until.get(a, 0) <= time.monotonic()]
    random.shuffle(candidates)
    for alias in candidates:
        connection = connections[alias]
        try:
            # The health check Django would run at the first query of the request, run now:
            # a connection the replica dropped is replaced here, where a failure can still
            # send the request to the primary.
            connection.close_if_health_check_failed()
            connection.ensure_connection()
            connection.errors_occurred = False  # none yet in this request
        except DatabaseError as error:
            _skip(alias, type(error).__name__)
            continue
        return alias
    return None


def _skip(alias: str, reason: str) -> None:
    """Read from the primary instead of `alias` for REPLICA_RETRY_SECONDS (one warning)."""
    _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    log.warning(
        "replica %s unavailable (%s): reading from the primary for %ss",
        alias,
        reason,
        settings.REPLICA_RETRY_SECONDS,
    )
    connection = connections[alias]
    try:
        connection.close()
    except DatabaseError:
        connection.connection = None  # already cut: forget it, the next use reconnects


def reads_from_primary(request) -> bool:
    """What the request itself says: a write, staff, a recent writer."""
    if request.method not in ("GET", "HEAD"):
        return True
    if request.path_info.startswith(ADMIN_PREFIX):
        return True
    return settings.SESSION_COOKIE_NAME in request.COOKIES or PIN_COOKIE in request.COOKIES


class ReplicaRoutingMiddleware:
    """Decides, per request, which database its reads go to (see the module's docstring), and
    pins a client that wrote to the primary for REPLICA_PIN_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = bool(replica_aliases())

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        alias = None if reads_from_primary(request) else usable_replica()
        token = _read_alias.set(alias)
        try:
            response = self.get_response(request)
            if alias is not None and response.status_code >= 500:
                response = self._again_on_primary(request, alias, response)
        finally:
            _read_alias.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def _again_on_primary(self, request, alias, response):
        """The replica failed during the request (stopped, connection cut): the page is read
        again from the primary (a GET: nothing was written) and the replica skipped."""
        connection = connections[alias]
        if not connection.errors_occurred:
            return response  # the error was not the replica's
        _skip(alias, "failed during a request")
        _read_alias.set(PRIMARY)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and (match.app_name == "admin" or match.url_name in PRIMARY_URL_NAMES):
            _read_alias.set(PRIMARY)
