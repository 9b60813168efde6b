"""generate_corpus: a small corpus with chains, groups and warnings, searchable, reproducible."""

import pytest
from django.core.management import CommandError, call_command

from advisories.models import Addressee, Directive, Dispatch, Organisation, Reference
from advisories.search.engine import Filters, run_search
from advisories.search.query import parse_query
from corpus.generator import generate_corpus

pytestmark = pytest.mark.django_db


def _run(**options):
    call_command("generate_corpus", stdout=open("/dev/null", "w"), **options)  # noqa: SIM115


def test_small_corpus_is_complete_and_searchable():
    _run(dispatches=200, organisations=40, seed=7)
    dispatches = Dispatch.objects.filter(issuer__slug__startswith="kho7-")
    assert dispatches.count() == 200
    assert Organisation.objects.filter(slug__startswith="kho7-").count() == 40
    assert Organisation.objects.filter(slug__startswith="kho7-", parent__isnull=False).exists()
    assert Reference.objects.filter(citing__in=dispatches).count() > 20  # forwarding chains
    assert Addressee.members.through.objects.exists()  # groups name their members
    assert Directive.objects.filter(dispatch__in=dispatches).count() >= 400
    assert not dispatches.filter(search_text="").exists()
    # The common term is in about 30 % of the dispatches, found through the full-text index.
    result = run_search(query=parse_query("OTP"), filters=Filters(), page_number=1)
    assert 30 <= result.total <= 90
    assert not result.capped
    assert "<mark>OTP</mark>" in result.page.object_list[0].snippet


def test_same_seed_same_corpus():
    first = generate_corpus(dispatches=30, organisations=20, seed=3, log=lambda _: None)
    subjects = list(Dispatch.objects.order_by("pk").values_list("subject", "number", "year"))
    _run(dispatches=30, organisations=20, seed=3, replace=True)
    again = list(Dispatch.objects.order_by("pk").values_list("subject", "number", "year"))
    assert first.dispatches == 30
    assert again == subjects


def test_existing_seed_needs_replace():
    _run(dispatches=5, organisations=10, seed=4)
    with pytest.raises(CommandError, match="--replace"):
        _run(dispatches=5, organisations=10, seed=4)
