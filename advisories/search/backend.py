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

from portal.dbrouter import read_connection

from ..models import Dispatch, ScamPattern
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
    with read_connection().cursor() as cursor:
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


def _in_list(column: str, values: list) -> tuple[str, object]:
    """`column` is one of `values`, as SQL with one parameter (an array on PostgreSQL, JSON on
    SQLite): the ORM's `IN (%s, %s, …)` over 500 ids cost more to build than the query took to
    run (6 ms → 1–3 ms at 100,000 dispatches)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", list(values)
    return f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(list(values))  # noqa: S608


def _fetchall(sql: str, params: list) -> list[tuple]:
    with read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def pattern_counts(dispatch_ids: list[int], limit: int = 10) -> list[tuple[str, str, int]]:
    """(slug, name, count) of the scam patterns most often tagged on these dispatches, the name
    in the page's language (a LocalizedText: the Vietnamese one where no English was written)."""
    condition, ids = _in_list("dp.dispatch_id", dispatch_ids)
    sql = f"""
SELECT p.slug, p.name, p.name_en, COUNT(*) AS n
FROM advisories_dispatch_scam_patterns dp JOIN advisories_scampattern p ON p.id = dp.scampattern_id
WHERE {condition}
GROUP BY p.slug, p.name, p.name_en ORDER BY n DESC, p.name LIMIT %s
"""  # noqa: S608 - the condition is ours; the ids are a parameter
    return [
        (slug, ScamPattern(name=name, name_en=name_en).translated("name"), count)
        for slug, name, name_en, count in _fetchall(sql, [ids, limit])
    ]


def chain_links(dispatch_ids: list[int]) -> list[tuple[int, int]]:
    """(citing, cited) pairs of references between these dispatches: which of them forwards or
    implements which (one query; the ranking puts an original above its forwards)."""
    citing, ids = _in_list("citing_id", dispatch_ids)
    cited = _in_list("target_id", [])[0]
    sql = f"SELECT citing_id, target_id FROM advisories_reference WHERE {citing} AND {cited}"  # noqa: S608
    return _fetchall(sql, [ids, ids])


def hit_parts(dispatch_ids: list[int]) -> list[tuple[int, str, str, str]]:
    """(dispatch id, kind, text, more) of the warning texts ("w", text), directives ("d",
    heading, text) and tagged scam patterns ("p", name, summary) of these dispatches, each
    kind in its printed order: what a result's explanation reads, in one query and as plain
    values (no model built per directive)."""
    condition, ids = _in_list("dispatch_id", dispatch_ids)
    tagged = _in_list("dp.dispatch_id", [])[0]
    sql = f"""
SELECT dispatch_id, 'w', text, '', position, id FROM advisories_warningmessage WHERE {condition}
UNION ALL
SELECT dispatch_id, 'd', heading, text, position, id FROM advisories_directive WHERE {condition}
UNION ALL
SELECT dp.dispatch_id, 'p', p.name, p.summary, 0, dp.id
FROM advisories_dispatch_scam_patterns dp JOIN advisories_scampattern p ON p.id = dp.scampattern_id
WHERE {tagged}
ORDER BY 1, 2, 5, 6
"""  # noqa: S608 - the conditions are ours; the ids are a parameter
    return [row[:4] for row in _fetchall(sql, [ids, ids, ids])]


def issuer_counts(
    counts: dict[int, int], *, within: list[int] | None, limit: int
) -> list[tuple[str, str, str, int]]:
    """(slug, name, short name, count) of the `limit` organisations with the most results,
    each counting its own and those of every unit under it, at any depth: the coquan filter's
    rule (selectors.organisation_subtree_ids). `counts`: {issuer id: results}; `within`: the
    ids an issuer filter allows. One query: the counts go up the tree and are summed there,
    and only the chosen few are joined to their names."""
    if not counts:
        return []
    if connection.vendor == "postgresql":
        counted = "SELECT * FROM unnest(%s::bigint[], %s::bigint[]) AS c(issuer_id, n)"
        params = [list(counts), list(counts.values())]
    else:
        counted = (
            "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s)"
        )
        params = [json.dumps(list(counts.items()))]
    allowed = ""
    if within is not None:
        condition, ids = _in_list("org_id", within)
        allowed, params = f"WHERE {condition}", [*params, ids]
    # UNION, not UNION ALL: a (mistaken) cycle in the tree ends, and counts once.
    sql = f"""
WITH RECURSIVE counted(issuer_id, n) AS ({counted}),
up(issuer_id, org_id, n) AS (
  SELECT issuer_id, issuer_id, n FROM counted
  UNION
  SELECT up.issuer_id, o.parent_id, up.n FROM up JOIN advisories_organisation o ON o.id = up.org_id
  WHERE o.parent_id IS NOT NULL
),
totals(org_id, n) AS (
  SELECT org_id, SUM(n) FROM up {allowed} GROUP BY org_id ORDER BY 2 DESC, 1 LIMIT %s
)
SELECT a.slug, a.name, a.short_name, totals.n FROM totals
JOIN advisories_organisation a ON a.id = totals.org_id
"""  # noqa: S608 - the fragments are ours; the ids and counts are parameters
    rows = _fetchall(sql, [*params, limit])
    return [(slug, name, short, int(n)) for slug, name, short, n in rows]


def known_words(words: list[str]) -> set[str]:
    """Which of `words` the vocabulary holds (one query, however many words are asked)."""
    if not words:
        return set()
    condition, values = _in_list("word", words)
    sql = f"SELECT word FROM advisories_searchword WHERE {condition}"  # noqa: S608
    return {row[0] for row in _fetchall(sql, [values])}


def match_counts(queries: list[ParsedQuery], *, cap: int) -> list[int]:
    """For each query, how many public dispatches match it, counting no further than `cap`:
    one statement of capped counts, so a typo suggestion weighs its candidates in one round
    trip and a broad word costs no more than a rare one."""
    if not queries:
        return []
    public = [Dispatch.Status.PUBLISHED, Dispatch.Status.WITHDRAWN]  # as DispatchQuerySet.public
    if connection.vendor == "postgresql":
        one = (
            "(SELECT count(*) FROM (SELECT 1 FROM advisories_dispatch"
            " WHERE search_vector @@ to_tsquery('simple', %s) AND status IN (%s, %s)"
            " LIMIT %s) AS m)"
        )
        params = [p for q in queries for p in (q.tsquery(), *public, cap)]
    else:
        one = (
            "(SELECT count(*) FROM (SELECT 1 FROM advisories_dispatch_fts f"
            " JOIN advisories_dispatch d ON d.id = f.rowid"
            " WHERE advisories_dispatch_fts MATCH %s AND d.status IN (%s, %s) LIMIT %s))"
        )
        params = [p for q in queries for p in (q.fts5(), *public, cap)]
    sql = "SELECT " + ", ".join([one] * len(queries))
    with read_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchone())
