"""Who may act for which organisation, and with which verbs: the one access rule.

An account acts for its own organisation (its StaffMembership), plus every unit under it when a
leader is given that scope; a superuser acts for all. Each verb below combines the Django
permission the role gives (Văn thư or Lãnh đạo, see services.staff), that scope, and the state of
the dispatch. The admin's lists, forms, actions, autocompletes and inlines, the receipt
dashboards, the units' inbox, the exports and the services all ask here, on the server.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Dispatch, Organisation, StaffMembership

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
    membership = _membership(user)
    if user.is_superuser:
        return Scope(True, frozenset(), membership.organisation_id if membership else None)
    if membership is None:
        return NOTHING
    ids = {membership.organisation_id}
    if membership.includes_child_units:
        ids |= descendant_ids(membership.organisation_id)
    return Scope(False, frozenset(ids), membership.organisation_id)


def _membership(user) -> StaffMembership | None:
    try:
        return user.staff_membership
    except StaffMembership.DoesNotExist:
        return None


def home_organisation(user) -> Organisation | None:
    """The organisation the account works for (its inbox, the issuer of its drafts), or None
    for anonymous users and accounts without one."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    membership = (
        StaffMembership.objects.select_related("organisation").filter(user_id=user.pk).first()
    )
    return membership.organisation if membership else None


# --- Verbs on a dispatch ---------------------------------------------------------------------


def _in_scope(user, dispatch: Dispatch) -> bool:
    return scope_for(user).allows(dispatch.issuer_id)


def can_view(user, dispatch: Dispatch) -> bool:
    return user.has_perm("advisories.view_dispatch") and _in_scope(user, dispatch)


def can_add(user, issuer_id: int | None) -> bool:
    """A new draft, issued by `issuer_id` (None: the account may draft for some organisation)."""
    if not user.has_perm("advisories.add_dispatch"):
        return False
    scope = scope_for(user)
    if issuer_id is None:
        return scope.everything or bool(scope.organisation_ids)
    return scope.allows(issuer_id)


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


# --- Receipts ----------------------------------------------------------------------------------


def can_follow_receipts(user) -> bool:
    """May see who confirmed the dispatches in its scope (the receipt dashboards)."""
    return user.has_perm("advisories.view_delivery")


def followable_dispatches(user) -> QuerySet:
    """The dispatches whose receipts the account may follow: those issued by the organisations
    it acts for (all for a superuser), none without the permission."""
    if not can_follow_receipts(user):
        return Dispatch.objects.none()
    return scope_for(user).filter(Dispatch.objects.all())


# --- Scam reports ------------------------------------------------------------------------------


def report_queue(user) -> QuerySet:
    """The reports an account triages: those of its home organisation's province (all of them
    for the portal's administrators)."""
    from .models import ScamReport

    if not user.has_perm("advisories.view_scamreport"):
        return ScamReport.objects.none()
    scope = scope_for(user)
    if scope.everything:
        return ScamReport.objects.all()
    home = home_organisation(user)
    if home is None or not home.province:
        return ScamReport.objects.none()
    return ScamReport.objects.filter(province=home.province)


def can_triage(user, report) -> bool:
    return (
        user.has_perm("advisories.change_scamreport")
        and report_queue(user).filter(pk=report.pk).exists()
    )
