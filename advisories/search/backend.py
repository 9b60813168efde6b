"""The two full-text back ends behind one interface.

PostgreSQL: a stored generated column `search_vector = to_tsvector('simple', search_text)` with a
GIN index (migration 0002), so the database keeps it current on every write. SQLite: an FTS5
table `advisories_dispatch_fts` (rowid = dispatch id) written by the service that writes
search_text (services.search_index), since a table rebuilt by a later SQLite migration would
silently lose triggers. Both see the same words: search_text holds only [a-z0-9] words.
"""

import json

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from ..models import ScamPattern
from .query import ParsedQuery

# Above this many matches (times the candidates wanted), SQLite reads dispatches newest first and
# keeps those in the match list, stopping at the limit; below it, it reads the matches and sorts
# them. Measured at 100,000 dispatches: a term in 30 % of them 162 ms → 9 ms, a rare one stays
# under 1 ms (bench/run.py).
BROAD_FACTOR = 4


def match_condition(query: ParsedQuery, *, wanted: int | None = None) -> Q:
    """A filter on Dispatch that keeps the rows containing every word and phrase of `query`.

    `wanted`: how many of the newest matches the caller reads; lets SQLite choose between
    reading the matches and reading the newest dispatches (PostgreSQL's planner does it)."""
    if connection.vendor == "postgresql":
        condition = RawSQL(
            "advisories_dispatch.search_vector @@ to_tsquery('simple', %s)",
            [query.tsquery()],
            output_field=BooleanField(),
        )
        return Q(condition)
    # The MATCH string is a parameter, and holds only quoted [a-z0-9] words (query.py).
    if wanted and _fts5_count(query, up_to=BROAD_FACTOR * wanted + 1) > BROAD_FACTOR * wanted:
        # "+" keeps SQLite from driving the query by id: it walks the newest-first index.
        condition = RawSQL(
            "+advisories_dispatch.id IN (SELECT rowid FROM advisories_dispatch_fts"
            " WHERE advisories_dispatch_fts MATCH %s)",
            [query.fts5()],
            output_field=BooleanField(),
        )
        return Q(condition)
    return Q(
        pk__in=RawSQL(
            "SELECT rowid FROM advisories_dispatch_fts WHERE advisories_dispatch_fts MATCH %s",
            [query.fts5()],
        )
    )


def _fts5_count(query: ParsedQuery, *, up_to: int) -> int:
    """How many indexed dispatches match (drafts included), counting no further than `up_to`:
    FTS5 counts from its index alone, and stopping early keeps the cost of a broad term from
    growing with the corpus (30,000 matches at 100,000 dispatches: 1 ms → 0.1 ms)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM advisories_dispatch_fts"
            " WHERE advisories_dispatch_fts MATCH %s LIMIT %s)",
            [query.fts5(), up_to],
        )
        return cursor.fetchone()[0]


def store_index_rows(rows: list[tuple[int, str]]) -> None:
    """Write (dispatch id, search_text) rows into the SQLite FTS5 table; PostgreSQL's generated
    column follows search_text by itself."""
    if connection.vendor != "sqlite" or not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM advisories_dispatch_fts WHERE rowid = %s", [(pk,) for pk, _ in rows]
        )
        cursor.executemany(
            "INSERT INTO advisories_dispatch_fts(rowid, search_text) VALUES (%s, %s)", rows
        )


def rebuild_index() -> None:
    """Rebuild the SQLite FTS5 table from search_text in one statement (after bulk inserts)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM advisories_dispatch_fts")
        cursor.execute(
            "INSERT INTO advisories_dispatch_fts(rowid, search_text) "
            "SELECT id, search_text FROM advisories_dispatch WHERE search_text != ''"
        )
        cursor.execute(
            "INSERT INTO advisories_dispatch_fts(advisories_dispatch_fts) VALUES ('optimize')"
        )


def pattern_counts(dispatch_ids: list[int], limit: int = 10) -> list[tuple[str, str, int]]:
    """(slug, name, count) of the scam patterns most often tagged on these dispatches, the name
    in the page's language (a LocalizedText: the Vietnamese one where no English was written).

    Raw SQL with the ids as one parameter (an array on PostgreSQL, JSON on SQLite): the ORM's
    `IN (%s, %s, …)` over 500 ids cost more to build than the query took to run (6 ms → 1–3 ms
    at 100,000 dispatches)."""
    if connection.vendor == "postgresql":
        sql, ids = _PATTERN_COUNTS_POSTGRESQL, list(dispatch_ids)
    else:
        sql, ids = _PATTERN_COUNTS_SQLITE, json.dumps(list(dispatch_ids))
    with connection.cursor() as cursor:
        cursor.execute(sql, [ids, limit])
        rows = cursor.fetchall()
    return [
        (slug, ScamPattern(name=name, name_en=name_en).translated("name"), count)
        for slug, name, name_en, count in rows
    ]


_PATTERN_COUNTS = """
SELECT p.slug, p.name, p.name_en, COUNT(*) AS n
FROM advisories_dispatch_scam_patterns dp JOIN advisories_scampattern p ON p.id = dp.scampattern_id
WHERE {condition}
GROUP BY p.slug, p.name, p.name_en ORDER BY n DESC, p.name LIMIT %s
"""
_PATTERN_COUNTS_POSTGRESQL = _PATTERN_COUNTS.format(condition="dp.dispatch_id = ANY(%s)")
_PATTERN_COUNTS_SQLITE = _PATTERN_COUNTS.format(
    condition="dp.dispatch_id IN (SELECT value FROM json_each(%s))"
)
