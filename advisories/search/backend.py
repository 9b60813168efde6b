"""The two full-text back ends behind one interface.

PostgreSQL: a stored generated column `search_vector = to_tsvector('simple', search_text)` with a
GIN index (migration 0002), so the database keeps it current on every write. SQLite: an FTS5
table `advisories_dispatch_fts` (rowid = dispatch id) written by the service that writes
search_text (services.search_index), since a table rebuilt by a later SQLite migration would
silently lose triggers. Both see the same words: search_text holds only [a-z0-9] words.
"""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from .query import ParsedQuery


def match_condition(query: ParsedQuery) -> Q:
    """A filter on Dispatch that keeps the rows containing every word and phrase of `query`."""
    if connection.vendor == "postgresql":
        condition = RawSQL(
            "advisories_dispatch.search_vector @@ to_tsquery('simple', %s)",
            [query.tsquery()],
            output_field=BooleanField(),
        )
        return Q(condition)
    return Q(
        # The MATCH string is a parameter, and holds only quoted [a-z0-9] words (query.py).
        pk__in=RawSQL(
            "SELECT rowid FROM advisories_dispatch_fts WHERE advisories_dispatch_fts MATCH %s",
            [query.fts5()],
        )
    )


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
