"""Who may do what to a dispatch: the rules the admin shows and the services enforce.

Each rule combines a Django permission (given by the role: Văn thư or Lãnh đạo), the
organisation scope of the account, and the state of the dispatch.
"""

from .models import Dispatch
from .scoping import scope_for


def _in_scope(user, dispatch: Dispatch) -> bool:
    return scope_for(user).allows(dispatch.issuer_id)


def can_view(user, dispatch: Dispatch) -> bool:
    return user.has_perm("advisories.view_dispatch") and _in_scope(user, dispatch)


def can_edit(user, dispatch: Dispatch) -> bool:
    """Only a draft is edited in place; a published text changes through a correction."""
    return (
        dispatch.status == Dispatch.Status.DRAFT
        and user.has_perm("advisories.change_dispatch")
        and _in_scope(user, dispatch)
    )


def can_delete(user, dispatch: Dispatch) -> bool:
    return (
        dispatch.status == Dispatch.Status.DRAFT
        and user.has_perm("advisories.delete_dispatch")
        and _in_scope(user, dispatch)
    )


def can_publish(user, dispatch: Dispatch) -> bool:
    return (
        dispatch.status == Dispatch.Status.DRAFT
        and user.has_perm("advisories.publish_dispatch")
        and _in_scope(user, dispatch)
    )


def can_withdraw(user, dispatch: Dispatch) -> bool:
    return (
        dispatch.status == Dispatch.Status.PUBLISHED
        and user.has_perm("advisories.withdraw_dispatch")
        and _in_scope(user, dispatch)
    )


def can_correct(user, dispatch: Dispatch) -> bool:
    return (
        dispatch.status == Dispatch.Status.PUBLISHED
        and user.has_perm("advisories.correct_dispatch")
        and _in_scope(user, dispatch)
    )


def can_forward(user, source: Dispatch) -> bool:
    """A published dispatch addressed to the account's own organisation may be forwarded by it."""
    home = scope_for(user).home_id
    return (
        home is not None
        and source.status == Dispatch.Status.PUBLISHED
        and user.has_perm("advisories.add_dispatch")
        and Dispatch.objects.addressed_to(home).filter(pk=source.pk).exists()
    )
