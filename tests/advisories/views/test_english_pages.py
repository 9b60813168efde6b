"""The pages under /en/: the scam patterns in the English staff wrote, a Vietnamese fallback
marked lang="vi" where they wrote none, and each dispatch as its Vietnamese original (marked
lang="vi") below the English summary staff wrote."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from advisories.models import Dispatch, ScamPattern
from advisories.services import invalidate_public_pages, save_scam_pattern
from tests.advisories.views.test_public import _make_corpus, _page_urls

pytestmark = pytest.mark.django_db

SCHOOL = "gia-danh-nha-truong-so-lien-lac-dien-tu"


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _school():
    return ScamPattern.objects.get(slug=SCHOOL)


def test_a_pattern_page_in_english(client, seeded):
    pattern = _school()
    page = _get(client, "/en" + pattern.get_absolute_url())
    assert '<html lang="en">' in page
    assert f"<h1>{pattern.name_en}</h1>" in page
    assert "<title>Posing as the school" in page
    assert "<dd>Parents of schoolchildren</dd>" in page
    assert '<ul class="flags"><li>The caller says they are from the school' in page
    assert '<ul class="checks"><li>Never give your bank account details' in page
    assert '<li>Police hotline: <a href="tel:113">113</a></li>' in page  # a tel: link
    assert '<ol class="steps"><li>The scammer calls a parent' in page
    assert 'lang="vi"' not in page.split("<main", 1)[1].split("related-heading")[0]
    vietnamese = _get(client, pattern.get_absolute_url())
    assert f"<h1>{escape(pattern.name)}</h1>" in vietnamese
    assert "Posing as the school" not in vietnamese


def test_a_text_without_english_shows_the_vietnamese_marked_vi(client, seeded):
    pattern = _school()
    pattern.what_to_do_en = ""
    save_scam_pattern(pattern=pattern)
    page = _get(client, "/en" + pattern.get_absolute_url())
    assert '<ul class="checks" lang="vi"><li>Không cung cấp tài khoản ngân hàng' in page
    assert f"<h1>{pattern.name_en}</h1>" in page  # the rest stays English
    dispatch = Dispatch.objects.get(number=1153)
    aside = _get(client, "/en" + dispatch.get_absolute_url())
    assert '<ul class="checks" lang="vi"><li>Không cung cấp' in aside
    assert '<ul class="flags"><li>The caller says' in aside


@pytest.mark.parametrize(
    "name", ["home", "pattern_list", "if_scammed"], ids=["home", "patterns", "if-scammed"]
)
def test_pattern_names_in_english_wherever_they_are_listed(client, seeded, name):
    page = _get(client, "/en" + reverse(f"advisories:{name}"))
    assert "Posing as the school — the “electronic contact book” scam</a>" in page
    assert "Giả danh nhà trường" not in page


def test_the_if_scammed_page_is_english_throughout(client, seeded):
    page = _get(client, "/en" + reverse("advisories:if_scammed"))
    main = page.split("<main", 1)[1]
    for english in ("Call your bank right away", "Keep the evidence:", "Who to call"):
        assert english in main
    # Apart from names printed by the organisations themselves (marked), no Vietnamese text.
    unmarked = re.sub(r'<(\w+)[^>]* lang="vi"[^>]*>.*?</\1>', "", main, flags=re.S)
    assert not re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", unmarked)


def test_a_dispatch_in_english_is_its_summary_above_the_vietnamese_original(client, seeded):
    dispatch = Dispatch.objects.get(number=1153)
    page = _get(client, "/en" + dispatch.get_absolute_url())
    summary = page.index('<h2 id="summary-heading">Summary in English</h2>')
    assert page.index("The People&#x27;s Committee of An Giang province warns") > summary
    assert summary < page.index('<article class="document"')
    # The original, as printed, keeps its language.
    for element in (
        '<header class="doc-header" lang="vi">',
        '<div class="doc-body" lang="vi">',
        '<footer class="doc-footer" lang="vi">',
        '<h1 class="page-title" lang="vi">Tuyên truyền phương thức lừa đảo',  # its subject
    ):
        assert element in page
    assert '<blockquote id="warning-text-' in page and 'class="warning-text" lang="vi"' in page
    vietnamese = _get(client, dispatch.get_absolute_url())
    assert "summary-heading" not in vietnamese
    assert "The People" not in vietnamese


def test_a_dispatch_without_an_english_summary_says_it_is_in_vietnamese(client, seeded):
    dispatch = Dispatch.objects.get(number=2152)
    Dispatch.objects.filter(pk=dispatch.pk).update(summary_en="")
    page = _get(client, "/en" + dispatch.get_absolute_url())
    assert "This document exists in Vietnamese only; it is printed in full below." in page
    assert "The scam it warns about is described on this page." in page


@pytest.mark.parametrize("size", [3, 30])
def test_english_pages_make_the_queries_of_the_vietnamese_ones(client, size):
    """No query per pattern or per dispatch for the English texts, at either size."""
    urls = _page_urls(*_make_corpus(size))
    for url in urls:
        counts = []
        for path in (url, "/en" + url):
            invalidate_public_pages()  # each page rendered afresh, its list counted afresh
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200, path
            counts.append(len(queries))
        assert counts[0] == counts[1], url
