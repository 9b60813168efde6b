"""Staff login: one message for every failure, lockout, session lifecycle, optional TOTP."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from advisories.models import AuditEvent
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/quan-tri/login/"
PASSWORD = "mat-khau-dai-123"
SAME_MESSAGE = "Bạn hãy nhập đúng Tên đăng nhập và mật khẩu"  # Django's invalid_login, in vi


@pytest.fixture
def clerk():
    return StaffUserFactory(username="vanthu", password=PASSWORD)


def _login(client, username, password, **extra):
    data = {"username": username, "password": password, "next": "/quan-tri/"} | extra
    return client.post(LOGIN, data, REMOTE_ADDR="203.0.113.7")


def test_unknown_user_and_wrong_password_get_the_same_message(client, clerk):
    unknown = _login(client, "khong-ton-tai", PASSWORD)
    wrong = _login(client, "vanthu", "sai-mat-khau-123")
    assert unknown.status_code == wrong.status_code == 200
    unknown_errors = unknown.context["form"].non_field_errors()
    wrong_errors = wrong.context["form"].non_field_errors()
    assert unknown_errors == wrong_errors
    assert SAME_MESSAGE in str(unknown_errors)


def test_repeated_failures_lock_the_account_out_with_a_vietnamese_429(client, clerk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "vanthu", "sai-mat-khau-123")
    locked = _login(client, "vanthu", PASSWORD)  # even the right password, while locked
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "15 phút" in page
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGIN_FAILED, username="vanthu")
    assert failed.count() == settings.AXES_FAILURE_LIMIT + 1
    assert failed.first().ip_address == "203.0.113.7"


def test_another_address_is_not_locked_out_by_someone_elses_failures(client, clerk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "vanthu", "sai-mat-khau-123")
    response = client.post(
        LOGIN,
        {"username": "vanthu", "password": PASSWORD, "next": "/quan-tri/"},
        REMOTE_ADDR="198.51.100.20",
    )
    assert response.status_code == 302


def test_login_rotates_the_session_key_and_is_audited(client, clerk):
    session = SessionStore()
    session["ghi-chu"] = "truoc khi dang nhap"
    session.create()
    client.cookies["sessionid"] = session.session_key
    response = _login(client, "vanthu", PASSWORD)
    assert response.status_code == 302
    new_key = client.cookies["sessionid"].value
    assert new_key != session.session_key
    assert not SessionStore().exists(session.session_key)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN)
    assert (event.user, event.username, event.ip_address) == (clerk, "vanthu", "203.0.113.7")


def test_logout_ends_the_session_on_the_server(client, clerk):
    _login(client, "vanthu", PASSWORD)
    key = client.cookies["sessionid"].value
    assert SessionStore().exists(key)
    client.post(reverse("admin:logout"))
    assert not SessionStore().exists(key)
    assert client.get("/quan-tri/").status_code == 302
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.LOGOUT, user=clerk).exists()


@pytest.mark.parametrize("target", ["https://ke-gian.example/", "//ke-gian.example/", ""])
def test_logout_without_a_safe_next_lands_on_the_login_page(client, clerk, target):
    _login(client, "vanthu", PASSWORD)
    url = reverse("admin:logout") + (f"?next={target}" if target else "")
    response = client.post(url)
    assert response.status_code == 302
    assert response.headers["Location"] == LOGIN
    assert client.get(response.headers["Location"]).status_code == 200  # not a 405


def test_logout_follows_a_safe_next(client, clerk):
    _login(client, "vanthu", PASSWORD)
    response = client.post(reverse("admin:logout") + "?next=/van-ban/")
    assert response.headers["Location"] == "/van-ban/"


def test_disabling_an_account_ends_its_sessions(client, clerk):
    client.force_login(clerk)
    assert client.get("/quan-tri/").status_code == 200
    clerk.is_active = False
    clerk.save(update_fields=["is_active"])
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)
    assert client.get(LOGIN).context["user"].is_anonymous


def test_changing_the_password_elsewhere_ends_other_sessions(client, clerk):
    client.force_login(clerk)
    clerk.set_password("mot-mat-khau-moi-456")
    clerk.save()
    assert client.get("/quan-tri/").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://ke-gian.example/quan-tri/",
        "//ke-gian.example/",
        "/\\ke-gian.example",
        "javascript:alert(1)",
        "http://testserver@ke-gian.example/",
    ],
)
def test_login_refuses_open_redirects(client, clerk, target):
    response = _login(client, "vanthu", PASSWORD, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/quan-tri/"


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("12345678901234", "hoàn toàn là số"),
        ("password1234", "quá phổ biến"),
        ("ngan", "ít nhất 12 ký tự"),
        ("vanthu2025", "quá giống với Tên đăng nhập"),
    ],
)
def test_password_validators_refuse_weak_passwords(clerk, weak, message):
    with pytest.raises(ValidationError, match=message):
        validate_password(weak, user=clerk)


def test_password_validators_accept_a_long_unusual_password(clerk):
    validate_password("Chim-sau-Ngu-Truong-9", user=clerk)


def _current_code(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_user_without_a_device_logs_in_with_the_password_only(client, clerk):
    assert _login(client, "vanthu", PASSWORD).status_code == 302
    assert client.get("/quan-tri/").status_code == 200


def test_a_user_with_a_device_must_give_the_code(client, clerk):
    device = TOTPDevice.objects.create(user=clerk, name="điện thoại", confirmed=True)
    without = _login(client, "vanthu", PASSWORD)
    assert without.status_code == 200
    assert "xác thực hai bước" in str(without.context["form"].errors)
    wrong = _login(client, "vanthu", PASSWORD, otp_token="000000")
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng" in str(wrong.context["form"].errors)
    device.refresh_from_db()
    device.throttle_reset()  # a failed code throttles the device for a second
    time.sleep(0.01)
    right = _login(client, "vanthu", PASSWORD, otp_token=_current_code(device))
    assert right.status_code == 302
    assert client.get("/quan-tri/").status_code == 200


def test_a_session_of_a_user_with_a_device_but_no_code_is_refused(client, clerk):
    TOTPDevice.objects.create(user=clerk, name="điện thoại", confirmed=True)
    client.force_login(clerk)  # password-only session, not verified by the device
    response = client.get("/quan-tri/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(LOGIN)


def test_an_unconfirmed_device_does_not_lock_its_owner_out(client, clerk):
    TOTPDevice.objects.create(user=clerk, name="đang cài", confirmed=False)
    assert _login(client, "vanthu", PASSWORD).status_code == 302
