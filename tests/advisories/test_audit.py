"""The audit trail: who did what, when; and log lines that cannot be forged with CR/LF."""

import logging

import pytest
from django.urls import reverse

from advisories.audit import record
from advisories.models import AuditEvent, Delivery
from advisories.services import issue_token, publish_dispatch
from portal.logs import EscapeLineBreaksFilter
from tests.advisories.conftest import make_addressed_draft
from tests.factories import DispatchFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_who_what_when_and_the_target():
    clerk = StaffUserFactory(username="vanthu")
    dispatch = DispatchFactory(number=1153, symbol="UBND-KGVX")
    event = record(AuditEvent.Kind.CORRECT, user=clerk, target=dispatch, detail="sửa ngày")
    event.refresh_from_db()
    assert event.kind == "correct"
    assert (event.user, event.username) == (clerk, "vanthu")
    assert event.target_type == "advisories.Dispatch"
    assert event.target_id == str(dispatch.pk)
    assert "1153/UBND-KGVX" in event.target_repr
    assert event.at is not None
    assert event.detail == "sửa ngày"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        record("xoa-dau-vet")


def test_publishing_is_recorded_once_with_the_publisher():
    dispatch = DispatchFactory(draft=True)
    leader = StaffUserFactory(username="lanhdao", organisation=dispatch.issuer, role="leader")
    publish_dispatch(dispatch=dispatch, by=leader)
    publish_dispatch(dispatch=dispatch, by=leader)  # already public: nothing new happens
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.PUBLISH)
    assert [(e.user, e.target_id) for e in events] == [(leader, str(dispatch.pk))]


def test_the_admin_publish_action_records_the_clerk(admin_client_logged_in):
    dispatch = DispatchFactory(draft=True)
    action = {"action": "publish_selected", "_selected_action": [dispatch.pk]}
    url = reverse("admin:advisories_dispatch_changelist")
    confirm = admin_client_logged_in.post(url, action)
    assert "Xác nhận ban hành" in confirm.content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PUBLISH).exists()
    response = admin_client_logged_in.post(url, action | {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PUBLISH)
    assert event.username == "quantri"


ADDRESS = "198.51.100.23"


def test_a_publish_from_the_admin_records_the_address_and_the_path(admin_client_logged_in):
    dispatch = DispatchFactory(draft=True)
    url = reverse("admin:advisories_dispatch_publish", args=[dispatch.pk])
    response = admin_client_logged_in.post(url, {"post": "yes"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.PUBLISH)
    assert (event.ip_address, event.path) == (ADDRESS, url)


def test_a_withdrawal_and_a_correction_record_the_address_and_the_path(admin_client_logged_in):
    dispatch = DispatchFactory(subject="Cảnh báo giả danh")
    withdraw = reverse("admin:advisories_dispatch_withdraw", args=[dispatch.pk])
    correct = reverse("admin:advisories_dispatch_correct", args=[dispatch.pk])
    form = admin_client_logged_in.get(correct).context["form"]
    fields = {name: form[name].value() or "" for name in form.fields}
    fields |= {"subject": "Cảnh báo giả danh công an", "reason": "sai trích yếu"}
    response = admin_client_logged_in.post(correct, fields, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    data = {"on": "2026-01-05", "reason": "đã có văn bản thay thế"}
    assert admin_client_logged_in.post(withdraw, data, REMOTE_ADDR=ADDRESS).status_code == 302
    rows = AuditEvent.objects.filter(kind__in=[AuditEvent.Kind.CORRECT, AuditEvent.Kind.WITHDRAW])
    assert sorted(rows.values_list("kind", "ip_address", "path")) == [
        ("correct", ADDRESS, correct),
        ("withdraw", ADDRESS, withdraw),
    ]


def test_a_confirmation_through_the_link_records_the_address_and_the_path(client, mail_dir):
    dispatch, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    token = issue_token(delivery=Delivery.objects.get(dispatch=dispatch))
    data = {"action": "confirm", "name": "Lê Văn B", "position": "Văn thư"}
    response = client.post(f"/xac-nhan/{token}/", data, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.CONFIRM)
    assert (event.ip_address, event.path) == (ADDRESS, "/xac-nhan/…/")  # never the token


def test_a_confirmation_from_the_inbox_records_the_address_and_the_path(make_staff, mail_dir):
    dispatch, orgs, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    clerk = make_staff(orgs[0])
    url = reverse("advisories:inbox_delivery", args=[Delivery.objects.get(dispatch=dispatch).pk])
    data = {"action": "confirm", "name": "Lê Văn B", "position": "Văn thư"}
    assert clerk.post(url, data, REMOTE_ADDR=ADDRESS).status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.CONFIRM)
    assert (event.user, event.ip_address, event.path) == (clerk.user, ADDRESS, url)


def test_a_refused_access_is_recorded(client):
    clerk = StaffUserFactory(username="vanthu")
    clerk.groups.clear()  # an administrator took the role away: staff, but no permissions
    client.force_login(clerk)
    url = reverse("admin:advisories_auditevent_changelist")  # superusers only
    response = client.get(url)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ACCESS_REFUSED)
    assert (event.username, event.path) == ("vanthu", url)


def test_a_forged_cross_site_post_is_refused_and_recorded(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_REFUSED).exists()


def _formatted(message, *args):
    record_ = logging.LogRecord("portal.audit", logging.INFO, __file__, 1, message, args, None)
    EscapeLineBreaksFilter().filter(record_)
    return logging.Formatter("%(levelname)s %(message)s").format(record_)


def test_log_lines_cannot_be_forged_with_cr_lf():
    forged = "vanthu\r\nINFO audit login user=admin"
    line = _formatted("audit login_failed user=%s", forged)
    assert "\n" not in line and "\r" not in line
    assert line == "INFO audit login_failed user=vanthu\\r\\nINFO audit login user=admin"


def test_line_breaks_in_the_message_itself_are_escaped_too():
    assert _formatted("a\nb") == "INFO a\\nb"


def test_the_audit_logger_writes_one_line_per_event(caplog):
    caplog.handler.addFilter(EscapeLineBreaksFilter())
    with caplog.at_level(logging.INFO, logger="portal.audit"):
        record(AuditEvent.Kind.LOGIN_FAILED, username="x\nINFO audit login user=admin")
    (message,) = [r.getMessage() for r in caplog.records if r.name == "portal.audit"]
    assert "\n" not in message
    assert "user=x\\nINFO audit login user=admin" in message
