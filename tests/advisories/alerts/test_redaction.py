"""The tokens of alert links are never at rest in clear: not in the database (tasks
included), not in an audit row, not in a log line, not in gunicorn's access log. And the
tasks' rows hold no address either."""

import json
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from gunicorn.config import Config

from advisories.alerts.sending import issue_confirm_token
from advisories.alerts.tokens import unsubscribe_token
from advisories.models import AlertSubscription, AuditEvent, SentAlert
from advisories.services import publish_dispatch
from portal.gunicorn_logging import RedactingLogger
from portal.logs import EscapeLineBreaksFilter
from portal.redact import redact_secrets
from tests.advisories.conftest import make_addressed_draft, read_mails

from .conftest import confirm_link_in, path_of, subscribe, subscribe_form, unsubscribe_link_in


def test_redact_secrets_knows_the_alert_links():
    assert redact_secrets("/nhan-canh-bao/xac-nhan/Zk3_abc-DEF/") == "/nhan-canh-bao/xac-nhan/…/"
    assert redact_secrets("POST /en/huy/1a-0f9e/ HTTP/1.1") == "POST /en/huy/…/ HTTP/1.1"
    assert redact_secrets("https://x.vn/huy/3-ab?x=1") == "https://x.vn/huy/…?x=1"
    assert redact_secrets("/nhan-canh-bao/da-gui/") == "/nhan-canh-bao/da-gui/"


@pytest.mark.django_db
def test_a_refused_confirmation_post_and_a_missing_link_leave_no_token(caplog):
    subscription = subscribe("me@example.vn", confirm=False)
    token = issue_confirm_token(subscription_id=subscription.pk)
    caplog.set_level(logging.INFO)
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(reverse("advisories:alerts_confirm", args=[token])).status_code == 403
    row = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_REFUSED).latest("pk")
    assert row.path == "/nhan-canh-bao/xac-nhan/…/"
    stale = unsubscribe_token(pk=subscription.pk + 1000, nonce="x")
    assert browser.get(reverse("advisories:alerts_unsubscribe", args=[stale])).status_code == 404
    assert caplog.records, "Django logs the refused and the missing pages"
    for record in caplog.records:
        EscapeLineBreaksFilter().filter(record)  # what the console handler does
        message = record.getMessage()
        assert token not in message and stale not in message, record.name
    for event in AuditEvent.objects.all():
        assert token not in f"{event.path} {event.detail} {event.target_repr}"


def test_gunicorn_access_log_atoms_are_redacted():
    token = "7-0123456789abcdef0123456789abcdef01234567"
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/huy/{token}/",
        "PATH_INFO": f"/huy/{token}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://canhbao.example.vn/huy/{token}/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=0, headers=[])
    request = SimpleNamespace(headers=[("HOST", "canhbao.example.vn")])
    atoms = RedactingLogger(Config()).atoms(response, request, environ, timedelta(milliseconds=3))
    assert atoms["r"] == "POST /huy/…/ HTTP/1.1"
    assert token not in repr(atoms)


@pytest.mark.django_db(transaction=True)
def test_no_token_nor_address_is_stored_anywhere(client, mail_dir, run_worker, alert_rates):
    client.post(reverse("advisories:alerts_subscribe"), subscribe_form("me@example.vn"))
    run_worker()
    confirm = confirm_link_in(read_mails(mail_dir)[0])
    client.post(path_of(confirm))
    dispatch, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    run_worker()
    alert = next(m for m in read_mails(mail_dir) if m["List-Unsubscribe"])
    unsubscribe = unsubscribe_link_in(alert)
    secrets = [
        confirm.rstrip("/").rsplit("/", 1)[1],
        unsubscribe.rstrip("/").rsplit("/", 1)[1],
    ]
    rows = [
        *AlertSubscription.objects.values(),
        *SentAlert.objects.values(),
        *AuditEvent.objects.values(),
    ]
    tasks = list(DBTaskResult.objects.values("args_kwargs", "return_value", "exception_class_path"))
    assert tasks
    stored = json.dumps([rows, tasks], default=str)
    for secret in secrets:
        assert secret not in stored
    assert "me@example.vn" not in json.dumps(tasks, default=str)
