"""Every facet count is the number of results its link gives: the test follows every link."""

import html
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("advisories:search")
_FACET = re.compile(r'<a href="(\?[^"]*)">([^<]*)</a> <span class="muted">\((\d+)\)</span>')
_ROW = re.compile(r'class="dispatch-row__title" href="([^"]+)"')
_TOTAL = re.compile(r'role="status">\s*(Hơn )?(\d+) kết quả')


def _get(client, query_string):
    response = client.get(URL + query_string)
    assert response.status_code == 200, (query_string, response.status_code)
    return response.content.decode()


def facet_links(page):
    """(href, label, count) of every facet value linked on the page."""
    if 'class="facets"' not in page:
        return []
    facets = page[page.index('class="facets"') :]
    found = _FACET.findall(facets)
    return [(html.unescape(h), html.unescape(label), int(n)) for h, label, n in found]


def shown(page):
    """(total the page states, whether it says "Hơn", rows listed)."""
    match = _TOTAL.search(page)
    return int(match[2]), bool(match[1]), len(_ROW.findall(page))


def follow_every_facet(client, query_string, depth):
    """Follow each facet link of the page (and theirs, `depth` levels): the page it leads to
    lists exactly as many results as the link's count said. Returns the links followed."""
    followed = 0
    for href, label, count in facet_links(_get(client, query_string)):
        page = _get(client, href)
        total, capped, rows = shown(page)
        assert not capped
        assert (total, rows) == (count, count), f"{query_string} → {label} ({count}): {href}"
        followed += 1
        if depth > 1:
            followed += follow_every_facet(client, href, depth - 1)
    return followed


@pytest.fixture(autouse=True)
def _one_page(settings):
    settings.ADVISORIES_PER_PAGE = 1000  # every result on the page, to count the rows too


@pytest.mark.parametrize(
    "query_string",
    [
        "?q=lua+dao",
        "?q=lien+lac+dien+tu",
        "?q=otp",
        "?q=2152",
        "?coquan=ubnd-ag",
        "?q=lua+dao&coquan=syt",
        "?q=lua+daoo",  # no result as typed: the suggestion's results and their facets
    ],
)
def test_every_facet_link_gives_as_many_results_as_its_count(client, corpus, query_string):
    assert follow_every_facet(client, query_string, depth=2) > 0


def test_an_issuer_counts_the_results_of_its_units(client, corpus):
    links = {label: count for _, label, count in facet_links(_get(client, "?q=lua+dao"))}
    # 1153 (UBND tỉnh), 2152 (Sở Y tế, under it), 29 (TTYT, under the Sở).
    assert links["UBND tỉnh An Giang"] == 3
    assert links["Sở Y tế"] == 2
    assert links["TTYT Kiên Hải"] == 1


def test_within_an_issuer_filter_no_unit_above_it_is_offered(client, corpus):
    labels = [label for _, label, _ in facet_links(_get(client, "?q=lua+dao&coquan=syt"))]
    assert "UBND tỉnh An Giang" not in labels
    assert "TTYT Kiên Hải" in labels


def test_on_a_generated_corpus_with_deep_organisation_trees(client):
    """Hundreds of dispatches, organisations four levels deep, forwarding chains: every facet
    link of a few searches, then every link of the filtered pages they lead to."""
    call_command(
        "generate_corpus",
        dispatches=150,
        organisations=40,
        seed=5,
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    followed = 0
    for query_string in ["?q=otp", "?q=gia+danh", "?q=lua+dao&nam=2025", "?q=zalo"]:
        followed += follow_every_facet(client, query_string, depth=1)
    assert followed > 40


def test_a_capped_search_says_so_and_its_counts_are_a_lower_bound(client, corpus, settings):
    """Past SEARCH_CANDIDATES matches, counts are taken on the newest ones (the page says so):
    a link may then give more than its count, never fewer."""
    settings.SEARCH_CANDIDATES = 2
    for href, _, count in facet_links(_get(client, "?q=lua+dao")):
        total, _, _ = shown(_get(client, href))
        assert total >= count


def test_a_number_with_a_filter_lists_rather_than_redirects(client, corpus):
    """Alone, "1153" goes to the dispatch; a facet link keeps the number and adds a filter,
    and must land on a list, as its count said."""
    assert client.get(URL, {"q": "1153"}).status_code == 302
    page = _get(client, "?q=1153&nam=2025")
    assert _ROW.findall(page)[0] == corpus.a.get_absolute_url()
