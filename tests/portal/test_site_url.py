"""`make run` mails links to the address it serves on: bin/serve exports SITE_URL from
bin/site-url, which keeps a SITE_URL set in the environment or in .env."""

import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bin" / "site-url"


@pytest.fixture
def checkout(tmp_path):
    """A copy of the script in a folder of its own, with the .env the test writes."""
    (tmp_path / "bin").mkdir()
    shutil.copy(SCRIPT, tmp_path / "bin" / "site-url")
    return tmp_path


def _site_url(checkout, bind, **env):
    environment = {"PATH": "/usr/bin:/bin", **env}
    result = subprocess.run(
        [str(checkout / "bin" / "site-url"), bind],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return result.stdout.strip()


def test_the_port_served_is_the_port_in_the_links(checkout):
    assert _site_url(checkout, "127.0.0.1:8122") == "http://127.0.0.1:8122"


def test_an_address_on_every_interface_is_linked_as_localhost(checkout):
    assert _site_url(checkout, "0.0.0.0:8000") == "http://127.0.0.1:8000"


def test_a_site_url_in_the_environment_wins(checkout):
    url = _site_url(checkout, "127.0.0.1:8122", SITE_URL="https://canhbao.angiang.gov.vn")
    assert url == "https://canhbao.angiang.gov.vn"


def test_a_site_url_in_the_env_file_wins(checkout):
    (checkout / ".env").write_text("SECRET_KEY=x\nSITE_URL='https://canhbao.example.vn'\n")
    assert _site_url(checkout, "127.0.0.1:8122") == "https://canhbao.example.vn"


def test_serve_exports_it_to_gunicorn_and_the_worker():
    serve = (SCRIPT.parent / "serve").read_text()
    export = serve.index("export SITE_URL")
    assert serve.index('SITE_URL=$(bin/site-url "$BIND")') < export
    assert export < serve.index("manage.py db_worker")
    assert export < serve.index('gunicorn" portal.wsgi')
