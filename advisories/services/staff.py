"""Staff roles and accounts. Two groups: Văn thư (clerk: drafts of their organisation) and
Lãnh đạo (leader: also publishes, withdraws and corrects). Idempotent, so it runs after every
migrate and from `manage.py setup_roles`."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.db import transaction

from ..models import Organisation, StaffMembership

CLERK = "Văn thư"
LEADER = "Lãnh đạo"
ROLES = {"clerk": CLERK, "leader": LEADER}

# The parts of a dispatch, edited on its page (inlines need the model permissions).
_PARTS = ["directive", "warningmessage", "addressee", "distributionline", "reference", "attachment"]
CLERK_PERMISSIONS = [
    *(f"{action}_dispatch" for action in ("view", "add", "change", "delete")),
    *(f"{action}_{part}" for part in _PARTS for action in ("view", "add", "change", "delete")),
    "view_organisation",
    "view_scampattern",
    "view_correction",
    # Following receipts is the issuer's core promise: both roles see who has not confirmed,
    # the notice rounds and the directive reports, and may revoke a unit's link.
    "view_delivery",
    "view_directivereport",
    "view_noticeround",
    "view_receipttoken",
    # Citizens' scam reports of the organisation's province (access.report_queue).
    "view_scamreport",
    "change_scamreport",
    "view_reportscreenshot",
]
LEADER_PERMISSIONS = [
    *CLERK_PERMISSIONS,
    "publish_dispatch",
    "withdraw_dispatch",
    "correct_dispatch",
]


@transaction.atomic
def ensure_staff_roles() -> dict[str, Group]:
    """Create the two groups or give them the permissions their role needs that they lack.

    Runs after every migrate: a permission an administrator added to a group in the admin stays
    (removing one the role needs is undone, since the role would no longer work)."""
    groups = {}
    for name, codenames in ((CLERK, CLERK_PERMISSIONS), (LEADER, LEADER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.filter(
            content_type__app_label="advisories", codename__in=codenames
        ).exclude(group=group)
        if missing := list(wanted):
            group.permissions.add(*missing)
        groups[name] = group
    return groups


@transaction.atomic
def create_staff_user(
    *,
    username: str,
    organisation: Organisation,
    role: str,
    email: str = "",
    password: str | None = None,
    includes_child_units: bool = False,
) -> AbstractBaseUser:
    """A staff account of one organisation in the role "clerk" or "leader"."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {sorted(ROLES)}")
    groups = ensure_staff_roles()
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_staff=True
    )
    user.groups.add(groups[ROLES[role]])
    StaffMembership.objects.create(
        user=user, organisation=organisation, includes_child_units=includes_child_units
    )
    return user
