"""Writes. Every change of state goes through one of these functions, which the admin, the views,
the management commands and the tests all call. One module per part of the domain."""

from .pages import invalidate_public_pages
from .publishing import publish_dispatch, refresh_search_text
from .search_index import index_dispatches, record_words

__all__ = [
    "index_dispatches",
    "invalidate_public_pages",
    "publish_dispatch",
    "record_words",
    "refresh_search_text",
]
