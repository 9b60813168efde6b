"""What each database needs beyond Django's model state (hand-written; 0001 is generated).

PostgreSQL:
- the pg_trgm extension and a trigram GIN index on SearchWord.word (search/vocabulary.py:
  the nearest known word for a misspelt one);
- a stored generated column `search_vector = to_tsvector('simple', search_text)` with a GIN
  index (search/backend.py), kept inline (STORAGE MAIN) and compressed with lz4: a broad search
  tests the vector of each of the newest dispatches, and out of line with pglz every test
  fetched and inflated it from the TOAST table (a term in 30 % of 100,000 dispatches: 16 ms →
  5 ms to find its newest 501). A server built without lz4 keeps pglz;
- `dispatch_public_newest`, the index in the public list's order (DispatchQuerySet: year, month
  and day newest first with unknown ones last, then published_at, id), partial on the public
  statuses.

SQLite:
- the FTS5 table `advisories_dispatch_fts` (rowid = dispatch id), written by the service that
  writes search_text (search/backend.py), not by triggers: a table rebuilt by a later SQLite
  migration would silently lose them;
- `dispatch_public_newest`, the same order (NULLS LAST is implicit for DESC on SQLite), not
  partial, since SQLite cannot prove a partial index's condition from bound parameters.

Django's state cannot hold these: the column and its index use PostgreSQL-only functions, the
GIN indexes and the NULLS LAST/partial index differ per database. Caution on SQLite: a later
migration that makes Django rebuild advisories_dispatch (most AddConstraint/AlterField there)
drops `dispatch_public_newest`; such a migration must create it again (SQLITE_LIST_INDEX below;
tests/advisories/models/test_schema.py checks it is present).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

POSTGRESQL_LIST_INDEX = (
    "CREATE INDEX dispatch_public_newest ON advisories_dispatch (year DESC, "
    "month DESC NULLS LAST, day DESC NULLS LAST, published_at DESC, id DESC) "
    "WHERE status IN ('published', 'withdrawn')"
)
SQLITE_LIST_INDEX = (
    "CREATE INDEX IF NOT EXISTS dispatch_public_newest ON advisories_dispatch "
    "(year DESC, month DESC, day DESC, published_at DESC, id DESC)"
)

# (forward, backward) pairs, run in order forwards and in reverse order backwards.
POSTGRESQL = [
    (
        "ALTER TABLE advisories_dispatch ADD COLUMN search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
        "ALTER TABLE advisories_dispatch DROP COLUMN search_vector",
    ),
    (
        """
        DO $$
        BEGIN
          ALTER TABLE advisories_dispatch ALTER COLUMN search_vector SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN
          RAISE NOTICE 'lz4 is not available: the search vector stays compressed with pglz';
        END $$;
        ALTER TABLE advisories_dispatch ALTER COLUMN search_vector SET STORAGE MAIN;
        """,
        "ALTER TABLE advisories_dispatch ALTER COLUMN search_vector SET STORAGE EXTENDED; "
        "ALTER TABLE advisories_dispatch ALTER COLUMN search_vector SET COMPRESSION default;",
    ),
    (
        "CREATE INDEX dispatch_search_vector_gin ON advisories_dispatch USING gin (search_vector)",
        "DROP INDEX dispatch_search_vector_gin",
    ),
    (
        "CREATE INDEX searchword_word_trgm ON advisories_searchword USING gin (word gin_trgm_ops)",
        "DROP INDEX searchword_word_trgm",
    ),
    (POSTGRESQL_LIST_INDEX, "DROP INDEX dispatch_public_newest"),
]
SQLITE = [
    (
        "CREATE VIRTUAL TABLE advisories_dispatch_fts USING fts5(search_text, tokenize='unicode61')",
        "DROP TABLE advisories_dispatch_fts",
    ),
    (
        # Empty on a fresh database; keeps the migration right on one that already has rows.
        "INSERT INTO advisories_dispatch_fts(rowid, search_text) "
        "SELECT id, search_text FROM advisories_dispatch WHERE search_text != ''",
        "",
    ),
    (SQLITE_LIST_INDEX, "DROP INDEX dispatch_public_newest"),
]
STATEMENTS = {"postgresql": POSTGRESQL, "sqlite": SQLITE}


def forwards(apps, schema_editor):
    for sql, _ in STATEMENTS.get(schema_editor.connection.vendor, []):
        if sql:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for _, sql in reversed(STATEMENTS.get(schema_editor.connection.vendor, [])):
        if sql:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("advisories", "0001_initial"),
    ]

    operations = [
        # pg_trgm on PostgreSQL; does nothing on another database.
        TrigramExtension(),
        migrations.RunPython(forwards, backwards),
    ]
