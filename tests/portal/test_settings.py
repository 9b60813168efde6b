"""Settings refuse unsafe production values at start-up, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k7Qz-9vLw2Xr_8TnYp4Hs6Jd3Fg5Bm1Ce0Ua7Wq9Zx2Vy4Nt6Rp8Lo3Ki5Mj"
PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "canhbao.example.vn",
    "SECURE_SSL_REDIRECT": "True",
    "SECURE_COOKIES": "True",
    "SECURE_HSTS_SECONDS": "31536000",
    "EMAIL_URL": "smtp://canhbao:mat-khau@mail.example.vn:587/?tls=True",
}
# DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests (Playwright) in this process.
_OURS = {
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "BEHIND_PROXY",
    "TRUSTED_PROXY_COUNT",
    *PRODUCTION,
}


def _run(code, **env):
    """Run `code` in a fresh interpreter with only `env` (no .env file values)."""
    clean = {k: v for k, v in os.environ.items() if k not in _OURS}
    clean |= env
    prelude = "import environ; environ.Env.read_env = staticmethod(lambda *a, **k: None);"
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def _start(**env):
    return _run("import portal.settings as s; print('ok', s.DEBUG)", **env)


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = _start(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("short-but-random-Qz8", "it has 20 characters, at least 50 are needed"),
        ("ab" * 30, "fewer than 5 different characters"),
        ("django-insecure-" + STRONG_KEY, "starts with 'django-insecure-'"),
    ],
    ids=["short", "repetitive", "startproject"],
)
def test_weak_secret_key_stops_start_up_with_a_clear_message(key, reason):
    result = _start(DEBUG="False", SECRET_KEY=key, ALLOWED_HOSTS="canhbao.example.vn")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert reason in result.stderr


def test_wildcard_host_is_refused_in_production():
    result = _start(DEBUG="False", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_values_start():
    result = _start(DEBUG="False", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="canhbao.example.vn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok False"


def test_secure_cookies_get_host_prefixed_names():
    result = _run(
        "import portal.settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE)",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["__Host-sessionid", "__Host-csrftoken", "True"]


def test_deploy_checks_pass_with_production_settings():
    """The same command CI runs: no warning at all with the production environment."""
    env = {k: v for k, v in os.environ.items() if k not in _OURS} | PRODUCTION
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "0"),
        ({"BEHIND_PROXY": "True"}, "1"),
        ({"BEHIND_PROXY": "True", "TRUSTED_PROXY_COUNT": "2"}, "2"),
        ({"TRUSTED_PROXY_COUNT": "1"}, "1"),
    ],
    ids=["direct", "behind-one-proxy", "two-proxies", "count-alone"],
)
def test_behind_proxy_trusts_one_proxy_unless_told_how_many(env, expected):
    result = _run(
        "import portal.settings as s; print(s.TRUSTED_PROXY_COUNT, s.AXES_CLIENT_IP_CALLABLE)",
        **PRODUCTION,
        **env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [expected, "portal.clientip.client_address"]
