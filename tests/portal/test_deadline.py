"""A request past REQUEST_TIMEOUT is cut off, with the threaded worker `make run` uses
(portal.deadline, portal/gunicorn.conf.py): interrupted if it runs Python, its worker ended
and replaced if it is stuck in C."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.test import RequestFactory

from portal.deadline import RequestTimedOut, RequestTimedOutMiddleware, Watchdog

ROOT = Path(__file__).resolve().parents[2]


class Outcome:
    def __init__(self):
        self.stuck: list[str] = []
        self.warnings: list[str] = []
        self.interrupted = threading.Event()

    def watchdog(self, limit=0.2, grace=0.5):
        return Watchdog(
            limit=limit,
            grace=grace,
            on_stuck=lambda what, age: self.stuck.append(what),
            warn=lambda message, *args: self.warnings.append(message % args),
        )


def _serve(watchdog, outcome, work):
    def run():
        watchdog.request_started("GET /cham/")
        try:
            work()
        except RequestTimedOut:
            outcome.interrupted.set()
        finally:
            watchdog.request_finished()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _busy():
    while True:
        pass


def _check_until(watchdog, condition, seconds=20):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        watchdog.check()
        time.sleep(0.05)


def test_a_request_running_python_past_the_limit_is_interrupted_alone():
    outcome = Outcome()
    watchdog = outcome.watchdog()
    thread = _serve(watchdog, outcome, _busy)

    _check_until(watchdog, outcome.interrupted.is_set)
    thread.join(5)

    assert outcome.interrupted.is_set()
    assert not thread.is_alive()
    assert outcome.warnings == ["Request past 0.2s, interrupted: GET /cham/"]
    assert outcome.stuck == []


def test_a_request_stuck_in_c_past_the_grace_ends_the_worker():
    outcome = Outcome()
    watchdog = outcome.watchdog()
    _serve(watchdog, outcome, lambda: time.sleep(3))  # the exception waits for sleep to end

    _check_until(watchdog, lambda: outcome.stuck)

    assert outcome.stuck == ["GET /cham/"]


def test_a_request_finished_in_time_is_left_alone():
    outcome = Outcome()
    watchdog = outcome.watchdog(limit=5)
    _serve(watchdog, outcome, lambda: time.sleep(0.1)).join(5)
    watchdog.check()

    assert not outcome.interrupted.is_set()
    assert outcome.warnings == outcome.stuck == []


@pytest.mark.django_db
def test_django_answers_an_interrupted_request_with_a_503_page():
    request = RequestFactory().get("/")
    response = RequestTimedOutMiddleware(lambda r: None).process_exception(
        request, RequestTimedOut()
    )

    assert response.status_code == 503
    assert "Yêu cầu chạy quá lâu" in response.content.decode()
    assert response["Retry-After"] == "60"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def _wait_for(port, process):
    """The answer of /pid once the server answers (at most 30 s)."""
    for _ in range(300):
        if process.poll() is not None:
            raise AssertionError(process.stdout.read())
        try:
            return _get(port, "/pid")
        except OSError:
            time.sleep(0.1)
    raise AssertionError("gunicorn did not start")


@pytest.fixture
def gunicorn():
    """gunicorn with the portal's configuration file, threaded as bin/serve runs it, a
    one-second deadline and grace."""
    port = _free_port()
    env = os.environ | {"REQUEST_TIMEOUT": "1", "REQUEST_TIMEOUT_GRACE": "1"}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "tests.portal.slow_app:app",
            "-c",
            "portal/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "4",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(port, process)
        yield port, process
    finally:
        process.terminate()
        process.wait(30)


def test_gunicorn_interrupts_a_busy_request_and_replaces_a_worker_stuck_in_one(gunicorn):
    port, process = gunicorn
    status, first_pid = _get(port, "/pid")
    assert status == 200

    assert _get(port, "/busy") == (503, "interrupted")
    assert _get(port, "/pid") == (200, first_pid)  # the same worker goes on

    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _get(port, "/stuck")
    status, second_pid = _wait_for(port, process)
    assert status == 200
    assert second_pid != first_pid
