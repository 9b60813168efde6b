"""Which organisations a staff account acts for: its own, plus the units under it when a leader
is given that scope. A superuser acts for all. Checked on the server by the admin and services."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Organisation

MAX_TREE_DEPTH = 10  # provinces → departments → centres → stations → offices, with room to spare


@dataclass(frozen=True)
class Scope:
    everything: bool
    organisation_ids: frozenset[int]
    home_id: int | None  # the account's own organisation: the issuer of what it drafts

    def allows(self, organisation_id) -> bool:
        return self.everything or organisation_id in self.organisation_ids

    def filter(self, queryset: QuerySet, field: str = "issuer") -> QuerySet:
        if self.everything:
            return queryset
        return queryset.filter(**{f"{field}__in": self.organisation_ids})

    def organisations(self) -> QuerySet:
        return self.filter(Organisation.objects.all(), field="pk")


NOTHING = Scope(everything=False, organisation_ids=frozenset(), home_id=None)


def descendant_ids(organisation_id: int) -> set[int]:
    """Ids of every unit under the organisation, one query per level of the tree."""
    found, level = set(), {organisation_id}
    for _ in range(MAX_TREE_DEPTH):
        level = set(Organisation.objects.filter(parent__in=level).values_list("pk", flat=True))
        level -= found
        if not level:
            break
        found |= level
    return found


def scope_for(user) -> Scope:
    """The scope of a user, cached on the user object for the rest of the request."""
    cached = getattr(user, "_advisories_scope", None)
    if cached is not None:
        return cached
    scope = _compute_scope(user)
    if user is not None and user.is_authenticated:
        user._advisories_scope = scope
    return scope


def _compute_scope(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser:
        home = user.staff_membership.organisation_id if _has_membership(user) else None
        return Scope(True, frozenset(), home)
    if not _has_membership(user):
        return NOTHING
    membership = user.staff_membership
    ids = {membership.organisation_id}
    if membership.includes_child_units:
        ids |= descendant_ids(membership.organisation_id)
    return Scope(False, frozenset(ids), membership.organisation_id)


def _has_membership(user) -> bool:
    from .models import StaffMembership

    try:
        user.staff_membership  # noqa: B018 - loads the one-to-one row (or raises)
    except StaffMembership.DoesNotExist:
        return False
    return True
