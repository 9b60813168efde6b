"""A station's clerk opens the link in the notice on a phone, confirms, and reports progress."""

import pytest

from advisories.models import Delivery, DirectiveReport
from advisories.services import publish_dispatch
from tests.advisories.conftest import (  # the fixtures too: real mail files, the real worker
    link_in,
    mail_dir,  # noqa: F401
    make_addressed_draft,
    read_mails,
    run_worker,  # noqa: F401
)

pytestmark = [pytest.mark.browser]


def test_confirm_and_report_from_the_mailed_link(phone, live_server, mail_dir, run_worker):  # noqa: F811
    dispatch, orgs, _ = make_addressed_draft(units=2)
    publish_dispatch(dispatch=dispatch)
    run_worker()
    mail = next(m for m in read_mails(mail_dir) if m["To"] == orgs[0].email)
    path = link_in(mail).removeprefix("http://testserver")

    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not Delivery.objects.confirmed().exists()
    phone.get_by_label("Họ và tên người xác nhận").fill("Lê Văn B")
    phone.get_by_label("Chức vụ").fill("Văn thư")
    phone.get_by_role("button", name="Xác nhận đã nhận").click()
    phone.get_by_text("Đã xác nhận đơn vị nhận được văn bản").wait_for()
    assert Delivery.objects.confirmed().get().organisation == orgs[0]

    phone.get_by_text("Báo cáo tiến độ nhiệm vụ 1.").click()
    phone.get_by_label("Đang thực hiện").check()
    phone.get_by_label("Ghi chú (kết quả, khó khăn)").fill("Đã phát trên loa xã")
    phone.get_by_role("button", name="Gửi báo cáo").click()
    phone.get_by_text("Đã ghi nhận tiến độ").wait_for()
    report = DirectiveReport.objects.get()
    assert (report.status, report.note) == ("in_progress", "Đã phát trên loa xã")
