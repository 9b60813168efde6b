"""Every admin write goes through a service: what staff change in the directory shows on the
public pages and in search at the very next request (the page cache on: local memory on the
SQLite pass, Redis on the PostgreSQL pass), and a published dispatch is immutable for everyone.

The admin posts are built from the change page itself (tests.admin_forms), as a browser sends."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from advisories.models import Directive, Dispatch, Organisation, ScamPattern, StaffMembership
from advisories.services import ensure_staff_roles
from advisories.services.staff import CLERK
from tests.admin_forms import change_form_data
from tests.factories import DirectiveFactory, DispatchFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _admin_save(client, url, **changes):
    data = change_form_data(client.get(url)) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def _search(client, q):
    return client.get(reverse("advisories:search"), {"q": q}).content.decode()


# --- The directory: hotlines, issuer names, pattern names -------------------------------------


def test_a_hotline_edited_in_the_admin_shows_on_the_next_public_request(
    admin_client_logged_in, seeded, client
):
    police = Organisation.objects.get(slug="cong-an-tinh-an-giang")
    pages = [
        reverse("advisories:home"),
        reverse("advisories:if_scammed"),
        police.get_absolute_url(),
    ]
    for url in pages:  # rendered and cached with the old number
        assert f'href="tel:{police.hotline}"' in client.get(url).content.decode()
    url = reverse("admin:advisories_organisation_change", args=[police.pk])
    _admin_save(admin_client_logged_in, url, hotline="0296 999 8888")
    for page in pages:
        assert "0296 999 8888" in client.get(page).content.decode(), page


def test_an_issuer_renamed_in_the_admin_is_found_by_its_new_name(
    admin_client_logged_in, seeded, client
):
    issuer = Organisation.objects.get(slug="ttyt-kien-hai")
    assert "29/TTYT-DS.TTGDSK" not in _search(client, "ngoc xanh")
    url = reverse("admin:advisories_organisation_change", args=[issuer.pk])
    _admin_save(admin_client_logged_in, url, name="Trung tâm Y tế Đảo Ngọc Xanh")
    assert "29/TTYT-DS.TTGDSK" in _search(client, "ngoc xanh")
    page = client.get(issuer.get_absolute_url()).content.decode()
    assert "Trung tâm Y tế Đảo Ngọc Xanh" in page


def test_a_pattern_renamed_in_the_admin_shows_and_is_found(admin_client_logged_in, seeded, client):
    pattern = ScamPattern.objects.get(dispatches__number=1153)
    dispatch = Dispatch.objects.get(number=1153)
    client.get(dispatch.get_absolute_url())  # cached with the old name
    url = reverse("admin:advisories_scampattern_change", args=[pattern.pk])
    _admin_save(admin_client_logged_in, url, name="Giả mạo ứng dụng liên lạc nhà trường")
    assert (
        "Giả mạo ứng dụng liên lạc nhà trường"
        in client.get(dispatch.get_absolute_url()).content.decode()
    )
    assert "1153/UBND-KGVX" in _search(client, "gia mao ung dung lien lac nha truong")


def test_an_organisation_added_without_a_slug_gets_one_with_d_for_dj(admin_client_logged_in):
    url = reverse("admin:advisories_organisation_add")
    response = admin_client_logged_in.post(
        url,
        {
            "name": "Bệnh viện Đa khoa khu vực Kiên Hải",
            "short_name": "BVĐK Kiên Hải",
            "abbreviation": "BVĐK",
            "slug": "",
            "kind": Organisation.Kind.CENTRE,
            "province": "An Giang",
            "email": "",
            "hotline": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(abbreviation="BVĐK").slug == "bvdk-kien-hai"


def test_the_admin_has_no_javascript_slug_prefill_that_writes_dj():
    from django.contrib import admin

    for model in (Organisation, ScamPattern):
        assert not admin.site._registry[model].prepopulated_fields


# --- Staff accounts -------------------------------------------------------------------------


def test_a_staff_account_added_in_the_admin_gets_its_role_and_organisation(
    admin_client_logged_in, seeded
):
    from django.contrib.auth import get_user_model

    health = Organisation.objects.get(slug="so-y-te-an-giang")
    response = admin_client_logged_in.post(
        reverse("admin:auth_user_add"),
        {
            "username": "vanthu-syt",
            "usable_password": "true",
            "password1": "mat-khau-can-bo-123",
            "password2": "mat-khau-can-bo-123",
            "email": "vanthu@syt.example.vn",
            "organisation": health.pk,
            "role": "clerk",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    user = get_user_model().objects.get(username="vanthu-syt")
    assert user.is_staff and user.check_password("mat-khau-can-bo-123")
    assert [g.name for g in user.groups.all()] == [CLERK]
    assert StaffMembership.objects.get(user=user).organisation == health


def test_a_permission_an_administrator_adds_to_a_role_in_the_admin_survives_migrate(
    admin_client_logged_in,
):
    ensure_staff_roles()
    clerks = Group.objects.get(name=CLERK)
    extra = Permission.objects.get(codename="change_organisation")
    url = reverse("admin:auth_group_change", args=[clerks.pk])
    data = change_form_data(admin_client_logged_in.get(url))
    data["permissions"] = [*data["permissions"], str(extra.pk)]
    _admin_save(admin_client_logged_in, url, **data)
    assert clerks.permissions.filter(pk=extra.pk).exists()
    ensure_staff_roles()  # as every migrate does
    assert clerks.permissions.filter(pk=extra.pk).exists()
    assert clerks.permissions.filter(codename="view_delivery").exists()


# --- Published means immutable, superusers included ------------------------------------------


@pytest.mark.parametrize("model", ["directive", "warningmessage", "reference", "addressee"])
def test_no_admin_changes_the_parts_of_a_published_dispatch(admin_client_logged_in, seeded, model):
    dispatch = Dispatch.objects.get(number=1153)
    part = {
        "directive": dispatch.directives,
        "warningmessage": dispatch.warnings,
        "reference": Dispatch.objects.get(number=2152).references,
        "addressee": dispatch.addressees,
    }[model].first()
    url = reverse(f"admin:advisories_{model}_change", args=[part.pk])
    page = admin_client_logged_in.get(url)
    assert page.status_code == 200  # listed, read only
    assert 'name="_save"' not in page.content.decode()
    assert admin_client_logged_in.post(url, {"text": "ĐÃ SỬA"}).status_code == 403
    delete = reverse(f"admin:advisories_{model}_delete", args=[part.pk])
    assert admin_client_logged_in.post(delete, {"post": "yes"}).status_code == 403
    assert type(part).objects.filter(pk=part.pk).exists()


def test_the_dispatch_page_of_a_published_dispatch_saves_nothing(admin_client_logged_in, seeded):
    dispatch = Dispatch.objects.get(number=1153)
    url = reverse("admin:advisories_dispatch_change", args=[dispatch.pk])
    response = admin_client_logged_in.post(url, {"subject": "ĐÃ BỊ SỬA"})
    assert response.status_code == 403
    dispatch.refresh_from_db()
    assert dispatch.subject != "ĐÃ BỊ SỬA"


# --- Drafts through the admin ---------------------------------------------------------------


def test_a_draft_directive_needs_a_unit_and_publishing_checks_it_itself(make_staff):
    from advisories.services import NotPublishable, publish_dispatch

    draft = DispatchFactory(draft=True)
    DirectiveFactory(dispatch=draft, label="2.")
    leader = make_staff(draft.issuer, "leader").user
    with pytest.raises(NotPublishable) as refused:
        publish_dispatch(dispatch=draft, by=leader)
    assert "Nhiệm vụ 2. chưa giao cho đơn vị nào" in " ".join(refused.value.messages)
    assert Dispatch.objects.get(pk=draft.pk).status == Dispatch.Status.DRAFT


def test_a_draft_deleted_in_the_admin_goes_with_its_parts_and_its_history(make_staff):
    draft = DispatchFactory(draft=True)
    directive = DirectiveFactory(dispatch=draft)
    clerk = make_staff(draft.issuer, "clerk")
    url = reverse("admin:advisories_dispatch_delete", args=[draft.pk])
    assert clerk.post(url, {"post": "yes"}).status_code == 302
    assert not Dispatch.objects.filter(pk=draft.pk).exists()
    assert not Directive.objects.filter(pk=directive.pk).exists()
    assert draft.history.filter(history_type="-").get().history_user == clerk.user


def test_a_clerk_saves_a_draft_with_its_directive_units_in_one_go(make_staff):
    issuer = OrganisationFactory()
    unit = OrganisationFactory(parent=issuer)
    draft = DispatchFactory(draft=True, issuer=issuer)
    directive = DirectiveFactory(dispatch=draft)
    clerk = make_staff(issuer, "clerk")
    url = reverse("admin:advisories_dispatch_change", args=[draft.pk])
    page = clerk.get(url)
    data = change_form_data(page)
    prefix = next(
        f.formset.prefix
        for f in page.context["inline_admin_formsets"]
        if f.formset.model is Directive
    )
    data[f"{prefix}-0-assignees"] = [str(unit.pk)]
    data["subject"] = "tuyên truyền thủ đoạn giả danh công an"
    response = clerk.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(directive.assignees.all()) == [unit]
    draft.refresh_from_db()
    assert "gia danh cong an" in draft.search_text
    assert draft.history.latest().history_user == clerk.user


def test_a_forged_confirmation_of_an_unfinished_draft_publishes_nothing_and_says_why(make_staff):
    draft = DispatchFactory(draft=True, signer_name="")
    leader = make_staff(draft.issuer, "leader")
    url = reverse("admin:advisories_dispatch_publish", args=[draft.pk])
    response = leader.post(url, {"post": "yes"}, follow=True)
    assert "Chưa có họ tên người ký" in response.content.decode()
    assert Dispatch.objects.get(pk=draft.pk).status == Dispatch.Status.DRAFT
