"""Gunicorn settings for bin/serve (`gunicorn -c portal/gunicorn.conf.py`): the access log on
stdout, with receipt tokens redacted from every line (portal.gunicorn_logging), and a deadline
for every request that holds with the threaded worker (portal.deadline).

REQUEST_TIMEOUT (seconds, default 60) and REQUEST_TIMEOUT_GRACE (default 15) come from the
environment or the local .env, as the portal's settings do.

Gunicorn answers some malformed requests itself (414 request line too long, 431 too many or too
long header fields, 400 bad syntax), with a fixed reply that carries none of the portal's
security headers; no setting adds them. So the request-line limit is raised to gunicorn's
highest (8190 bytes, about nginx's own 8k buffers): a long address reaches Django, which answers
with its headers; what gunicorn still refuses gets the headers from the reverse proxy (the
README's nginx lines fill in each header a reply lacks).
"""

import os
from pathlib import Path

import environ

from portal.deadline import Watchdog
from portal.redact import redact_secrets

environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env", overwrite=False)
_env = environ.Env()
REQUEST_TIMEOUT = _env.float("REQUEST_TIMEOUT", default=60.0)
REQUEST_TIMEOUT_GRACE = _env.float("REQUEST_TIMEOUT_GRACE", default=15.0)

accesslog = "-"
logger_class = "portal.gunicorn_logging.RedactingLogger"


def post_worker_init(worker):
    """Each worker watches its own requests (see portal.deadline)."""

    def end_worker(what: str, age: float) -> None:
        worker.log.critical(
            "Request still running after %.0fs, past REQUEST_TIMEOUT and its grace: %s. "
            "Ending this worker (pid %s); the arbiter starts another.",
            age,
            what,
            os.getpid(),
        )
        os._exit(1)  # not 3 or 4: those codes make the arbiter stop the whole server

    worker.request_watchdog = Watchdog(
        limit=REQUEST_TIMEOUT,
        grace=REQUEST_TIMEOUT_GRACE,
        on_stuck=end_worker,
        warn=worker.log.warning,
    )
    worker.request_watchdog.start()


def pre_request(worker, req):
    worker.log.debug("%s %s", req.method, req.path)
    watchdog = getattr(worker, "request_watchdog", None)
    if watchdog is not None:
        watchdog.request_started(f"{req.method} {redact_secrets(req.path)}")


def post_request(worker, req, environ, resp):
    watchdog = getattr(worker, "request_watchdog", None)
    if watchdog is not None:
        watchdog.request_finished()


limit_request_line = 8190  # the default 4094 answered a long search address with a bare 414
