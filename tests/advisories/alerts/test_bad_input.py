"""Bad input in the subscription form and the alert links: a 4xx with a Vietnamese message,
never a 500 (Hypothesis, with the nasty values of tests/portal/test_bad_input.py)."""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.portal.test_bad_input import BOUNDED, assert_refused_or_served, nasty_text

from .conftest import subscribe_form

pytestmark = pytest.mark.django_db

FIELDS = ["email", "frequency", "consent", "consent_version", "target_kind", "target"]


def _sendable(text):
    """What a browser can send (lone surrogates arrive as replacement characters)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@BOUNDED
@given(field=st.sampled_from(FIELDS), value=nasty_text, kind=st.sampled_from(FIELDS[4:]))
def test_the_subscription_form_never_causes_a_server_error(alert_rates, field, value, kind):
    data = subscribe_form("me@example.vn") | {field: _sendable(value)}
    response = Client().post("/nhan-canh-bao/", data)
    assert response.status_code in {303, 400}, response.status_code
    if response.status_code == 400:
        assert_refused_or_served(response)


def test_a_nul_byte_in_the_form_is_refused(client, alert_rates):
    response = client.post("/nhan-canh-bao/", subscribe_form("me\x00@example.vn"))
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


@BOUNDED
@given(value=nasty_text)
def test_tokens_in_the_links_never_cause_a_server_error(value):
    encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
    client = Client()
    for path in (f"/nhan-canh-bao/xac-nhan/{encoded}/", f"/huy/{encoded}/", f"/huy/1-{encoded}/"):
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code < 500, (path, response.status_code)
