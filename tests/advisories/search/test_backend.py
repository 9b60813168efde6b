"""The full-text index each database keeps, as the migrations leave it."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_full_text_index_is_in_place():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Inline and lz4-compressed, so testing a row's vector reads no TOAST (0002).
            cursor.execute(
                "SELECT attstorage, attcompression FROM pg_attribute "
                "WHERE attrelid = 'advisories_dispatch'::regclass AND attname = 'search_vector'"
            )
            assert cursor.fetchone() == ("m", "l")
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'dispatch_search_vector_gin'"
            )
            assert "USING gin (search_vector)" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'advisories_dispatch_fts'")
            assert "USING fts5(search_text" in cursor.fetchone()[0]
