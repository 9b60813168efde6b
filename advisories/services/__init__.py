"""Writes. Every change of state goes through one of these functions, which the admin, the views,
the management commands and the tests all call. One module per part of the domain."""

from .publishing import publish_dispatch, refresh_search_text

__all__ = ["publish_dispatch", "refresh_search_text"]
