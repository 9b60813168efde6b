"""Vietnamese first, English available: the language is in the address (/en/…), never guessed.

The English words are looked up in the catalogue (not written out here), so these tests check
that the catalogue is there, is used, and that every page of it links to the same page in the
other language.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from advisories.models import Dispatch
from tests.factories import DispatchFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def in_english(text):
    with translation.override("en"):
        return translation.gettext(text)


def english_path(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def _seed_dispatch(number):
    return Dispatch.objects.select_related("issuer").get(number=number)


def test_the_portal_is_vietnamese_whatever_the_browser_prefers(client, seeded):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Văn bản cảnh báo mới nhất" in page
    assert response["Content-Language"] == "vi"
    assert "Accept-Language" not in response.get("Vary", "")


def test_english_pages_live_under_en(client, seeded):
    heading = in_english("Văn bản cảnh báo mới nhất")
    assert heading != "Văn bản cảnh báo mới nhất"  # the catalogue is compiled and found

    response = client.get("/en/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert response["Content-Language"] == "en"
    assert heading in page
    assert "Văn bản cảnh báo mới nhất" not in page


def test_links_on_an_english_page_stay_in_english(client, seeded):
    dispatch = _seed_dispatch(2152)
    page = client.get(english_path("advisories:dispatch_list")).content.decode()
    with translation.override("en"):
        english_detail = dispatch.get_absolute_url()
    assert english_detail.startswith("/en/")
    assert f'href="{english_detail}"' in page
    assert f'action="{english_path("advisories:search")}"' in page


def test_document_labels_are_translated_but_the_document_stays_as_printed(client, seeded):
    dispatch = _seed_dispatch(2152)
    with translation.override("en"):
        url = dispatch.get_absolute_url()
    page = client.get(url).content.decode()
    assert in_english("Công văn") in page  # the type label, from the model's choices
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert "Kính gửi:" in page


def test_type_and_status_labels_follow_the_language():
    plan = Dispatch(doc_type=Dispatch.DocType.KE_HOACH, status=Dispatch.Status.WITHDRAWN)
    assert (plan.get_doc_type_display(), plan.get_status_display()) == ("Kế hoạch", "Đã thu hồi")
    with translation.override("en"):
        assert plan.get_doc_type_display() == in_english("Kế hoạch") != "Kế hoạch"
        assert plan.get_status_display() == in_english("Đã thu hồi") != "Đã thu hồi"


def test_a_plans_printed_title_stays_vietnamese_on_the_english_page(client):
    plan = DispatchFactory(doc_type=Dispatch.DocType.KE_HOACH, subject="phòng chống lừa đảo")
    with translation.override("en"):
        page = client.get(plan.get_absolute_url()).content.decode()
    assert '<h1 class="page-title" lang="vi">Phòng chống lừa đảo</h1>' in page
    assert f'<p class="page-subtitle">{in_english("Kế hoạch")} ' in page
    assert '<p class="doc-type-title" lang="vi">KẾ HOẠCH</p>' in page


def test_each_page_links_to_itself_in_the_other_language(client, seeded):
    vietnamese = _seed_dispatch(2152).get_absolute_url()
    english = "/en" + vietnamese

    page = client.get(vietnamese).content.decode()
    assert re.search(rf'<a href="{re.escape(english)}" hreflang="en" lang="en">English</a>', page)
    assert f'<link rel="alternate" hreflang="en" href="{settings.SITE_URL}{english}">' in page

    page = client.get(english).content.decode()
    assert f'<a href="{vietnamese}" hreflang="vi" lang="vi">Tiếng Việt</a>' in page


def test_a_search_keeps_its_query_in_the_other_language(client, seeded):
    page = client.get(reverse("advisories:search"), {"q": "lua dao"}).content.decode()
    english = english_path("advisories:search") + "?q=lua+dao"
    assert f'<a href="{english}" hreflang="en"' in page


def test_a_bad_search_is_refused_in_the_pages_language(client, seeded):
    response = client.get(english_path("advisories:search"), {"nam": "hai"})
    assert response.status_code == 400
    assert in_english("Năm phải là một số, ví dụ 2025.") in response.content.decode()


def test_each_language_is_cached_separately(client, seeded):
    client.get("/")  # cached in Vietnamese first
    assert in_english("Văn bản cảnh báo mới nhất") in client.get("/en/").content.decode()
    assert "Văn bản cảnh báo mới nhất" in client.get("/").content.decode()


def test_the_staff_admin_stays_vietnamese_and_has_no_english_address(client):
    assert client.get("/en/quan-tri/login/").status_code == 404
    response = client.get("/quan-tri/login/", headers={"accept-language": "en"})
    assert '<html lang="vi"' in response.content.decode()


_PO_FIELD = re.compile(r'^(msgid|msgid_plural|msgstr|msgstr\[\d\]) "(.*)"$')


def _entries(po_text):
    """(msgid, msgstr) pairs of a .po file; plural entries give their singular pair."""
    entries = []
    for block in po_text.split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if match := re.match(
                r'^(msgid|msgstr(?:\[0\])?|msgid_plural|msgstr\[\d\]) "(.*)"$', line
            ):
                current = match[1]
                fields[current] = match[2]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        msgid = fields.get("msgid")
        if msgid:
            entries.append((msgid, fields.get("msgstr", fields.get("msgstr[0]", ""))))
    return entries


def _unescape(text):
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_every_string_of_the_catalogue_is_translated_and_compiled():
    """`make messages-check` (CI) finds strings missing from the .po; this finds a .po entry
    left empty, or a .mo not compiled after the .po changed."""
    entries = _entries(CATALOGUE.read_text(encoding="utf-8"))
    assert len(entries) > 100
    with translation.override("en"):
        for msgid, msgstr in entries:
            assert msgstr, f"untranslated: {msgid}"
            if "%(" not in msgid:
                assert translation.gettext(_unescape(msgid)) == _unescape(msgstr), msgid
