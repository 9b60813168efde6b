"""Behind a real nginx on the loopback: the client's address is the one nginx saw, whatever the
client writes into X-Forwarded-For; the login lockout holds per username AND that address.

Each client connects to nginx from its own loopback address (127.0.0.2, 127.0.0.3, …): nginx's
`$proxy_add_x_forwarded_for` appends that address to whatever X-Forwarded-For the client sent,
and the portal (TRUSTED_PROXY_COUNT = 1) must take the rightmost entry. Found before: every
failure recorded 127.0.0.1 (nginx), and 12 failures from 12 strangers locked the victim out.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from axes.models import AccessAttempt

from advisories.models import AuditEvent
from tests.factories import StaffUserFactory

LOGIN = "/quan-tri/login/"
PASSWORD = "mat-khau-dai-123"
WRONG = "sai-mat-khau-123"
VICTIM_ADDRESS = "127.0.0.50"

NGINX_CONF = """\
{user_line}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


@pytest.fixture(scope="session")
def nginx_path():
    path = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if path is None:
        message = "Debian's nginx is not installed (apt-get install nginx-light)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a missing proxy is a failure there
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def proxy(nginx_path, live_server, tmp_path, settings):
    """nginx in front of the live server, as in production (one trusted proxy). Yields the
    port nginx listens on."""
    settings.TRUSTED_PROXY_COUNT = 1
    port = _free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            tmp=tmp_path,
            port=port,
            upstream=live_server.url,
            # As root, nginx would hand its workers to "nobody", who cannot write in tmp_path.
            user_line="user root;" if os.geteuid() == 0 else "",
        )
    )
    # -e: the error log before the configuration is read (else the compiled-in path is tried).
    command = [nginx_path, "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for_port(port, process, tmp_path)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for_port(port, process, tmp_path):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (tmp_path / "error.log").read_text() if (tmp_path / "error.log").exists() else ""
            raise RuntimeError(f"nginx stopped: {process.stderr.read().decode()} {log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nginx did not listen within 10 s")


class Browser:
    """A client at one loopback address, keeping its cookies, talking HTTP to nginx."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, SimpleCookie()

    def request(self, method, path, body=None, forwarded_for=None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=20, source_address=(self.address, 0)
        )
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v.value}" for k, v in self.cookies.items())
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for  # what a client may forge
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read().decode()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return response.status, response.headers, content

    def log_in(self, username, password, forwarded_for=None):
        """The admin's login form, as a person fills it: the page first, then the POST."""
        status, _, page = self.request("GET", LOGIN, forwarded_for=forwarded_for)
        assert status == 200, page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/quan-tri/",
        }
        status, headers, _ = self.request(
            "POST", LOGIN, body=urlencode(form), forwarded_for=forwarded_for
        )
        return status, headers


@pytest.fixture
def victim(transactional_db):
    return StaffUserFactory(username="vanthu", password=PASSWORD)


def test_failures_from_twelve_other_clients_leave_the_victim_able_to_log_in(proxy, victim):
    strangers = [f"127.0.0.{n}" for n in range(2, 14)]
    for n, address in enumerate(strangers):
        # Each stranger claims to be the victim (or anything) in X-Forwarded-For: ignored.
        forged = f"{VICTIM_ADDRESS}, 10.0.0.{n}" if n % 2 else VICTIM_ADDRESS
        status, _ = Browser(proxy, address).log_in("vanthu", WRONG, forwarded_for=forged)
        assert status == 200  # the form again, with the one message for every failure

    failures = AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED, username="vanthu")
    assert sorted(failures.values_list("ip_address", flat=True)) == sorted(strangers)
    assert set(failures.values_list("path", flat=True)) == {LOGIN}
    attempts = AccessAttempt.objects.filter(username="vanthu")
    assert sorted(attempts.values_list("ip_address", flat=True)) == sorted(strangers)

    status, headers = Browser(proxy, VICTIM_ADDRESS).log_in("vanthu", PASSWORD)
    assert status == 302
    assert urlsplit(headers["Location"]).path == "/quan-tri/"
    login = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN, username="vanthu")
    assert login.ip_address == VICTIM_ADDRESS


def test_five_failures_from_one_client_lock_that_client_out_for_that_username(
    proxy, victim, settings
):
    attacker = Browser(proxy, "127.0.0.20")
    # A new forged address each time does not make a new client; the last failure locks.
    statuses = [
        attacker.log_in("vanthu", WRONG, forwarded_for=f"198.51.100.{n}")[0]
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    status, _ = attacker.log_in("vanthu", PASSWORD, forwarded_for="198.51.100.99")
    assert status == 429  # even the right password, from the locked-out client

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.20"}
    status, _ = Browser(proxy, VICTIM_ADDRESS).log_in("vanthu", PASSWORD)
    assert status == 302  # the victim, at their own address, is not locked out
