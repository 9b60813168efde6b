"""The corpus generator's writer threads (corpus.bulk): outside a transaction the rows go through
threads of their own (two connections on PostgreSQL) and must be exactly the rows written
inline, inside a transaction; a writer's error reaches the caller."""

import pytest
from django.db import connection, transaction

from advisories.models import Dispatch
from advisories.search.engine import Filters, run_search
from advisories.search.query import parse_query
from corpus import bulk
from corpus.generator import generate_corpus

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot():
    """The corpus by what it says, not by its ids (a rolled-back run used up sequence values)."""
    key = {}
    for pk, slug, year, number in Dispatch.objects.values_list(
        "pk", "issuer__slug", "year", "number"
    ):
        key[pk] = (slug, year, number)
    dispatches = sorted(
        (key[pk], subject, status, search_text)
        for pk, subject, status, search_text in Dispatch.objects.values_list(
            "pk", "subject", "status", "search_text"
        )
    )

    def parts(queryset, *fields):
        return sorted((key[row[0]], *row[1:]) for row in queryset.values_list(*fields))

    return {
        "dispatches": dispatches,
        "directives": parts(
            Dispatch.objects.filter(directives__isnull=False),
            "pk",
            "directives__position",
            "directives__text",
            "directives__assignees__slug",
        ),
        "addressees": parts(
            Dispatch.objects.filter(addressees__isnull=False),
            "pk",
            "addressees__position",
            "addressees__text",
            "addressees__members__slug",
        ),
        "distribution": parts(
            Dispatch.objects.filter(distribution__isnull=False),
            "pk",
            "distribution__position",
            "distribution__text",
        ),
        "warnings": parts(Dispatch.objects.filter(warnings__isnull=False), "pk", "warnings__text"),
        "patterns": parts(
            Dispatch.objects.filter(scam_patterns__isnull=False), "pk", "scam_patterns__slug"
        ),
        "references": sorted(
            (key[citing], key[target], kind)
            for citing, target, kind in Dispatch.objects.filter(
                references__isnull=False
            ).values_list("pk", "references__target_id", "references__kind")
        ),
    }


def test_threaded_writers_write_what_the_inline_path_writes():
    with transaction.atomic():
        generate_corpus(dispatches=2100, organisations=40, seed=11, log=lambda _: None)
        inline = _snapshot()
        transaction.set_rollback(True)
    assert not Dispatch.objects.exists()

    assert connection.get_autocommit()  # so the writers run in threads
    generate_corpus(dispatches=2100, organisations=40, seed=11, log=lambda _: None)
    threaded = _snapshot()
    assert len(threaded["dispatches"]) == 2100
    assert len(threaded["references"]) > 200
    assert threaded == inline
    # The search index was built from what the threads wrote.
    result = run_search(query=parse_query("OTP"), filters=Filters(), page_number=1)
    assert result.total > 300


def test_a_writer_error_reaches_the_caller():
    writer = bulk.Writer("test-writer")
    assert writer.threaded

    def broken():
        raise ValueError("no such table")

    writer.put(broken)
    with pytest.raises(RuntimeError, match="test-writer failed") as raised:
        writer.close()
    assert isinstance(raised.value.__cause__, ValueError)
