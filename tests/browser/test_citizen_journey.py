"""A parent who got a strange call finds the warning on a phone, without typing diacritics."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from advisories.models import Dispatch, Organisation, ScamPattern
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser]


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_search_read_follow_the_chain_and_copy_the_sms(phone, seeded_live):
    phone.goto("/")
    assert _fits_the_screen(phone)
    phone.get_by_role("searchbox").fill("so lien lac dien tu")
    phone.get_by_role("button", name="Tìm").click()
    phone.wait_for_url("**/tim-kiem/**")
    assert "3 kết quả" in phone.get_by_role("status").inner_text()

    phone.get_by_role(
        "link", name='V/v Tuyên truyền phương thức lừa đảo "Số liên lạc điện tử"'
    ).click()
    phone.wait_for_url("**/29-TTYT-DS.TTGDSK/")
    assert _fits_the_screen(phone)
    current = phone.locator(".chain__item--current")
    assert "29/TTYT-DS.TTGDSK" in current.inner_text()

    phone.locator(".chain").get_by_role("link", name="1153/UBND-KGVX").click()
    phone.wait_for_url("**/1153-UBND-KGVX/")
    phone.get_by_role("button", name="Sao chép nội dung").click()
    phone.get_by_text("Đã sao chép").wait_for()
    copied = phone.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Hiện nay, xuất hiện thủ đoạn lừa đảo trực tuyến")
    assert copied.endswith("để được hỗ trợ")


def test_every_public_page_fits_a_360px_phone(phone, seeded_live):
    urls = [
        reverse("advisories:home"),
        reverse("advisories:dispatch_list"),
        reverse("advisories:pattern_list"),
        reverse("advisories:organisation_list"),
        reverse("advisories:if_scammed"),
        reverse("advisories:search") + "?q=lua+dao",
        # A suggestion standing in, why each result matched, the help for a phone number.
        reverse("advisories:search") + "?q=lua+daoo",
        reverse("advisories:search") + "?q=nha+truong+1153",
        reverse("advisories:search") + "?q=0912+345+678",
        ScamPattern.objects.first().get_absolute_url(),
        Organisation.objects.get(slug="ttyt-kien-hai").get_absolute_url(),
        "/khong-co-trang-nay/",
    ]
    urls += [d.get_absolute_url() for d in Dispatch.objects.select_related("issuer")]
    urls += ["/en" + url for url in urls]  # English words are longer
    for url in urls:
        phone.goto(url)
        assert _fits_the_screen(phone), url
        assert phone.locator("h1").count() == 1, url


def test_skip_link_reaches_the_content_by_keyboard(phone, seeded_live):
    phone.goto("/")
    phone.keyboard.press("Tab")
    skip = phone.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    assert skip.evaluate("el => el === document.activeElement")
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main"


def test_a_reader_switches_to_english_searches_and_comes_back(phone, seeded_live):
    with translation.override("en"):
        search_button = translation.gettext("Tìm")
    phone.goto("/")
    phone.get_by_role("link", name="English").click()
    phone.wait_for_url("**/en/")
    assert phone.locator("html").get_attribute("lang") == "en"
    phone.get_by_role("searchbox").fill("so lien lac dien tu")
    phone.get_by_role("button", name=search_button).click()
    phone.wait_for_url("**/en/tim-kiem/**")
    assert _fits_the_screen(phone)
    title = 'V/v Tuyên truyền phương thức lừa đảo "Số liên lạc điện tử"'
    assert phone.get_by_role("link", name=title).get_attribute("lang") == "vi"

    phone.get_by_role("link", name="Tiếng Việt").click()
    phone.wait_for_url(re.compile(r".*/tim-kiem/\?q=so\+lien\+lac\+dien\+tu$"))
    assert phone.locator("html").get_attribute("lang") == "vi"
    assert "3 kết quả" in phone.get_by_role("status").inner_text()


def test_a_scammed_reader_picks_a_province_and_calls_its_police(phone, seeded_live, settings):
    """Hundreds of hotlines nationwide: on a phone the reader picks a province first."""
    settings.HOTLINES_LISTED_WHOLE = 1  # the seed's one hotline, plus two in Đắk Lắk
    for name, hotline in [("Công an tỉnh Đắk Lắk", "0262 3852 110"), ("Sở Y tế Đắk Lắk", "0262 1")]:
        OrganisationFactory(name=name, province="Đắk Lắk", hotline=hotline)
    phone.goto(reverse("advisories:if_scammed"))
    whom_to_call = phone.locator(".card--contact")
    assert whom_to_call.get_by_role("link", name="113").is_visible()
    assert phone.get_by_role("link", name="0262 3852 110").count() == 0

    phone.get_by_label("Tỉnh, thành phố nơi bạn ở").select_option("Đắk Lắk")
    phone.get_by_role("button", name="Xem số điện thoại").click()
    phone.wait_for_url("**tinh=*")
    call = phone.get_by_role("link", name="0262 3852 110")
    assert call.get_attribute("href") == "tel:0262 3852 110"
    assert phone.get_by_role("link", name="Công an tỉnh An Giang").count() == 0
    assert _fits_the_screen(phone)


def test_a_mistyped_search_and_a_pasted_phone_number_still_help(phone, seeded_live):
    """A typo shows the results for what was meant, and says so; the words exactly find
    nothing, and the page offers the suggestion, whom to call, what to do; a phone number is
    told where to check it."""
    phone.goto("/")
    phone.get_by_role("searchbox").fill("lua daoo")
    phone.get_by_role("button", name="Tìm").click()
    phone.wait_for_url("**/tim-kiem/**")
    assert "Đang hiện kết quả cho “lua dao”" in phone.get_by_role("note").inner_text()
    assert "kết quả cho “lua dao”" in phone.get_by_role("status").inner_text()

    phone.get_by_role("link", name="Tìm chính xác “lua daoo”").click()
    phone.wait_for_url("**chinhxac=1**")
    assert "0 kết quả cho “lua daoo”" in phone.get_by_role("status").inner_text()
    assert phone.get_by_role("link", name="113").first.get_attribute("href") == "tel:113"
    assert phone.get_by_role("link", name="Bị lừa đảo, cần làm gì? Các bước cần làm ngay").count()
    phone.get_by_role("link", name="lua dao").click()  # "Bạn muốn tìm: lua dao?"
    phone.wait_for_url(re.compile(r".*\?q=lua\+dao$"))
    assert phone.locator(".dispatch-row").count() == 4  # every seed dispatch says "lừa đảo"

    phone.get_by_role("searchbox").fill("0912 345 678")
    phone.get_by_role("button", name="Tìm").click()
    phone.wait_for_url("**q=0912**")
    assert phone.get_by_role("heading", name="Kiểm tra và báo ở đâu").is_visible()
    assert _fits_the_screen(phone)
