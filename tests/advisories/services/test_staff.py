"""Staff roles (Văn thư, Lãnh đạo) and accounts tied to one organisation."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from advisories.services import create_staff_user, ensure_staff_roles
from advisories.services.staff import CLERK, LEADER
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_migrate_created_both_roles_and_setting_them_up_again_changes_nothing():
    before = {name: _codenames(name) for name in (CLERK, LEADER)}
    call_command("setup_roles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ensure_staff_roles()
    assert {name: _codenames(name) for name in (CLERK, LEADER)} == before
    assert Group.objects.filter(name__in=[CLERK, LEADER]).count() == 2
    assert before[LEADER] - before[CLERK] == {
        "publish_dispatch",
        "withdraw_dispatch",
        "correct_dispatch",
    }
    assert {"add_dispatch", "change_dispatch", "view_dispatch"} <= before[CLERK]
    assert "change_organisation" not in before[LEADER]


def test_create_staff_user_command_without_password(capsys):
    organisation = OrganisationFactory(slug="so-y-te-an-giang")
    call_command(
        "create_staff_user",
        "vanthu.syt",
        "--organisation=so-y-te-an-giang",
        "--role=clerk",
        "--no-password",
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="vanthu.syt")
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert user.staff_membership.organisation == organisation
    assert [g.name for g in user.groups.all()] == [CLERK]
    assert "Đã tạo vanthu.syt (Văn thư)" in capsys.readouterr().out


def test_create_staff_user_command_refuses_an_unknown_organisation():
    with pytest.raises(CommandError, match="Không có cơ quan"):
        call_command(
            "create_staff_user", "x", "--organisation=khong-co", "--role=leader", "--no-password"
        )


def test_a_leader_account_gets_the_leader_group():
    user = create_staff_user(
        username="lanhdao", organisation=OrganisationFactory(), role="leader", password=None
    )
    assert user.has_perm("advisories.publish_dispatch")
    assert not user.has_perm("advisories.change_organisation")
