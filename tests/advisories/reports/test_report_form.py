"""Report a scam at /phan-anh/ without an account: explicit consent, a reference code shown
once, screenshots cleaned of their metadata, spam held off by a proof-of-work challenge and
per-client limits, and withdrawal by the code deleting the personal data."""

import io
import itertools
import json
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from advisories.models import ReportScreenshot, ScamReport
from advisories.reports import challenge
from advisories.reports.forms import PROVINCES

URL = reverse("advisories:report")
LOOKUP = reverse("advisories:report_lookup")
CODE = re.compile(r'id="reference-code">([A-Z0-9-]{19})<')

pytestmark = pytest.mark.django_db
_CLIENTS = itertools.count(1)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _answer(client):
    page = client.get(URL).content.decode()
    data = re.search(r'data-challenge="([^"]+)"', page).group(1)
    return challenge.solve(json.loads(data.replace("&quot;", '"')))


def _data(client=None, **extra):
    data = {
        "what_happened": "Có người xưng là giáo viên gọi, gửi link cài Sổ liên lạc điện tử.",
        "channel": "call",
        "used": "0912 345 678",
        "amount_lost": "2000000",
        "province": "An Giang",
        "consent": "on",
    }
    if client is not None:
        data["altcha"] = _answer(client)
    return data | extra


def _jpeg_with_gps():
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Máy chụp của người báo"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 22.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_the_form_asks_consent_unticked_with_purpose_recipient_time_and_withdrawal(client):
    page = client.get(URL).content.decode()
    assert 'name="consent"' in page and "checked" not in re.search(
        r'<input type="checkbox" name="consent"[^>]*>', page
    ).group(0)
    for words in ("mục đích", "Người nhận", "180 ngày", "rút phản ánh"):
        assert words in page
    assert 'name="contact"' in page and "không bắt buộc" in page


def test_a_report_is_stored_with_its_consent_and_the_code_shown_once(client):
    response = client.post(URL, _data(client))
    assert response.status_code == 201
    code = CODE.search(response.content.decode()).group(1)
    report = ScamReport.objects.get()
    assert report.province == "An Giang" and report.amount_lost == 2_000_000
    assert report.passed_challenge
    assert "180 ngày" in report.consent_text
    assert code.replace("-", "") not in json.dumps(list(ScamReport.objects.values()), default=str)

    status = client.post(LOOKUP, {"code": code.lower()})  # read back in any case
    assert status.status_code == 200
    assert "Mới" in status.content.decode()


def test_withdrawing_deletes_the_report_and_its_screenshots(client, tmp_path):
    shot = SimpleUploadedFile("anh.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(URL, _data(client, screenshots=[shot]))
    code = CODE.search(response.content.decode()).group(1)
    stored = ReportScreenshot.objects.get()
    path = stored.image.path
    response = client.post(LOOKUP, {"code": code, "action": "withdraw"})
    assert "Đã rút phản ánh" in response.content.decode()
    assert not ScamReport.objects.exists() and not ReportScreenshot.objects.exists()
    assert not os.path.exists(path)
    assert client.post(LOOKUP, {"code": code}).status_code == 404


def test_screenshots_larger_than_an_ordinary_form_are_taken(client, settings):
    """The report form may carry a few megabytes (portal.body_limits), other public forms not."""
    out = io.BytesIO()
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(out, format="PNG")
    assert len(out.getvalue()) > settings.REQUEST_MAX_BYTES
    shot = SimpleUploadedFile("anh.png", out.getvalue(), content_type="image/png")
    assert client.post(URL, _data(client, screenshots=[shot])).status_code == 201
    assert ReportScreenshot.objects.get().width == 700


def test_a_screenshot_is_re_encoded_without_exif_or_location(client):
    shot = SimpleUploadedFile("anh.jpg", _jpeg_with_gps(), content_type="image/jpeg")
    assert client.post(URL, _data(client, screenshots=[shot])).status_code == 201
    stored = ReportScreenshot.objects.get()
    with Image.open(stored.image.path) as image:
        assert image.format == "JPEG" and image.size == (40, 30)
        assert not image.getexif()
        assert "exif" not in image.info


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.png", b"<?php echo 'not an image'; ?>"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),  # a JPEG header and nothing else
    ],
)
def test_a_file_that_is_not_an_image_is_refused_whatever_its_name(client, name, content):
    shot = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post(URL, _data(client, screenshots=[shot]))
    assert response.status_code == 400
    assert "không phải ảnh" in response.content.decode()
    assert not ScamReport.objects.exists()


