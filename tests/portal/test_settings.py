"""Settings refuse unsafe production values at start-up."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start(**env):
    """Import the settings in a fresh interpreter with only `env` (no .env file values)."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}
    }
    clean |= env
    code = (
        "import environ; environ.Env.read_env = staticmethod(lambda *a, **k: None);"
        "import portal.settings as s; print('ok', s.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = _start(DEBUG="False")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_wildcard_host_is_refused_in_production():
    result = _start(DEBUG="False", SECRET_KEY="x" * 50, ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_values_start():
    result = _start(DEBUG="False", SECRET_KEY="x" * 50, ALLOWED_HOSTS="canhbao.example.vn")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok False"
