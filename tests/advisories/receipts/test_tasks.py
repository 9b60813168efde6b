"""Notices end to end through the real worker: publish → task → db_worker → mail file → link.

These tests commit (transaction=True): the worker manages its own transactions and connections
as it does in production.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advisories.models import Delivery, ReceiptToken
from advisories.services import publish_dispatch, withdraw_dispatch
from tests.advisories.conftest import link_in, mail_text, make_addressed_draft, read_mails

pytestmark = pytest.mark.django_db(transaction=True)


def test_publish_to_confirm_end_to_end(client, admin_user, mail_dir, run_worker):
    dispatch, orgs, _ = make_addressed_draft(units=3)
    publish_dispatch(dispatch=dispatch)
    assert read_mails(mail_dir) == []  # nothing is sent in the request
    run_worker()

    mails = read_mails(mail_dir)
    assert sorted(m["To"] for m in mails) == sorted(o.email for o in orgs)
    mail = next(m for m in mails if m["To"] == orgs[0].email)
    assert "Đề nghị xác nhận đã nhận" in mail["Subject"]
    assert dispatch.number_symbol in mail["Subject"]
    text = mail_text(mail)
    assert f"Kính gửi: {orgs[0].name}" in text
    assert "vanthu@ttyt.example.vn" in text  # whom to ask for a new link
    assert mail["Reply-To"] == "vanthu@ttyt.example.vn"

    link = link_in(mail)
    path = link.removeprefix("http://testserver")
    page = client.get(path)
    assert page.status_code == 200
    assert "Xác nhận đã nhận" in page.content.decode()
    assert not Delivery.objects.confirmed().exists()  # opening the link confirms nothing

    response = client.post(
        path, {"action": "confirm", "name": "Lê Văn B", "position": "Văn thư", "note": ""}
    )
    assert response.status_code == 302
    confirmed = Delivery.objects.confirmed().get()
    assert confirmed.organisation == orgs[0]

    client.force_login(admin_user)
    dashboard = client.get(reverse("admin:receipt_dashboard", args=[dispatch.pk]))
    html = dashboard.content.decode()
    assert "Lê Văn B" in html
    assert orgs[0].name not in html.split("Đơn vị chưa xác nhận")[1].split("Xác nhận gần đây")[0]
    assert dashboard.context["counts"].confirmed == 1
    assert dashboard.context["counts"].pending == 2


def test_each_unit_gets_its_own_link(mail_dir, run_worker, client):
    dispatch, orgs, _ = make_addressed_draft(units=2)
    publish_dispatch(dispatch=dispatch)
    run_worker()
    links = {m["To"]: link_in(m) for m in read_mails(mail_dir)}
    assert len(set(links.values())) == 2
    path = links[orgs[1].email].removeprefix("http://testserver")
    client.post(path, {"action": "confirm", "name": "Trần C", "position": "Trưởng trạm"})
    assert list(Delivery.objects.confirmed().values_list("organisation", flat=True)) == [orgs[1].pk]


def test_units_without_email_get_a_delivery_but_no_mail(mail_dir, run_worker):
    dispatch, _, _ = make_addressed_draft(units=2, with_email=False)
    publish_dispatch(dispatch=dispatch)
    run_worker()
    assert Delivery.objects.filter(dispatch=dispatch).count() == 2
    assert read_mails(mail_dir) == []


def test_a_failed_send_is_recorded_retried_and_then_succeeds(settings, mail_dir, run_worker):
    settings.RECEIPT_RETRY_SECONDS = 0
    settings.RECEIPT_NOTICE_ATTEMPTS = 3
    good_mailers = settings.MAILERS
    # A real SMTP connection to a port nobody listens on: the send really fails.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    dispatch, orgs, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    run_worker("--max-tasks=2")
    delivery = Delivery.objects.get(dispatch=dispatch)
    assert delivery.notice_attempts == 1
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.notified_at is None
    assert DBTaskResult.objects.failed().count() == 1
    # the link of the failed mail never reached anyone: it is revoked
    assert not ReceiptToken.objects.usable().filter(delivery=delivery).exists()

    settings.MAILERS = good_mailers  # the mail server is back
    run_worker()
    delivery.refresh_from_db()
    assert delivery.notice_attempts == 2
    assert delivery.last_error == ""
    assert delivery.notified_at is not None
    assert [m["To"] for m in read_mails(mail_dir)] == [orgs[0].email]


def test_attempts_stop_at_the_limit(settings, mail_dir, run_worker):
    settings.RECEIPT_RETRY_SECONDS = 0
    settings.RECEIPT_NOTICE_ATTEMPTS = 2
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    dispatch, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    run_worker()
    delivery = Delivery.objects.get(dispatch=dispatch)
    assert delivery.notice_attempts == 2
    assert delivery.last_error
    assert DBTaskResult.objects.failed().count() == 2
    assert not DBTaskResult.objects.ready().exists()


def test_reminders_reach_only_pending_units(mail_dir, run_worker, client):
    import datetime as dt

    from django.utils import timezone

    from advisories.models import NoticeRound

    dispatch, orgs, _ = make_addressed_draft(units=2)
    publish_dispatch(dispatch=dispatch)
    run_worker()
    first = {m["To"]: link_in(m) for m in read_mails(mail_dir)}
    client.post(
        first[orgs[0].email].removeprefix("http://testserver"),
        {"action": "confirm", "name": "Lê Văn B", "position": "Văn thư"},
    )
    long_ago = timezone.now() - dt.timedelta(hours=30)
    Delivery.objects.update(created_at=long_ago)
    NoticeRound.objects.update(started_at=long_ago)
    call_command("send_receipt_reminders", "--older-than-hours=24", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_worker()
    mails = read_mails(mail_dir)
    reminders = [m for m in mails if m["Subject"].startswith("[Nhắc]")]
    assert [m["To"] for m in reminders] == [orgs[1].email]
    # the first link keeps working next to the reminder's
    assert client.get(first[orgs[1].email].removeprefix("http://testserver")).status_code == 200


def test_no_notice_is_sent_for_a_dispatch_withdrawn_before_the_worker_ran(mail_dir, run_worker):
    dispatch, _, _ = make_addressed_draft(units=3)
    publish_dispatch(dispatch=dispatch)
    withdraw_dispatch(dispatch=dispatch, by=None, reason="Ban hành nhầm", on=timezone.localdate())
    run_worker()
    assert read_mails(mail_dir) == []
    assert not ReceiptToken.objects.exists()
    assert not Delivery.objects.filter(notice_attempts__gt=0).exists()


def test_notices_already_fanned_out_are_not_sent_after_a_withdrawal(mail_dir, run_worker):
    dispatch, _, _ = make_addressed_draft(units=3)
    publish_dispatch(dispatch=dispatch)
    run_worker("--max-tasks=1")  # notify_units queued the sending tasks, none ran yet
    assert DBTaskResult.objects.ready().count() == 1
    withdraw_dispatch(dispatch=dispatch, by=None, reason="Ban hành nhầm", on=timezone.localdate())
    run_worker()
    assert read_mails(mail_dir) == []
    assert not ReceiptToken.objects.exists()
