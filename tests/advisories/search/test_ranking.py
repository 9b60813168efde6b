"""The original of a chain ranks above its forwards for the same words."""

import pytest
from django.urls import reverse

from advisories.models import Dispatch
from advisories.search.query import parse_query
from advisories.search.ranking import rank
from tests.advisories.search.test_search_page import results

pytestmark = pytest.mark.django_db
URL = reverse("advisories:search")


def _seed(number):
    return Dispatch.objects.select_related("issuer").get(number=number).get_absolute_url()


@pytest.mark.parametrize("q", ["otp", "lua dao so lien lac", "so lien lac dien tu", "lừa đảo"])
def test_the_original_comes_before_its_forwards(client, seeded, q):
    # 1153 (06/10) is forwarded by 2152 (07/10), itself forwarded by 29 (08/10): same words,
    # and newest first would put them upside down.
    found = results(client, q=q)
    chain = [found.index(_seed(n)) for n in (1153, 2152, 29)]
    assert chain == sorted(chain), found
    assert chain == list(range(chain[0], chain[0] + 3))  # together


def test_without_references_equal_results_stay_newest_first(client, corpus):
    """The hand-made corpus has the same subjects but no references between them."""
    assert results(client, q="lua dao")[:3] == [
        corpus.c.get_absolute_url(),
        corpus.b.get_absolute_url(),
        corpus.a.get_absolute_url(),
    ]


def test_relevance_still_comes_before_the_chain():
    # 3 cites 1, but 3's subject holds the phrase and 1's does not: 3 stays first.
    rows = [(3, "lừa đảo qua mạng"), (2, "khác"), (1, "lừa và đảo")]
    ranked = rank(rows, parse_query("lua dao"), links=[(3, 1)])
    assert [r[0] for r in ranked] == [3, 1, 2]


def test_a_chain_stands_where_its_newest_member_stood():
    rows = [(5, "x"), (4, "x"), (3, "x"), (2, "x"), (1, "x")]
    # 5 forwards 3 which forwards 1; 4 and 2 are on their own; a cycle does not hang.
    ranked = rank(rows, parse_query("x"), links=[(5, 3), (3, 1), (4, 2), (2, 4)])
    assert [r[0] for r in ranked] == [1, 3, 5, 4, 2]
