"""Writes. Every change of state goes through one of these functions, which the admin, the views,
the management commands and the tests all call. One module per part of the domain."""

from .forwarding import forward_dispatch
from .publishing import (
    correct_dispatch,
    publish_dispatch,
    refresh_search_text,
    withdraw_dispatch,
)
from .staff import create_staff_user, ensure_staff_roles

__all__ = [
    "correct_dispatch",
    "create_staff_user",
    "ensure_staff_roles",
    "forward_dispatch",
    "publish_dispatch",
    "refresh_search_text",
    "withdraw_dispatch",
]
