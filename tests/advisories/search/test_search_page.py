"""The search page on a hand-made corpus: the expected results are written out by hand, and the
same on SQLite and PostgreSQL (CI runs this file on both)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisories.search import backend
from advisories.services import publish_dispatch, refresh_search_text
from tests.factories import DispatchFactory

pytestmark = pytest.mark.django_db
URL = reverse("advisories:search")


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content[:500]
    return re.findall(r'class="dispatch-row__title" href="([^"]+)"', response.content.decode())


def urls(*dispatches):
    return [d.get_absolute_url() for d in dispatches]


@pytest.mark.parametrize("typed", ["lừa đảo", "lua dao", "LỪA ĐẢO", "Lừa  Đảo"])
def test_accents_and_case_do_not_matter(client, corpus, typed):
    # Phrase in the subject first (newest first among them), then the body-only match.
    assert results(client, q=typed) == urls(corpus.c, corpus.b, corpus.a, corpus.d)


def test_so_and_so_fold_alike_and_d_is_d(client, corpus):
    expected = urls(corpus.c, corpus.b, corpus.a)
    assert results(client, q="Số liên lạc") == expected
    assert results(client, q="sổ liên lạc") == expected
    assert results(client, q="đien tu", nam=2025) == urls(corpus.c, corpus.b, corpus.a, corpus.e)


def test_quoted_phrase_needs_the_words_together(client, corpus):
    assert results(client, q='"lien lac dien tu"') == urls(corpus.c, corpus.b, corpus.a)
    # Unquoted, the withdrawn plan (words apart, in its body) comes after the subject matches.
    assert results(client, q="lien lac dien tu") == urls(corpus.c, corpus.b, corpus.a, corpus.e)


def test_exact_number_and_symbol_go_straight_to_the_dispatch(client, corpus):
    for typed in ("1153/UBND-KGVX", "1153", "số 1153", "29/ttyt-ds"):
        response = client.get(URL, {"q": typed})
        assert response.status_code == 302, typed
    assert client.get(URL, {"q": "1153"})["Location"] == corpus.a.get_absolute_url()
    assert client.get(URL, {"q": "29/ttyt-ds"})["Location"] == corpus.c.get_absolute_url()


def test_a_number_two_dispatches_share_lists_them_first(client, corpus):
    # 2152 is B's and E's number; C cites it in its body.
    assert results(client, q="2152") == urls(corpus.e, corpus.b, corpus.c)


def test_matches_are_highlighted_in_title_and_snippet(client, corpus):
    page = client.get(URL, {"q": "giao vien"}).content.decode()
    assert "giả danh <mark>giáo</mark> <mark>viên</mark> chủ nhiệm" in page


def test_text_is_escaped_in_snippets(client, corpus):
    dispatch = DispatchFactory(body='<img src=x onerror="alert(1)"> lừa đảo qua mạng', subject="x")
    refresh_search_text(dispatch=dispatch)
    page = client.get(URL, {"q": "lua dao qua mang"}).content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>lừa</mark>" in page
    assert "<img src=x" not in page


def test_drafts_are_never_found(client, corpus):
    assert corpus.draft.get_absolute_url() not in results(client, q="chua ban hanh")
    assert results(client, q="chua ban hanh") == []


def test_a_typo_is_corrected_with_the_nearest_known_word(client, corpus):
    response = client.get(URL, {"q": "tuyen truyenn"})
    page = response.content.decode()
    assert "<strong>truyen</strong>" in page
    assert results(client, q="tuyen truyenn") == urls(corpus.c, corpus.b, corpus.a)


class TestFilters:
    def test_issuer_includes_its_sub_units(self, client, corpus):
        assert results(client, q="lua dao", coquan="ubnd-ag") == urls(corpus.c, corpus.b, corpus.a)
        assert results(client, q="lua dao", coquan="syt") == urls(corpus.c, corpus.b)

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"tinh": "Nghệ An"}, ["d"]),
            ({"thudoan": "can-bo-thue"}, ["d"]),
            ({"thudoan": "nha-truong"}, ["c", "b", "a"]),
            ({"nam": "2024"}, ["d"]),
            ({"loai": "thong_bao"}, ["d"]),
            ({"trangthai": "withdrawn", "q": "otp"}, ["e"]),
        ],
    )
    def test_each_filter(self, client, corpus, params, expected):
        params = {"q": "lua dao"} | params
        assert results(client, **params) == urls(*(getattr(corpus, x) for x in expected))

    def test_filters_alone_list_newest_first(self, client, corpus):
        assert results(client, coquan="ubnd-ag") == urls(corpus.e, corpus.c, corpus.b, corpus.a)

    def test_counts_per_filter_value(self, client, corpus):
        page = client.get(URL, {"q": "lua dao"}).content.decode()
        facets = page[page.index('class="facets"') :]
        text = re.sub(r"<[^>]+>", "", facets)
        text = re.sub(r"\s+", " ", text)
        for expected in [
            "An Giang (3)",
            "Nghệ An (1)",
            "Giả danh nhà trường (3)",
            "Giả danh cán bộ thuế (1)",
            "2025 (3)",
            "2024 (1)",
            "Công văn (3)",
            "Thông báo (1)",
            "Đã ban hành (4)",
            "UBND TP Vinh (1)",
        ]:
            assert expected in text, expected
        # A facet link keeps the query and sets the filter: a shareable URL.
        assert 'href="?q=lua+dao&amp;nam=2024"' in facets

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"nam": "hai nghìn"}, "Năm phải là một số"),
            ({"coquan": "khong-co"}, "Không có cơ quan này"),
            ({"loai": "x"}, "Không có loại văn bản này"),
            ({"trangthai": "draft"}, "Chỉ lọc được văn bản đã ban hành hoặc đã thu hồi"),
        ],
    )
    def test_wrong_filter_values_are_a_400_in_vietnamese(self, client, corpus, params, message):
        response = client.get(URL, {"q": "lua dao"} | params)
        assert response.status_code == 400
        assert "Không tìm được vì bộ lọc chưa đúng" in response.content.decode()
        assert message in response.content.decode()


def test_broad_searches_say_the_count_is_capped(client, corpus, settings):
    settings.SEARCH_CANDIDATES = 2
    page = client.get(URL, {"q": "lua dao"}).content.decode()
    assert "Hơn 2 kết quả" in page
    assert "chỉ 2 văn bản mới nhất được xếp hạng" in page
    assert results(client, q="lua dao") == urls(corpus.c, corpus.b)


def test_a_published_dispatch_is_found_at_once(client, corpus):
    draft = corpus.draft
    assert results(client, q="chua ban hanh") == []
    publish_dispatch(dispatch=draft)
    assert results(client, q="chua ban hanh") == urls(draft)


@pytest.mark.parametrize("broad_factor", [0, 10**9], ids=["newest-first walk", "matches first"])
def test_sqlite_reads_a_broad_search_newest_first_with_the_same_results(
    client, corpus, monkeypatch, broad_factor
):
    """SQLite picks its plan by how many documents match (backend.BROAD_FACTOR); both plans
    give the hand-written results. (PostgreSQL's planner chooses by itself.)"""
    monkeypatch.setattr(backend, "BROAD_FACTOR", broad_factor)
    with CaptureQueriesContext(connection) as queries:
        assert results(client, q="lua dao") == urls(corpus.c, corpus.b, corpus.a, corpus.d)
    walked = any("+advisories_dispatch.id IN" in q["sql"] for q in queries.captured_queries)
    assert walked == (connection.vendor == "sqlite" and broad_factor == 0)
    assert results(client, q="lien lac dien tu") == urls(corpus.c, corpus.b, corpus.a, corpus.e)
    assert results(client, q="lua dao", coquan="syt") == urls(corpus.c, corpus.b)
    assert results(client, q="chua ban hanh") == []
