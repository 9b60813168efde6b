"""A parent who read a warning on the phone sends its link to the family group."""

import pytest

from advisories.models import Dispatch, ScamPattern

pytestmark = [pytest.mark.browser]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_copy_the_link_of_a_warning_on_a_360px_phone(phone, seeded_live, settings, live_server):
    settings.SITE_URL = live_server.url
    dispatch = Dispatch.objects.select_related("issuer").get(number=1153)
    phone.goto(dispatch.get_absolute_url())
    share = phone.get_by_role("region", name="Chia sẻ cảnh báo này")
    share.scroll_into_view_if_needed()
    assert _fits_the_screen(phone)

    targets = [
        share.get_by_role("link", name="Chia sẻ lên Facebook"),
        share.get_by_role("link", name="Chia sẻ lên X (Twitter)"),
        share.get_by_role("link", name="Gửi thư điện tử"),
        share.get_by_role("button", name="Sao chép liên kết"),
        share.get_by_label("Liên kết của trang này"),
    ]
    for target in targets:
        box = target.bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360

    status = share.get_by_role("status")
    assert status.inner_text() == ""
    share.get_by_role("button", name="Sao chép liên kết").click()
    status.get_by_text("Đã sao chép").wait_for()
    copied = phone.evaluate("navigator.clipboard.readText()")
    assert copied == live_server.url + dispatch.get_absolute_url()


def test_the_pattern_page_shares_too_and_in_english(phone, seeded_live, settings, live_server):
    settings.SITE_URL = live_server.url
    pattern = ScamPattern.objects.first()
    phone.goto("/en" + pattern.get_absolute_url())
    share = phone.get_by_role("region", name="Share this warning")
    share.get_by_role("button", name="Copy link").click()
    share.get_by_role("status").get_by_text("Copied").wait_for()
    assert phone.evaluate("navigator.clipboard.readText()") == (
        live_server.url + "/en" + pattern.get_absolute_url()
    )
    assert _fits_the_screen(phone)
