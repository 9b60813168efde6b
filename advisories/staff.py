"""The organisation a signed-in account works for (through StaffMembership)."""

from .models import Organisation, StaffMembership


def organisation_of(user) -> Organisation | None:
    """The user's organisation, or None for anonymous users and accounts without one."""
    if user is None or not user.is_authenticated:
        return None
    membership = (
        StaffMembership.objects.select_related("organisation").filter(user_id=user.pk).first()
    )
    return membership.organisation if membership else None
