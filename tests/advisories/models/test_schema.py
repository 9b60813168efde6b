"""The objects the hand-written migration 0002 adds per database, as the test database (migrated
from scratch) has them, and the shape of the migration history.

The cases are parametrized by the database the suite runs on, so each database checks its own
objects; a database with no entry below fails at collection instead of passing silently.
"""

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

import advisories.migrations

pytestmark = pytest.mark.django_db

LIST_ORDER = ["year", "month", "day", "published_at", "id"]


def _index(table, name):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    assert name in constraints, f"{name} missing on {table}"
    assert constraints[name]["index"]
    return constraints[name]


def _one(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    assert row is not None, sql
    return row


# SQLite ----------------------------------------------------------------------------------------


def sqlite_fts5_table():
    assert "advisories_dispatch_fts" in connection.introspection.table_names()
    (sql,) = _one("SELECT sql FROM sqlite_master WHERE name = 'advisories_dispatch_fts'")
    assert sql.startswith("CREATE VIRTUAL TABLE advisories_dispatch_fts USING fts5(search_text")
    assert "tokenize='unicode61'" in sql
    # It answers MATCH queries (what search/backend.py asks of it).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO advisories_dispatch_fts(rowid, search_text) VALUES (-1, 'lua dao')"
        )
        cursor.execute(
            "SELECT rowid FROM advisories_dispatch_fts WHERE advisories_dispatch_fts MATCH %s",
            ['"dao"'],
        )
        assert cursor.fetchall() == [(-1,)]


def sqlite_list_order_index():
    index = _index("advisories_dispatch", "dispatch_public_newest")
    assert index["columns"] == LIST_ORDER
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA index_xinfo('dispatch_public_newest')")
        keys = [(name, bool(desc)) for _, _, name, desc, _, key in cursor.fetchall() if key]
    assert keys == [(column, True) for column in LIST_ORDER]  # all newest first
    (sql,) = _one("SELECT sql FROM sqlite_master WHERE name = 'dispatch_public_newest'")
    assert "WHERE" not in sql.upper()  # not partial: SQLite could not use it with parameters


# PostgreSQL ------------------------------------------------------------------------------------


def postgresql_trigram_extension():
    assert _one("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'") == (1,)


def postgresql_trigram_index():
    index = _index("advisories_searchword", "searchword_word_trgm")
    assert index["type"] == "gin"
    assert index["columns"] == ["word"]
    (definition,) = _one("SELECT indexdef FROM pg_indexes WHERE indexname = 'searchword_word_trgm'")
    assert "gin_trgm_ops" in definition


def postgresql_search_vector_column():
    type_name, generated, expression = _one(
        "SELECT format_type(a.atttypid, a.atttypmod), a.attgenerated, "
        "pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
        "JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
        "WHERE a.attrelid = 'advisories_dispatch'::regclass AND a.attname = 'search_vector'"
    )
    assert type_name == "tsvector"
    assert generated == "s"  # stored
    assert expression == "to_tsvector('simple'::regconfig, search_text)"


def postgresql_search_vector_inline_lz4():
    # Inline and lz4-compressed, so testing a row's vector reads no TOAST.
    assert _one(
        "SELECT attstorage, attcompression FROM pg_attribute "
        "WHERE attrelid = 'advisories_dispatch'::regclass AND attname = 'search_vector'"
    ) == ("m", "l")


def postgresql_search_vector_gin_index():
    index = _index("advisories_dispatch", "dispatch_search_vector_gin")
    assert index["type"] == "gin"
    assert index["columns"] == ["search_vector"]


def postgresql_list_order_index():
    index = _index("advisories_dispatch", "dispatch_public_newest")
    assert index["columns"] == LIST_ORDER
    (definition,) = _one(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'dispatch_public_newest'"
    )
    assert (
        "(year DESC, month DESC NULLS LAST, day DESC NULLS LAST, published_at DESC, id DESC)"
        in definition
    )
    assert "WHERE" in definition and "'published'" in definition and "'withdrawn'" in definition


HAND_WRITTEN = {
    "sqlite": [sqlite_fts5_table, sqlite_list_order_index],
    "postgresql": [
        postgresql_trigram_extension,
        postgresql_trigram_index,
        postgresql_search_vector_column,
        postgresql_search_vector_inline_lz4,
        postgresql_search_vector_gin_index,
        postgresql_list_order_index,
    ],
}


@pytest.mark.parametrize("check", HAND_WRITTEN[connection.vendor], ids=lambda check: check.__name__)
def test_hand_written_object_is_in_place(check):
    assert check.__name__.startswith(connection.vendor)
    check()


def test_at_most_three_migration_files_in_one_line():
    files = sorted(
        path.name
        for path in Path(advisories.migrations.__file__).parent.glob("*.py")
        if path.name != "__init__.py"
    )
    assert len(files) <= 3, files
    loader = MigrationLoader(connection)
    assert loader.graph.leaf_nodes("advisories") == [("advisories", files[-1].removesuffix(".py"))]
    assert loader.applied_migrations.keys() >= {("advisories", f[:-3]) for f in files}
