"""A clerk of Sở Y tế pastes 2152's text (or uploads its stamped scan), reviews the filled form,
saves, finds it in the list."""

import signal

import pytest
from django.core.management import call_command
from django.urls import reverse

from advisories.models import Dispatch, Organisation
from advisories.parsing import split_documents
from tests.advisories.parsing.test_text import seed_text
from tests.factories import StaffUserFactory
from tests.live_server import one_at_a_time
from tests.scans import Dispatch as ScanDispatch
from tests.scans import scanned_pdf_of

pytestmark = [pytest.mark.browser]


@pytest.fixture
def desk(browser, live_server):
    """A desktop browser window, as clerks use the admin."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="vi-VN"
    )
    page = context.new_page()
    yield page
    context.close()


def test_paste_review_and_save_2152(desk, seeded_live):
    Dispatch.objects.get(number=29).delete()  # it cites 2152, which is protected
    Dispatch.objects.get(number=2152).delete()
    StaffUserFactory(
        username="vanthu",
        organisation=Organisation.objects.get(name="Sở Y tế tỉnh An Giang"),
        role="clerk",
        password="mat-khau-dai-123",
    )
    text_2152 = split_documents(seed_text("000"))[1]

    desk.goto(reverse("admin:login"))
    desk.get_by_label("Tên đăng nhập").fill("vanthu")
    desk.get_by_label("Mật khẩu").fill("mat-khau-dai-123")
    desk.locator("input[type=submit]").click()
    desk.goto(reverse("admin:advisories_dispatch_changelist"))

    desk.get_by_role("link", name="Nhập từ văn bản").click()
    desk.get_by_label("Dán nội dung văn bản").fill(text_2152)
    desk.get_by_role("button", name="Đọc văn bản và điền biểu mẫu").click()

    desk.wait_for_url("**/add/?import=*")
    assert "chưa có gì được lưu" in desk.locator(".messagelist").inner_text()
    assert desk.locator("#id_number").input_value() == "2152"
    assert desk.locator("#id_symbol").input_value() == "SYT-CNTTTT"
    assert "Sở Y tế tỉnh An Giang" in desk.locator(".field-issuer").inner_text()
    assert desk.locator("#id_signer_name").input_value() == "Đoàn Thanh Hùng"
    assert "1153/UBND-KGVX" in desk.locator("#references-group").inner_text()
    assert not Dispatch.objects.filter(number=2152).exists()

    desk.get_by_role("button", name="Lưu lại", exact=True).click()

    desk.wait_for_url("**/advisories/dispatch/")
    assert "2152/SYT-CNTTTT" in desk.locator("#result_list").inner_text()
    saved = Dispatch.objects.get(number=2152)
    assert saved.references.get().target.number == 1153


def _run_worker():
    """The real task worker, until its queue is empty (its signal handlers put back after)."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0
        )
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


def test_upload_a_stamped_scan_check_the_flagged_date_beside_its_crop_and_save(
    desk, seeded_live, tmp_path
):
    """The scan's year is a misreading (in the future): the date is outlined beside the crop of
    the scan where it was read; the clerk corrects it and saves."""
    Dispatch.objects.get(number=29).delete()
    Dispatch.objects.get(number=2152).delete()
    StaffUserFactory(
        username="vanthu",
        organisation=Organisation.objects.get(name="Sở Y tế tỉnh An Giang"),
        role="clerk",
        password="mat-khau-dai-123",
    )
    scan = tmp_path / "ban-scan.pdf"
    scan.write_bytes(scanned_pdf_of(ScanDispatch(year=2031), 150))

    desk.goto(reverse("admin:login"))
    desk.get_by_label("Tên đăng nhập").fill("vanthu")
    desk.get_by_label("Mật khẩu").fill("mat-khau-dai-123")
    desk.locator("input[type=submit]").click()
    desk.goto(reverse("admin:advisories_dispatch_import"))
    desk.locator("#id_pdf").set_input_files(str(scan))
    desk.get_by_role("button", name="Đọc văn bản và điền biểu mẫu").click()

    desk.wait_for_url("**/import/scan/*/")
    assert "đã đọc 0/1 trang" in desk.get_by_role("status").inner_text()
    with one_at_a_time():  # the progress page polls the live server meanwhile
        _run_worker()
    desk.wait_for_url("**/add/?import=*")  # the progress page reloads itself

    checks = desk.locator(".import-checks")
    assert "Ngày ban hành" in checks.inner_text()
    crop = checks.get_by_role("img", name="Ảnh vùng đọc được ngày ban hành trên bản scan")
    assert crop.evaluate("image => image.complete && image.naturalWidth > 0")
    outline = desk.locator(".field-year").first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    assert desk.locator("#id_number").input_value() == "2152"
    assert desk.locator("#id_year").input_value() == "2031"

    desk.locator("#id_year").fill("2025")
    desk.get_by_role("button", name="Lưu lại", exact=True).click()

    desk.wait_for_url("**/advisories/dispatch/")
    saved = Dispatch.objects.get(number=2152)
    assert (saved.symbol, saved.signer_name) == ("SYT-CNTTTT", "Đoàn Thanh Hùng")
