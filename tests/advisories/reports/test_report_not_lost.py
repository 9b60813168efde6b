"""A report is never lost: when the database breaks while a report is being stored, the citizen
gets a Vietnamese 503 page with what they wrote still in the form (never a 500), and sending it
again stores exactly one report; a form sent twice (its answer lost) stores one report and shows
the same reference code.

The fault is real: on PostgreSQL the session storing the report is terminated from another
connection (pg_terminate_backend, what a database restart does to it) just as its INSERT is
sent; SQLite has no server to lose, so there the INSERT fails as on a locked database file.
"""

import contextlib
import io
import json
import re

import pytest
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client
from django.urls import reverse
from PIL import Image

from advisories.models import ScamReport
from advisories.reports import challenge
from advisories.reports.images import CleanImage
from advisories.services.reports import find_report, submit_report

URL = reverse("advisories:report")
CODE = re.compile(r'id="reference-code">([A-Z0-9-]{19})<')
WHAT = "Có người xưng là giáo viên gọi từ 0912 345 678, gửi link cài Sổ liên lạc điện tử."

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _form(page: str) -> dict:
    """What the browser sends from the form `page` shows: its key, its solved challenge."""
    raw = re.search(r'data-challenge="([^"]+)"', page).group(1)
    return {
        "what_happened": WHAT,
        "channel": "call",
        "used": "0912 345 678",
        "amount_lost": "2000000",
        "province": "An Giang",
        "contact": "0987 000 111",
        "consent": "on",
        "altcha": challenge.solve(json.loads(raw.replace("&quot;", '"'))),
        "submission": re.search(r'name="submission" value="([^"]+)"', page).group(1),
    }


def _terminate(pid: int) -> None:
    """End the PostgreSQL session `pid` from another connection, and wait until it is gone."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
    finally:
        other.close()


@contextlib.contextmanager
def database_breaks_on_insert_into(table: str):
    """The database connection breaks when the first INSERT into `table` is sent."""
    broken = []

    def fault(execute, sql, params, many, context):
        if not broken and sql.startswith(f'INSERT INTO "{table}"'):
            broken.append(sql)
            if connection.vendor == "postgresql":
                _terminate(connection.connection.info.backend_pid)
            else:
                raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fault):
        yield broken


def test_a_broken_connection_gives_a_503_with_the_input_kept_and_a_retry_stores_one():
    client = Client(REMOTE_ADDR="198.51.100.21")
    sent = _form(client.get(URL).content.decode())

    with database_breaks_on_insert_into("advisories_scamreport") as broken:
        response = client.post(URL, sent)

    assert broken  # the fault did happen, at the INSERT of the report
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "chưa lưu được phản ánh của bạn" in page
    assert WHAT in page  # what the citizen wrote is still in the form
    assert 'value="0987 000 111"' in page
    assert not ScamReport.objects.exists()  # nothing half-stored

    # The citizen sends the same form again (the page's new challenge solved by the browser).
    retry = client.post(URL, _form(page) | {"submission": sent["submission"]})

    assert retry.status_code == 201
    code = CODE.search(retry.content.decode()).group(1)
    assert ScamReport.objects.count() == 1
    assert find_report(code).what_happened == WHAT


def test_a_form_sent_twice_stores_one_report_and_shows_the_same_code():
    """The answer to the first sending is lost (the connection dropped after the commit): the
    browser sends the very same form again, its challenge already used."""
    client = Client(REMOTE_ADDR="198.51.100.22")
    sent = _form(client.get(URL).content.decode())

    first = client.post(URL, sent)
    again = client.post(URL, sent)

    assert (first.status_code, again.status_code) == (201, 200)
    codes = [CODE.search(r.content.decode()).group(1) for r in (first, again)]
    assert codes[0] == codes[1]
    assert ScamReport.objects.count() == 1


def test_another_form_is_another_report():
    client = Client(REMOTE_ADDR="198.51.100.23")
    for _ in range(2):
        assert client.post(URL, _form(client.get(URL).content.decode())).status_code == 201
    assert ScamReport.objects.count() == 2


def test_a_screenshot_written_before_the_database_broke_is_not_left_on_disk(tmp_path):
    """The file is written before its row; the row's INSERT fails: neither report nor file."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    screenshot = CleanImage(content=buffer.getvalue(), width=40, height=30)

    with (
        database_breaks_on_insert_into("advisories_reportscreenshot") as broken,
        pytest.raises((OperationalError, InterfaceError)),
    ):
        submit_report(
            channel="call", province="An Giang", consent_text="Đồng ý.", screenshots=[screenshot]
        )

    assert broken  # the fault happened where it should
    assert not ScamReport.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []
