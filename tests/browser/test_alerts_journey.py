"""A parent subscribes to alerts of one scam on a phone, confirms from the mail, gets the
alert of a new advisory, and unsubscribes from it: no account, 360 px wide."""

import pytest

from advisories.models import AlertSubscription
from advisories.services import publish_dispatch
from tests.advisories.alerts.conftest import confirm_link_in, path_of, unsubscribe_link_in
from tests.advisories.conftest import (  # the fixtures too: real mail files, the real worker
    mail_dir,  # noqa: F401
    make_addressed_draft,
    read_mails,
    run_worker,  # noqa: F401
)
from tests.factories import ScamPatternFactory

pytestmark = [pytest.mark.browser]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_subscribe_confirm_receive_and_unsubscribe(phone, live_server, mail_dir, run_worker):  # noqa: F811
    pattern = ScamPatternFactory(name="Giả danh nhà trường")
    phone.goto(pattern.get_absolute_url())
    form = phone.locator(".alert-form")
    form.scroll_into_view_if_needed()
    assert _fits_the_screen(phone)
    form.get_by_label("Địa chỉ thư điện tử", exact=True).fill("phu-huynh@example.vn")
    form.get_by_label("Tóm tắt hằng ngày").check()
    form.get_by_label("Ngay lập tức").check()
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Đăng ký nhận cảnh báo").click()
    phone.get_by_role("heading", name="Hãy kiểm tra hộp thư").wait_for()
    assert _fits_the_screen(phone)

    run_worker()
    [confirmation] = read_mails(mail_dir)
    phone.goto(path_of(confirm_link_in(confirmation)))
    assert _fits_the_screen(phone)
    assert AlertSubscription.objects.get().confirmed_at is None
    phone.get_by_role("button", name="Xác nhận, bắt đầu nhận cảnh báo").click()
    phone.get_by_role("heading", name="Đã xác nhận").wait_for()
    assert AlertSubscription.objects.get().confirmed_at is not None

    dispatch, _, _ = make_addressed_draft(units=1)
    dispatch.scam_patterns.set([pattern])
    publish_dispatch(dispatch=dispatch)
    run_worker()
    alert = next(m for m in read_mails(mail_dir) if m["List-Unsubscribe"])
    phone.goto(path_of(unsubscribe_link_in(alert)))
    assert _fits_the_screen(phone)
    phone.get_by_role("button", name="Hủy nhận cảnh báo").click()
    phone.get_by_role("heading", name="Đã hủy nhận cảnh báo").wait_for()
    assert not AlertSubscription.objects.exists()


def test_a_bad_address_is_explained_next_to_the_field(phone, live_server, settings):
    ScamPatternFactory(name="Giả danh công an")
    phone.goto("/nhan-canh-bao/")
    form = phone.locator(".alert-form")
    # The browser checks the address first; without that check (an old phone), the server does.
    form.evaluate("f => f.setAttribute('novalidate', '')")
    form.get_by_label("Địa chỉ thư điện tử", exact=True).fill("khong-phai-dia-chi")
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Đăng ký nhận cảnh báo").click()
    error = phone.locator("#alert-email-error")
    error.wait_for()
    assert "không hợp lệ" in error.inner_text()
    field = phone.get_by_label("Địa chỉ thư điện tử", exact=True)
    assert field.get_attribute("aria-invalid") == "true"
    assert field.input_value() == "khong-phai-dia-chi"
    assert _fits_the_screen(phone)
