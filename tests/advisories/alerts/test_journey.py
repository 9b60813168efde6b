"""The whole journey through the real worker and real mail files: subscribe from a page →
confirmation mail → the link's GET confirms nothing, its POST does → a publish → the worker
mails the alert (RFC 8058 headers, visible link) → the mail client's one-click POST deletes
the address. Then what a withdrawal and a correction of an alerted dispatch do.

These tests commit (transaction=True): the worker manages its own transactions.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advisories.models import AlertSubscription, SentAlert
from advisories.services import correct_dispatch, publish_dispatch, withdraw_dispatch
from tests.advisories.conftest import mail_text, make_addressed_draft, read_mails
from tests.factories import DispatchFactory, ScamPatternFactory

from .conftest import (
    confirm_link_in,
    html_of,
    path_of,
    subscribe,
    subscribe_form,
    unsubscribe_link_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _alerts(mail_dir):
    return [m for m in read_mails(mail_dir) if m["List-Unsubscribe"]]


def test_subscribe_confirm_publish_alert_and_one_click_unsubscribe(
    client, mail_dir, run_worker, alert_rates
):
    pattern = ScamPatternFactory(name="Giả danh nhà trường")
    page = client.get(pattern.get_absolute_url())
    html = page.content.decode()
    assert 'action="/nhan-canh-bao/"' in html
    assert 'name="target_kind" value="pattern"' in html
    assert "Luật Bảo vệ dữ liệu cá nhân" in html

    answer = client.post(
        reverse("advisories:alerts_subscribe"),
        subscribe_form("Phu.Huynh@Example.vn", kind="pattern", target=pattern.slug),
    )
    assert answer.status_code == 303
    assert answer["Location"] == reverse("advisories:alerts_sent")
    subscription = AlertSubscription.objects.get()
    assert subscription.email == "phu.huynh@example.vn"
    assert subscription.pattern == pattern
    assert "Tôi đồng ý" in subscription.consent_text
    assert subscription.confirmed_at is None
    assert read_mails(mail_dir) == []  # the mail is the worker's job

    run_worker()
    [confirmation] = read_mails(mail_dir)
    assert confirmation["To"] == "phu.huynh@example.vn"
    assert "Xác nhận đăng ký" in confirmation["Subject"]
    link = confirm_link_in(confirmation)
    assert link in html_of(confirmation)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in str(AlertSubscription.objects.values().get())  # only its hash

    opened = client.get(path_of(link))
    assert opened.status_code == 200
    assert opened["Referrer-Policy"] == "same-origin"
    assert "Xác nhận, bắt đầu nhận cảnh báo" in opened.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # opening the link confirms nothing

    confirmed = client.post(path_of(link))
    assert confirmed.status_code == 200
    assert "Từ nay bạn nhận cảnh báo" in confirmed.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    other = DispatchFactory(draft=True, subject="không liên quan")
    dispatch, _, _ = make_addressed_draft(units=1)
    dispatch.scam_patterns.set([pattern])
    publish_dispatch(dispatch=other)
    publish_dispatch(dispatch=dispatch)
    run_worker()

    [alert] = _alerts(mail_dir)  # the dispatch of another pattern is not alerted
    assert alert["To"] == "phu.huynh@example.vn"
    assert dispatch.subject in alert["Subject"]
    text = mail_text(alert)
    assert "Giả danh nhà trường" in text
    assert f"http://testserver{dispatch.get_absolute_url()}" in text
    unsubscribe = unsubscribe_link_in(alert)
    # (the header may be folded after its name: RFC 5322 folding, read back with a space)
    assert alert["List-Unsubscribe"].strip().startswith(f"<{unsubscribe}>, <mailto:")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in html_of(alert)  # the visible link, in both parts

    one_click = Client(enforce_csrf_checks=True)  # a mail client: no cookie, no CSRF token
    response = one_click.post(
        path_of(unsubscribe),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not AlertSubscription.objects.exists()  # the address is gone
    assert not SentAlert.objects.exists()
    assert one_click.get(path_of(unsubscribe)).status_code == 404  # the link is spent


def test_the_unsubscribe_page_asks_before_it_deletes(client, mail_dir, run_worker):
    subscribe("me@example.vn")
    dispatch, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    run_worker()
    [alert] = _alerts(mail_dir)
    path = path_of(unsubscribe_link_in(alert))
    page = client.get(path)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "Hủy nhận cảnh báo" in page.content.decode()
    assert AlertSubscription.objects.exists()  # a GET deletes nothing
    assert client.post(path).status_code == 200
    assert not AlertSubscription.objects.exists()


def test_a_withdrawal_and_a_correction_of_an_alerted_dispatch_are_alerted(mail_dir, run_worker):
    alerted = subscribe("da-nhan@example.vn")
    dispatch, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    run_worker()
    late = subscribe("dang-ky-sau@example.vn")  # after the publication: never alerted of it

    correct_dispatch(
        dispatch=dispatch, by=None, changes={"place": "Kiên Hải"}, reason="Sai địa danh"
    )
    withdraw_dispatch(dispatch=dispatch, by=None, reason="Ban hành nhầm", on=timezone.localdate())
    run_worker()

    alerts = _alerts(mail_dir)
    assert [m["To"] for m in alerts] == [alerted.email] * 3
    correction = next(m for m in alerts if m["Subject"].startswith("Đính chính"))
    assert "Sai địa danh" in mail_text(correction)
    withdrawal = next(m for m in alerts if m["Subject"].startswith("Đã thu hồi"))
    assert dispatch.number_symbol in withdrawal["Subject"]
    assert "Ban hành nhầm" in mail_text(withdrawal)
    assert withdrawal["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert late.email not in {m["To"] for m in alerts}


def test_a_dispatch_withdrawn_before_the_worker_ran_is_not_alerted(mail_dir, run_worker):
    subscribe("me@example.vn")
    dispatch, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    withdraw_dispatch(dispatch=dispatch, by=None, reason="Ban hành nhầm", on=timezone.localdate())
    run_worker()
    assert _alerts(mail_dir) == []


def test_asking_again_changes_nothing_visible_and_mails_the_owner(
    client, mail_dir, run_worker, alert_rates
):
    url = reverse("advisories:alerts_subscribe")
    first = client.post(url, subscribe_form("me@example.vn"))
    run_worker()
    client.post(path_of(confirm_link_in(read_mails(mail_dir)[0])))
    again = client.post(url, subscribe_form("me@example.vn", frequency="daily"))
    new = client.post(url, subscribe_form("new@example.vn"))
    assert (first.status_code, first["Location"]) == (again.status_code, again["Location"])
    assert (again.status_code, again["Location"]) == (new.status_code, new["Location"])
    assert AlertSubscription.objects.get(email="me@example.vn").frequency == "immediate"
    run_worker()
    mails = read_mails(mail_dir)
    mine = sorted(m["Subject"] for m in mails if m["To"] == "me@example.vn")
    assert mine == [
        "Bạn đã đăng ký nhận cảnh báo lừa đảo",
        "Xác nhận đăng ký nhận cảnh báo lừa đảo",
    ]
    already = next(m for m in mails if m["Subject"].startswith("Bạn đã đăng ký"))
    assert unsubscribe_link_in(already)
    assert already["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Xác nhận đăng ký" in next(m for m in mails if m["To"] == "new@example.vn")["Subject"]
