"""Security headers on every kind of response, scored by the MDN HTTP Observatory's rules."""

import pytest
from django.urls import reverse

from advisories.models import Dispatch
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

YEAR = 31_536_000
SIX_MONTHS = 15_768_000  # the Observatory's threshold for HSTS without a penalty
PRIVATE_REFERRER = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}


@pytest.fixture
def production(settings):
    """The values production sets from its environment (HTTPS, HSTS, secure cookies)."""
    settings.SECURE_HSTS_SECONDS = YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    settings.WHITENOISE_USE_FINDERS = True  # serve static files without collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    return settings


def _csp(response):
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def observatory_score(response):
    """The Observatory's score of one response, from its published modifiers (100 = A+)."""
    score, bonus = 100, 0
    headers = response.headers
    csp = _csp(response) if "Content-Security-Policy" in headers else None
    if csp is None:
        score -= 25
    else:
        script = csp.get("script-src", csp.get("default-src", []))
        style = csp.get("style-src", csp.get("default-src", []))
        if "'unsafe-inline'" in script:
            score -= 20
        if "'unsafe-eval'" in script + style:
            score -= 10
        if any(v.startswith("http:") or v in {"*", "http:"} for vs in csp.values() for v in vs):
            score -= 20
        no_unsafe = "'unsafe-inline'" not in script + style
        if no_unsafe:
            bonus += 10 if csp.get("default-src") == ["'none'"] else 5
    hsts = headers.get("Strict-Transport-Security", "")
    max_age = int(hsts.split("max-age=")[1].split(";")[0]) if "max-age=" in hsts else 0
    if not hsts:
        score -= 20
    elif max_age < SIX_MONTHS:
        score -= 10
    if headers.get("X-Content-Type-Options") != "nosniff":
        score -= 5
    if csp and csp.get("frame-ancestors") in (["'none'"], ["'self'"]):
        bonus += 5
    elif headers.get("X-Frame-Options") not in {"DENY", "SAMEORIGIN"}:
        score -= 20
    referrer = headers.get("Referrer-Policy")
    if referrer in PRIVATE_REFERRER:
        bonus += 5
    elif referrer in {"unsafe-url", "no-referrer-when-downgrade"}:
        score -= 5
    if headers.get("Access-Control-Allow-Origin") == "*":
        score -= 50
    cookies = list(response.cookies.values())
    for morsel in cookies:
        if not morsel["secure"]:
            score -= 40 if "session" in morsel.key else 20
        elif "session" in morsel.key and not morsel["httponly"]:
            score -= 30
    if cookies and all(m["secure"] and m["samesite"] for m in cookies):
        bonus += 5
    return score + (bonus if score >= 90 else 0)


def assert_hardened(response):
    headers = response.headers
    assert headers["Strict-Transport-Security"] == f"max-age={YEAR}; includeSubDomains; preload"
    csp = _csp(response)
    assert csp["default-src"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["script-src"][0] == "'self'"
    for values in csp.values():
        assert "'unsafe-inline'" not in values
        assert "'unsafe-eval'" not in values
        assert "*" not in values
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    permissions = headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions
    assert observatory_score(response) >= 100  # A+


def test_public_page(client, production, seeded):
    response = client.get(reverse("advisories:home"), secure=True)
    assert response.status_code == 200
    assert_hardened(response)


def test_dispatch_page(client, production, seeded):
    dispatch = Dispatch.objects.get(number=1153)
    response = client.get(dispatch.get_absolute_url(), secure=True)
    assert response.status_code == 200
    assert_hardened(response)


def test_not_found_page(client, production):
    response = client.get("/khong-co-trang-nay/", secure=True)
    assert response.status_code == 404
    assert_hardened(response)


def test_bad_request_page(client, production):
    response = client.get("/", secure=True, HTTP_HOST="ke-gian.example")
    assert response.status_code == 400
    assert_hardened(response)


def test_static_file_served_by_whitenoise(client, production):
    response = client.get("/static/css/portal.css", secure=True)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert_hardened(response)


def test_admin_login_page_and_its_cookies(client, production):
    response = client.get(reverse("admin:login"), secure=True)
    assert response.status_code == 200
    assert_hardened(response)
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    assert csrf["path"] == "/" and not csrf["domain"]


def test_session_cookie_after_login(client, production):
    StaffUserFactory(username="vanthu", password="mat-khau-dai-123")
    client.get(reverse("admin:login"), secure=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "vanthu", "password": "mat-khau-dai-123", "next": "/quan-tri/"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert session["path"] == "/" and not session["domain"]
    assert observatory_score(response) >= 100


def test_health_probes_are_hardened_and_never_cached(client, production):
    for name in ("healthz", "readyz"):
        response = client.get(reverse(name), secure=True)
        assert response.status_code == 200
        assert "no-cache" in response.headers["Cache-Control"]
        assert "no-store" in response.headers["Cache-Control"]
        assert_hardened(response)


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/van-ban/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/van-ban/"
