""" "Bạn muốn tìm …?": one-edit typos, words joined or split, built from the index vocabulary.

The seed dispatches give the cases testers reported; a corpus of other words shows that
nothing is written for them."""

import html
import re

import pytest
from django.urls import reverse

from advisories.search.query import parse_query
from advisories.search.vocabulary import edits1
from advisories.services import refresh_search_text
from tests.factories import DispatchFactory

pytestmark = pytest.mark.django_db
URL = reverse("advisories:search")
_ROW = re.compile(r'class="dispatch-row__title" href="([^"]+)"')


def text(fragment):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def search(client, **params):
    page = client.get(URL, params).content.decode()
    notice = re.search(r'class="notice notice--suggestion"[^>]*>(.*?)</(?:div|p)>', page, re.S)
    status = re.search(r'role="status">(.*?)</p>', page, re.S)
    return {
        "notice": text(notice[1]) if notice else "",
        "status": text(status[1]) if status else "",
        "rows": _ROW.findall(page),
        "page": page,
    }


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("lua dau", "lua dao"),
        ("lu dao", "lua dao"),
        ("luadao", "lua dao"),
        ("lua daoo", "lua dao"),
        ("sso lien lac", "so lien lac"),
        ("so lienlac", "so lien lac"),
        ("so lien l ac", "so lien lac"),
    ],
)
def test_the_testers_cases_on_the_seed_dispatches(client, seeded, typed, meant):
    found = search(client, q=typed)
    assert f"“{meant}”" in found["notice"] or f"Bạn muốn tìm: {meant}?" in found["notice"], found
    assert found["rows"]


def test_when_the_typed_words_find_nothing_the_suggestions_results_are_shown(client, seeded):
    found = search(client, q="lua daoo")
    # The banner and the count line speak of the same query.
    assert found["notice"].startswith("Không có kết quả cho “lua daoo”.")
    assert "Đang hiện kết quả cho “lua dao”." in found["notice"]
    assert found["status"] == f"{len(found['rows'])} kết quả cho “lua dao”."
    assert "<strong>dao</strong>" in found["page"]  # the corrected word stands out
    assert 'href="?q=lua+daoo&amp;chinhxac=1"' in found["page"]


def test_searching_exactly_shows_the_typed_words_and_offers_the_suggestion(client, seeded):
    found = search(client, q="lua daoo", chinhxac="1")
    assert found["rows"] == []
    assert found["status"] == "0 kết quả cho “lua daoo”."
    assert found["notice"] == "Bạn muốn tìm: lua dao?"
    assert 'href="?q=lua+dao"' in found["page"]


def test_typed_words_with_results_keep_them_and_get_the_suggestion(client, db):
    """ "lua dau": both words are common ("đầu"), so the typed query finds dispatches; their
    subjects say "lừa đảo", never "lừa đâu"."""
    for n in range(4):
        dispatch = DispatchFactory(
            subject=f"cảnh báo lừa đảo đợt {n}", body="Đầu năm, nhiều người bị lừa."
        )
        refresh_search_text(dispatch=dispatch)
    found = search(client, q="lua dau")
    assert found["notice"] == "Bạn muốn tìm: lua dao?"
    assert found["status"] == "4 kết quả cho “lua dau”."


def test_a_query_whose_words_stand_together_gets_no_suggestion(client, seeded):
    for typed in ("lua dao", "so lien lac dien tu", "otp", "gia danh"):
        assert search(client, q=typed)["notice"] == "", typed


def test_the_suggestion_reads_no_filter(client, seeded):
    """The same words get the same suggestion on a filtered page: a facet link lands on the
    results its count promised (test_facets follows them)."""
    plain = search(client, q="lua daoo")["notice"]
    filtered = search(client, q="lua daoo", coquan="so-y-te-an-giang")
    assert filtered["notice"] == plain
    assert len(filtered["rows"]) == 2  # 2152 and 29, under the Sở


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("chuyen khaon", "chuyen khoan"),  # two letters swapped
        ("chuyn khoan", "chuyen khoan"),  # one missing
        ("chuyeen khoan", "chuyen khoan"),  # one too many
        ("chuyen khoen", "chuyen khoan"),  # one wrong
        ("chuyenkhoan nham", "chuyen khoan nham"),  # joined
        ("chuy en khoan", "chuyen khoan"),  # split
        ("vay tien nhahh", "vay tien nhanh"),  # another phrase, a word known only here
    ],
)
def test_built_from_the_vocabulary_not_for_particular_words(client, db, typed, meant):
    for subject in ("cảnh báo chuyển khoản nhầm", "lừa đảo chuyển khoản nhầm", "vay tiền nhanh"):
        refresh_search_text(dispatch=DispatchFactory(subject=subject, body="Nội dung."))
    found = search(client, q=typed)
    assert f"Đang hiện kết quả cho “{meant}”." in found["notice"], found["notice"]
    assert found["rows"]


def test_numbers_links_and_phone_numbers_get_no_suggestion(client, seeded):
    for typed in ("0912 345 678", "vietcombank-xacminh.com", "11530"):
        assert search(client, q=typed)["notice"] == "", typed


def test_one_edit_away():
    near = edits1("dau")
    assert {"dao", "da", "dua", "adu", "cau", "daux"} <= near
    assert "dau" not in near and "doa" not in near  # two edits away


def test_a_suggestion_keeps_quoted_phrases():
    query = parse_query('otp "so lien lac"').with_parts((("otp",), ("so", "lien", "lac")))
    assert query.text() == 'otp "so lien lac"'
    assert parse_query(query.text()) == query


def test_a_known_word_that_finds_something_is_taken_as_meant(client, db):
    """ "top" is one edit from "otp", which many dispatches hold; "top" finds one: no
    suggestion for a single word that finds something."""
    refresh_search_text(dispatch=DispatchFactory(subject="mười thủ đoạn", body="Top 10."))
    for n in range(5):
        refresh_search_text(dispatch=DispatchFactory(subject=f"mã OTP {n}", body="Nội dung."))
    found = search(client, q="top")
    assert found["notice"] == ""
    assert len(found["rows"]) == 1
