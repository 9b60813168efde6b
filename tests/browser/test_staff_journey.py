"""A clerk of Sở Y tế forwards 1153 as 2152 in the admin; a leader publishes it; a citizen sees
the new link in the chain at once."""

import pytest

from advisories.models import Dispatch, Organisation
from advisories.services import create_staff_user
from tests.conftest import STAFF_PASSWORD

pytestmark = [pytest.mark.browser]


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="vi-VN"
    )
    yield context
    context.close()


def _sign_in(context, username):
    page = context.new_page()
    page.goto("/quan-tri/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/quan-tri/")
    return page


def test_clerk_forwards_leader_publishes_chain_shows_it(desk, browser, live_server, seeded_live):
    forward = Dispatch.objects.get(number=2152)
    Dispatch.objects.filter(references__target=forward).delete()
    forward.delete()
    so_y_te = Organisation.objects.get(slug="so-y-te-an-giang")
    for role in ("clerk", "leader"):
        create_staff_user(
            username=f"{role}.syt", organisation=so_y_te, role=role, password=STAFF_PASSWORD
        )

    clerk = _sign_in(desk, "clerk.syt")
    clerk.goto("/quan-tri/advisories/dispatch/")
    clerk.get_by_role("link", name="Văn bản đến: chuyển tiếp / sao gửi").click()
    clerk.get_by_role("link", name="Chuyển tiếp / sao gửi 1153/UBND-KGVX").click()
    clerk.get_by_label("Thực hiện").check()
    clerk.get_by_role("button", name="Tạo bản nháp chuyển tiếp").click()
    clerk.get_by_text("Đã tạo bản nháp chuyển tiếp").wait_for()
    clerk.locator("#id_number").fill("2152")
    clerk.locator("#id_symbol").fill("SYT-CNTTTT")
    clerk.locator("#id_signer_name").fill("Nguyễn Văn Chính")
    clerk.get_by_role("button", name="Lưu và tiếp tục chỉnh sửa").click()
    clerk.get_by_text("thành công").first.wait_for()
    draft = Dispatch.objects.get(number=2152)
    assert draft.status == Dispatch.Status.DRAFT
    assert clerk.get_by_role("link", name="Ban hành…").count() == 0
    desk.clear_cookies()

    leader = _sign_in(desk, "leader.syt")
    leader.get_by_role("link", name="Chờ ban hành (1)").click()
    leader.get_by_role("link", name="2152/SYT-CNTTTT").click()
    leader.get_by_role("link", name="Ban hành…").click()
    leader.get_by_text("Gửi thư đề nghị xác nhận cho").wait_for()  # says what will happen
    assert Dispatch.objects.get(pk=draft.pk).status == Dispatch.Status.DRAFT
    leader.get_by_role("button", name="Xác nhận ban hành").click()
    leader.get_by_text("Đã ban hành 2152/SYT-CNTTTT").wait_for()
    unit = Dispatch.objects.get(pk=draft.pk).deliveries.first().organisation
    leader.get_by_role("link", name="Theo dõi xác nhận").click()
    leader.get_by_text(unit.name).first.wait_for()  # who has not confirmed, at a glance
    desk.clear_cookies()

    clerk = _sign_in(desk, "clerk.syt")
    clerk.goto(f"/quan-tri/advisories/dispatch/{draft.pk}/change/")
    clerk.get_by_role("link", name="Theo dõi xác nhận").click()
    clerk.get_by_text(unit.name).first.wait_for()

    citizen = desk.new_page()
    citizen.goto(Dispatch.objects.get(number=1153).get_absolute_url())
    citizen.locator(".chain").get_by_role("link", name="2152/SYT-CNTTTT").click()
    citizen.wait_for_url("**/2152-SYT-CNTTTT/")
    assert "Thực hiện Công văn số 1153/UBND-KGVX" in citizen.locator(".doc-body").inner_text()
