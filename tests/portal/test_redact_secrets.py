"""Receipt tokens are never kept in clear: audit rows, log lines, gunicorn's access log."""

import contextlib
import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from gunicorn.config import Config

from advisories.models import AuditEvent
from advisories.services import issue_token
from portal.gunicorn_logging import RedactingLogger
from portal.redact import redact_secrets
from tests.conftest import seed_receipts

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zk3_secret-TOKEN-value_0123456789abcdefghijklm"


def test_redact_secrets_takes_out_the_token_only():
    assert redact_secrets(f"/xac-nhan/{TOKEN}/") == "/xac-nhan/…/"
    assert redact_secrets(f"POST /en/xac-nhan/{TOKEN}/?a=1 HTTP/1.1") == (
        "POST /en/xac-nhan/…/?a=1 HTTP/1.1"
    )
    assert redact_secrets("/van-ban/?trang=2") == "/van-ban/?trang=2"


@pytest.mark.django_db
def test_a_refused_post_leaves_no_token_in_the_audit_row_nor_the_log(seeded, caplog):
    token = issue_token(delivery=seed_receipts())
    url = reverse("advisories:receipt_confirm", args=[token])
    csrf_client = Client(enforce_csrf_checks=True)
    caplog.set_level(logging.INFO)
    response = csrf_client.post(url, {"name": "X", "position": "Y"})  # no CSRF token
    assert response.status_code == 403
    row = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_REFUSED).latest("pk")
    assert token not in row.path + row.detail
    assert row.path == "/xac-nhan/…/"
    for event in AuditEvent.objects.all():
        assert token not in f"{event.path} {event.detail} {event.target_repr}"
    # the console handler's filter (portal.logs) redacts what Django and the audit log write
    from portal.logs import EscapeLineBreaksFilter

    for record in caplog.records:
        EscapeLineBreaksFilter().filter(record)
        assert token not in record.getMessage(), record.name


def test_gunicorn_access_log_atoms_are_redacted():
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/xac-nhan/{TOKEN}/",
        "PATH_INFO": f"/xac-nhan/{TOKEN}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://canhbao.example.vn/xac-nhan/{TOKEN}/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(
        status="302 Found", sent=0, headers=[("Location", f"/xac-nhan/{TOKEN}/")]
    )
    request = SimpleNamespace(headers=[("HOST", "canhbao.example.vn")])
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=3))
    assert atoms["r"] == "POST /xac-nhan/…/ HTTP/1.1"
    assert atoms["U"] == "/xac-nhan/…/"
    assert TOKEN not in repr(atoms)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_real_gunicorn_writes_no_token_in_its_access_log(tmp_path):
    port = _free_port()
    env = os.environ | {
        "DEBUG": "0",  # as in production (with DEBUG on, Django adds a console handler of its own)
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(gunicorn), "portal.wsgi", "-c", "portal/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            with contextlib.suppress(OSError):  # any status: the log line is what is tested
                urllib.request.urlopen(f"http://127.0.0.1:{port}/xac-nhan/{TOKEN}/", timeout=5)
            time.sleep(0.3)
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = log.read_text()
    assert "/healthz" in text, text
    assert "/xac-nhan/…/" in text, text
    assert TOKEN not in text, text


LOG_PROBE = f"""
import logging
import django
django.setup()
logging.getLogger("django.request").warning("Not Found: %s", "/xac-nhan/{TOKEN}/")
logging.getLogger("django.server").info('"%s" %s %s', "GET /xac-nhan/{TOKEN}/ HTTP/1.1", 200, 5)
logging.getLogger("advisories").warning("line one\\nforged line")
loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
unfiltered = [
    (logger.name, type(handler).__name__)
    for logger in loggers
    for handler in getattr(logger, "handlers", [])
    # A NullHandler (urllib3, requests) writes nothing.
    if not isinstance(handler, logging.NullHandler)
    and not any(type(f).__name__ == "EscapeLineBreaksFilter" for f in handler.filters)
]
print("unfiltered handlers:", unfiltered)
"""


def test_with_debug_on_every_log_handler_redacts_and_keeps_one_line(tmp_path):
    """Django's default handlers (its DEBUG console, runserver's request lines) are replaced by
    ones with the filter: with DEBUG on they printed each token in clear."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_LEVEL"}}
    env |= {"DEBUG": "True", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", LOG_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "unfiltered handlers: []" in result.stdout
    assert TOKEN not in result.stderr
    assert result.stderr.count("Not Found: /xac-nhan/…/") == 1  # once, not twice
    assert 'GET /xac-nhan/…/ HTTP/1.1" 200 5' in result.stderr
    assert "line one\\nforged line" in result.stderr
