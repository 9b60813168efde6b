"""English searches find the Vietnamese originals: each dispatch is indexed with the English
texts of its scam patterns and its English summary, and the search page lists the patterns
whose words (either language) the query holds. The same on SQLite and on PostgreSQL."""

import pytest
from django.urls import reverse

from advisories.models import ScamPattern
from advisories.search.patterns import matching_patterns
from advisories.search.query import parse_query
from advisories.services import save_scam_pattern

pytestmark = pytest.mark.django_db

SCHOOL = ["1153/UBND-KGVX", "2152/SYT-CNTTTT", "29/TTYT-DS.TTGDSK"]
VINH = ["/UBND-VHTT"]
SCHOOL_PATTERN = "Posing as the school — the “electronic contact book” scam"
TAX_PATTERN = "Posing as tax or police officers after an online public-service application"


def _search(client, q, prefix="/en"):
    response = client.get(prefix + reverse("advisories:search"), {"q": q})
    assert response.status_code == 200
    return response


def _found(response):
    return sorted(hit.dispatch.number_symbol for hit in response.context["result"].page)


@pytest.mark.parametrize(
    ("q", "dispatches", "patterns"),
    [
        ("scam", SCHOOL + VINH, [SCHOOL_PATTERN, TAX_PATTERN]),
        ("police", VINH, [TAX_PATTERN]),
        ("school", SCHOOL, [SCHOOL_PATTERN]),
        ("fake bank app", SCHOOL, [SCHOOL_PATTERN]),
        ("Tax Officers", VINH, [TAX_PATTERN]),
        ('"homeroom teacher"', SCHOOL, [SCHOOL_PATTERN]),
    ],
)
def test_english_words_find_the_patterns_and_their_dispatches(
    client, seeded, q, dispatches, patterns
):
    response = _search(client, q)
    assert _found(response) == sorted(dispatches)
    listed = [p.name_en for p in response.context["patterns"]]
    assert sorted(listed) == sorted(patterns)
    page = response.content.decode()
    for name in patterns:
        assert f"{name}</a></h3>" in page


def test_the_same_words_find_the_same_on_the_vietnamese_page(client, seeded):
    response = _search(client, "fake bank app", prefix="")
    assert _found(response) == sorted(SCHOOL)
    page = response.content.decode()
    assert "Giả danh nhà trường" in page  # the pattern under its Vietnamese name there


def test_an_english_summary_finds_its_dispatch(client, seeded):
    assert _found(_search(client, "telecom providers")) == ["1153/UBND-KGVX"]


def test_vietnamese_words_list_the_pattern_too(client, seeded):
    response = _search(client, "gia danh cong an", prefix="")
    assert [p.slug for p in response.context["patterns"]] == [
        "gia-danh-can-bo-thue-cong-an-dich-vu-cong"
    ]


def test_no_pattern_section_when_no_pattern_matches(client, seeded):
    response = _search(client, "zzzz")
    assert response.context["patterns"] == []
    assert "patterns-found" not in response.content.decode()


def test_the_pattern_filter_is_named_in_the_page_language(client, seeded):
    english = _search(client, "scam").content.decode()
    facets = english.split('id="facets-title"', 1)[1]
    assert f">{SCHOOL_PATTERN}</a>" in facets
    vietnamese = _search(client, "scam", prefix="").content.decode()
    assert "Giả danh nhà trường" in vietnamese.split('id="facets-title"', 1)[1]


def test_a_pattern_filter_label_without_english_is_marked_vietnamese(client, seeded):
    pattern = ScamPattern.objects.get(slug="gia-danh-can-bo-thue-cong-an-dich-vu-cong")
    pattern.name_en = ""
    save_scam_pattern(pattern=pattern)
    facets = _search(client, "police").content.decode().split('id="facets-title"', 1)[1]
    assert f'lang="vi">{pattern.name}</a>' in facets


def test_pattern_words_match_whole(seeded):
    assert matching_patterns(parse_query("app"))
    assert not matching_patterns(parse_query("ap"))
    assert not matching_patterns(parse_query("apps"))