def test_too_many_pixels_is_refused_before_decoding(client, settings):
    settings.REPORT_SCREENSHOT_MAX_PIXELS = 100
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, format="PNG")
    shot = SimpleUploadedFile("to.png", out.getvalue(), content_type="image/png")
    response = client.post(URL, _data(client, screenshots=[shot]))
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()


def test_no_consent_no_report(client):
    response = client.post(URL, _data(client, consent=""))
    assert response.status_code == 400
    assert "Cần bạn đồng ý" in response.content.decode()
    assert not ScamReport.objects.exists()


def test_no_contact_is_needed(client):
    assert client.post(URL, _data(client, contact="")).status_code == 201


def test_an_answer_is_accepted_once(client):
    data = _data(client)
    assert client.post(URL, data).status_code == 201
    replay = client.post(URL, data)
    assert replay.status_code == 400
    assert "quá hạn hoặc đã được gửi" in replay.content.decode()
    assert ScamReport.objects.count() == 1


def test_a_forged_answer_is_refused(client):
    forged = challenge.new_challenge()
    forged["signature"] = "0" * 64
    response = client.post(URL, _data(altcha=challenge.solve(forged)))
    assert response.status_code == 400


def test_without_javascript_fewer_reports_are_taken_from_one_client(settings):
    settings.REPORTS_PER_HOUR_WITHOUT_CHALLENGE = 2
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(2):
        assert client.post(URL, _data()).status_code == 201
    refused = client.post(URL, _data())
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert ScamReport.objects.filter(passed_challenge=False).count() == 2
    other = Client(REMOTE_ADDR="198.51.100.8")
    assert other.post(URL, _data()).status_code == 201


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    field=st.sampled_from(["what_happened", "channel", "used", "amount_lost", "province"]),
    value=st.text(max_size=300).map(
        lambda t: t.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    ),
)
def test_any_value_in_any_field_is_taken_or_refused_in_vietnamese(field, value):
    n = next(_CLIENTS)  # a client each: the per-client limit is not what this test is about
    client = Client(REMOTE_ADDR=f"198.18.{n // 256}.{n % 256}")
    response = client.post(URL, _data(**{field: value}))
    assert response.status_code == expected_status(field, value), response.status_code
    if response.status_code == 400 and "\x00" not in value:
        assert 'class="form-errors" role="alert"' in response.content.decode()


def _whole_number(text: str) -> int | None:
    """A number as the form reads one: Python's int() of the text, a trailing ".0…" allowed."""
    try:
        return int(re.sub(r"\.0*\s*$", "", text))
    except ValueError:
        return None


def expected_status(field: str, value: str) -> int:
    """201 when `value` is acceptable in `field` (every other field valid), else 400: a NUL
    byte is refused before any view; what happened must say something (surrounding spaces do
    not count); the channel and the province are one of the form's choices as sent; what the
    scammer used is at most 255 characters once trimmed; an amount is empty or a whole number
    of đồng from 0 to 10^13."""
    if "\x00" in value:
        return 400
    valid = {
        "what_happened": lambda: bool(value.strip()),
        "channel": lambda: value in ScamReport.Channel.values,
        "used": lambda: len(value.strip()) <= 255,
        "amount_lost": lambda: (
            value == ""
            or (_whole_number(value) is not None and 0 <= _whole_number(value) <= 10**13)
        ),
        "province": lambda: value in PROVINCES,
    }[field]()
    return 201 if valid else 400


@pytest.mark.parametrize(
    ("field", "value", "status"),
    [
        ("what_happened", " \n ", 400),
        ("channel", "sms", 201),
        ("channel", "SMS", 400),
        ("used", "x" * 256, 400),
        ("amount_lost", " 5000 ", 201),
        ("amount_lost", "-1", 400),
        ("amount_lost", "", 201),
        ("province", "Nghệ An", 201),
        ("province", "Nghe An", 400),
    ],
)
def test_the_expected_status_is_what_the_form_answers(field, value, status):
    assert expected_status(field, value) == status
    client = Client(REMOTE_ADDR=f"198.19.0.{next(_CLIENTS) % 250}")
    assert client.post(URL, _data(**{field: value})).status_code == status
