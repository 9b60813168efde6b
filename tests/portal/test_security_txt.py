"""/.well-known/security.txt (RFC 9116): a contact from the settings and a date it expires."""

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def response(client, settings):
    settings.SECURITY_CONTACT = "mailto:baomat@angiang.gov.vn"
    settings.SITE_URL = "https://canhbao.angiang.gov.vn"
    return client.get("/.well-known/security.txt")


def _fields(response):
    lines = response.content.decode().splitlines()
    return dict(line.split(": ", 1) for line in lines)


def test_it_names_the_contact_from_the_settings(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response)
    assert fields["Contact"] == "mailto:baomat@angiang.gov.vn"
    assert fields["Canonical"] == "https://canhbao.angiang.gov.vn/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "vi, en"


def test_it_expires_within_a_year_as_the_rfc_asks(response):
    expires = dt.datetime.fromisoformat(_fields(response)["Expires"])
    assert timezone.now() < expires <= timezone.now() + dt.timedelta(days=366)


def test_it_is_read_only(client):
    assert client.post("/.well-known/security.txt").status_code == 405
