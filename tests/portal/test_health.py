"""Liveness and readiness probes."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse


def test_healthz_answers_without_touching_the_database(client):
    # no `db` fixture: pytest-django would fail the test on any database access
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "worker": "ok"}
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_503_with_json_when_the_database_does_not(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(connection, "cursor", unreachable)  # Django's, not our code
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "databases": {"default": "OperationalError"},
    }
    assert "no-store" in response.headers["Cache-Control"]


def test_probes_refuse_writes(client):
    assert client.post(reverse("healthz")).status_code == 405


@pytest.mark.django_db
def test_a_lost_database_gives_a_vietnamese_503_not_a_500(client, monkeypatch, caplog):
    def unreachable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", unreachable)  # Django's, not our code
    response = client.get(reverse("advisories:dispatch_list"))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "Hệ thống tạm thời gián đoạn" in response.content.decode()
    assert "server closed the connection unexpectedly" in caplog.text  # the cause, for operators
