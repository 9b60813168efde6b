"""Bad input on every public query parameter and form: a 4xx with a Vietnamese message, never 500.

Property-based (Hypothesis): long strings, NUL bytes, RTL marks, SQL and template syntax,
broken UTF-8 in the address. Examples are bounded so CI stays fast.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

BOUNDED = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "\x00",
    "a\x00b",
    "\u202eRTL\u202c",
    "\u200f\u200e",
    "' OR 1=1 --",
    "'; DROP TABLE advisories_dispatch; --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "%s%s%s%n",
    "lừa đảo" * 1500,  # about 10 kB
    "\ud800",  # a lone surrogate
    "🙂" * 300,
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
]
nasty_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=300))

PUBLIC_LISTS = [
    ("advisories:dispatch_list", {}),
    ("advisories:search", {}),
    ("advisories:home", {}),
    ("advisories:pattern_list", {}),
    ("advisories:organisation_list", {}),
    ("advisories:if_scammed", {}),
    ("advisories:check", {}),
]
# The public query parameters: paging and every search filter (advisories/forms.py SearchForm).
PARAMETERS = ["q", "trang", "coquan", "tinh", "thudoan", "nam", "loai", "trangthai", "chinhxac"]


def assert_refused_or_served(response):
    assert response.status_code < 500, response.status_code
    if response.status_code == 400:
        # Either the generic 400 page, or the page itself with its form errors in Vietnamese.
        body = response.content.decode()
        form_error = re.search(r'class="form-errors" role="alert">(.*?)</', body, re.S)
        assert "Yêu cầu không hợp lệ" in body or (
            form_error and re.search(r"[à-ỹ]", form_error.group(1))
        ), body[:500]


@pytest.fixture
def fresh(seeded):
    return Client()


@BOUNDED
@given(
    page=st.sampled_from(PUBLIC_LISTS),
    parameter=st.sampled_from(PARAMETERS),
    value=nasty_text,
)
@example(page=PUBLIC_LISTS[1], parameter="q", value="\x00")
@example(page=PUBLIC_LISTS[0], parameter="trang", value="\x00")
@example(page=PUBLIC_LISTS[1], parameter="q", value="x" * 10_240)
def test_query_parameters_never_cause_a_server_error(fresh, page, parameter, value):
    name, kwargs = page
    url = reverse(name, kwargs=kwargs)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "surrogatepass").decode("latin-1")
    assert_refused_or_served(fresh.get(url, {parameter: value}))


@BOUNDED
@given(value=nasty_text)
def test_slugs_and_references_in_the_path_never_cause_a_server_error(fresh, value):
    from urllib.parse import quote

    encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
    for path in (
        f"/co-quan/{encoded}/",
        f"/thu-doan/{encoded}/",
        f"/van-ban/ubnd-an-giang/2025/{encoded}/",
        f"/vb/{encoded}/",
    ):
        assert_refused_or_served(fresh.get(path))


@pytest.mark.parametrize(
    "raw",
    ["%FF%FE", "%C3%28", "%ED%A0%80", "%E1%BB", "%00", "%%", "%G0"],
    ids=["ff-fe", "bad-continuation", "surrogate", "truncated", "nul", "percent", "bad-hex"],
)
def test_broken_utf8_in_the_address_never_causes_a_server_error(fresh, raw):
    assert_refused_or_served(fresh.get(f"/tim-kiem/?q={raw}"))
    assert_refused_or_served(fresh.get(f"/co-quan/{raw}/"))
    assert_refused_or_served(fresh.get(f"/van-ban/?trang={raw}"))


def test_a_nul_byte_is_refused_with_a_vietnamese_400(fresh):
    response = fresh.get("/tim-kiem/", {"q": "lua\x00dao"})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_nul_byte_in_a_form_is_refused(fresh):
    response = fresh.post(reverse("admin:login"), {"username": "a\x00", "password": "x"})
    assert response.status_code == 400


def _encodable(text):
    """Lone surrogates cannot be sent by a browser; they arrive as replacement characters."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


@BOUNDED
@given(username=nasty_text, password=nasty_text)
# stripped by the form to "a", but recorded as typed by django-axes (a 255-character column)
@example(username=" " * 300 + "a", password="x")
def test_the_login_form_never_causes_a_server_error(fresh, username, password):
    data = {"username": username, "password": password, "otp_token": password[:20]}
    data = {k: _encodable(v) for k, v in data.items()}
    response = fresh.post(reverse("admin:login"), data, REMOTE_ADDR="192.0.2.1")
    assert response.status_code in {200, 400, 429}


def test_an_oversized_body_is_refused_with_a_vietnamese_400(fresh, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = "username=" + "a" * 20_000 + "&password=x"
    response = fresh.post(
        reverse("admin:login"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_too_many_fields_are_refused(fresh):
    body = "&".join(f"f{i}=1" for i in range(3000))
    response = fresh.post(
        reverse("admin:login"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "host",
    ["ke-gian.example", "testserver.ke-gian.example", "localhost:8000@evil", "[::1", "a" * 300],
)
def test_bogus_host_headers_are_refused(fresh, host):
    response = fresh.get("/", HTTP_HOST=host)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
