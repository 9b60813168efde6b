"""PostgreSQL: keep the search vector in the table row, compressed with lz4.

A broad search reads the newest dispatches and tests each one's vector (search/engine.py). Kept
out of line (the default for a ~2 KB value) and compressed with pglz, every test fetched and
inflated it from the TOAST table: a term in 30 % of 100,000 dispatches took 16 ms to find its
newest 501; inline with lz4, 5 ms (EXPLAIN ANALYZE, bench corpus). Rows take the new storage
when written; an existing table can be rewritten with
`UPDATE advisories_dispatch SET search_text = search_text` (the vector is generated from it).
A server built without lz4 keeps pglz.
"""

from django.db import migrations

FORWARD = """
DO $$
BEGIN
  ALTER TABLE advisories_dispatch ALTER COLUMN search_vector SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available: the search vector stays compressed with pglz';
END $$;
ALTER TABLE advisories_dispatch ALTER COLUMN search_vector SET STORAGE MAIN;
"""
BACKWARD = """
ALTER TABLE advisories_dispatch ALTER COLUMN search_vector SET STORAGE EXTENDED;
ALTER TABLE advisories_dispatch ALTER COLUMN search_vector SET COMPRESSION default;
"""


def _on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("advisories", "0006_child_ordering_by_column"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
