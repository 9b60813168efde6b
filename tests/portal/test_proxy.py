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
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from advisories.models import AuditEvent
from tests.factories import StaffUserFactory

ROOT = settings.BASE_DIR
LOGIN = "/quan-tri/login/"
PASSWORD = "mat-khau-dai-123"
WRONG = "sai-mat-khau-123"
VICTIM_ADDRESS = "127.0.0.50"

# The README's nginx lines ("Production layout"): each security header a reply lacks is filled
# in by nginx, so its own errors (414, 400 header too large, 502) and gunicorn's (431) carry
# them, while Django's replies keep theirs (one header each, the CSP with its nonce).
HEADER_MAPS = """\
map $upstream_http_content_security_policy $portal_csp {
    "" "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    default "";
}
map $upstream_http_x_content_type_options $portal_nosniff { "" "nosniff"; default ""; }
map $upstream_http_x_frame_options $portal_frame_options { "" "DENY"; default ""; }
map $upstream_http_referrer_policy $portal_referrer { "" "no-referrer"; default ""; }
map $upstream_http_cross_origin_resource_policy $portal_corp { "" "same-origin"; default ""; }
"""
HEADER_LINES = """\
add_header Content-Security-Policy $portal_csp always;
add_header X-Content-Type-Options $portal_nosniff always;
add_header X-Frame-Options $portal_frame_options always;
add_header Referrer-Policy $portal_referrer always;
add_header Cross-Origin-Resource-Policy $portal_corp always;
"""
PROXY_LINES = """\
proxy_set_header Host $host;
proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
proxy_set_header X-Forwarded-Proto $scheme;
"""

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
{maps}
    server {{
        listen 127.0.0.1:{port};
{headers}
        location / {{
            proxy_pass {upstream};
{proxy}
        }}
    }}
}}
"""


@pytest.fixture(scope="session")
def nginx_path():
    path = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if path is None:
        message = "Debian's nginx is not installed (apt-get install nginx)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a missing proxy is a failure there
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _indent(lines: str, depth: int) -> str:
    return "\n".join(" " * depth + line for line in lines.splitlines())


@pytest.fixture
def start_nginx(nginx_path, tmp_path):
    """start_nginx(upstream_url) -> the port of an nginx in front of it, as in production."""
    processes = []

    def start(upstream: str) -> int:
        port = _free_port()
        folder = tmp_path / f"nginx-{port}"
        folder.mkdir()
        conf = folder / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                tmp=folder,
                port=port,
                upstream=upstream,
                maps=_indent(HEADER_MAPS, 4),
                headers=_indent(HEADER_LINES, 8),
                proxy=_indent(PROXY_LINES, 12),
                # As root, nginx would hand its workers to "nobody", who cannot write here.
                user_line="user root;" if os.geteuid() == 0 else "",
            )
        )
        # -e: the error log before the configuration is read (else the built-in path is tried).
        command = [nginx_path, "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        processes.append(process)
        _wait_for_port(port, process, folder / "error.log")
        return port

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def proxy(start_nginx, live_server, settings):
    """nginx in front of the live server, one trusted proxy. Yields the port nginx listens on."""
    settings.TRUSTED_PROXY_COUNT = 1
    return start_nginx(live_server.url)


def _wait_for_port(port, process, log_path):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text() if log_path.exists() else ""
            raise RuntimeError(f"server stopped: {process.stderr.read().decode()} {log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on port {port} within 30 s")


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


# --- What gunicorn refuses itself (414, 431) carries none of Django's headers ---------------


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn with the production config file (portal/gunicorn.conf.py), one worker. Only
    /healthz is asked of it: it needs no database, so the test database does not matter."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi", "-c", "portal/gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "/dev/null"]
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"), env=os.environ
    )
    try:
        _wait_for_port(port, process, log)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)


def _get(port, path, headers=()):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", "127.0.0.1")
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


def _has_the_security_headers(headers):
    return (
        headers.get_all("X-Content-Type-Options") == ["nosniff"]
        and len(headers.get_all("Content-Security-Policy") or []) == 1
        and "default-src 'none'" in headers["Content-Security-Policy"]
        and headers.get_all("X-Frame-Options") == ["DENY"]
    )


def test_a_long_address_reaches_django_and_gets_its_headers(gunicorn):
    # Gunicorn's default limit (4094) answered this with its own bare 414.
    status, headers = _get(gunicorn, "/healthz?q=" + "a" * 6000)
    assert status == 200
    assert _has_the_security_headers(headers)


def test_replies_gunicorn_and_nginx_make_themselves_get_the_headers_from_nginx(
    start_nginx, gunicorn
):
    port = start_nginx(f"http://127.0.0.1:{gunicorn}")

    status, headers = _get(port, "/healthz")
    assert status == 200
    assert _has_the_security_headers(headers)  # Django's, not doubled by nginx
    assert "script-src" in headers["Content-Security-Policy"]  # Django's policy, not nginx's

    too_many = [(f"X-Them-{n}", "1") for n in range(150)]  # gunicorn takes 100 header fields
    status, headers = _get(port, "/healthz", too_many)
    assert status == 431  # gunicorn's own reply
    assert _has_the_security_headers(headers)

    status, headers = _get(port, "/healthz?q=" + "a" * 10_000)  # past nginx's 8k buffers
    assert status == 414  # nginx's own reply
    assert _has_the_security_headers(headers)


def test_the_readme_gives_the_nginx_lines_these_tests_use():
    readme = (ROOT / "README.md").read_text()
    for line in (HEADER_MAPS + HEADER_LINES + PROXY_LINES).splitlines():
        assert line.strip() in readme, line
