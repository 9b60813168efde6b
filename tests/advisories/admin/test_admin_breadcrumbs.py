"""The portal's own admin pages use Django's breadcrumbs markup (ol.breadcrumbs, the only one
admin/css/base.css styles): Trang chủ › Văn bản › <the dispatch> › <page>."""

import re

import pytest
from django.urls import reverse

from advisories.services import publish_dispatch, start_receipt_tracking
from tests.factories import AddresseeFactory, DispatchFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def crumbs(page):
    match = re.search(r'<ol class="breadcrumbs">(.*?)</ol>', page, re.S)
    assert match, "no ol.breadcrumbs on the page"
    assert '<div class="breadcrumbs">' not in page
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r"<li[^>]*>(.*?)</li>", match.group(1), re.S)
    ]


@pytest.fixture
def setup(make_staff):
    unit = OrganisationFactory()
    leader = make_staff(unit, role="leader")
    dispatch = DispatchFactory(issuer=unit, draft=True)
    AddresseeFactory(dispatch=dispatch, organisation=OrganisationFactory())
    return leader, publish_dispatch(dispatch=dispatch)


@pytest.mark.parametrize(
    ("name", "last"),
    [("withdraw", "Thu hồi văn bản"), ("correct", "Đính chính văn bản")],
)
def test_step_pages(setup, name, last):
    leader, dispatch = setup
    url = reverse(f"admin:advisories_dispatch_{name}", args=[dispatch.pk])
    response = leader.get(url)
    assert response.status_code == 200, url
    items = crumbs(response.content.decode())
    assert items[:3] == ["Trang chủ", "Văn bản", dispatch.number_symbol]
    assert items[3].startswith(last)


def test_forward_page_names_the_received_list_not_the_other_units_dispatch(make_staff):
    unit = OrganisationFactory()
    clerk = make_staff(unit, role="clerk")
    source = DispatchFactory(draft=True)
    AddresseeFactory(dispatch=source, organisation=unit)
    source = publish_dispatch(dispatch=source)
    page = clerk.get(reverse("admin:advisories_dispatch_forward", args=[source.pk]))
    assert page.status_code == 200
    items = crumbs(page.content.decode())
    assert items[:4] == ["Trang chủ", "Văn bản", "Văn bản đến", source.number_symbol]


def test_receipt_pages(setup, admin_client_logged_in):
    _, dispatch = setup
    leader = admin_client_logged_in
    start_receipt_tracking(dispatch=dispatch)
    response = leader.get(reverse("admin:receipt_dashboard", args=[dispatch.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert crumbs(page) == ["Trang chủ", "Văn bản", dispatch.number_symbol, "Theo dõi xác nhận"]
    page = leader.get(reverse("admin:receipt_chain", args=[dispatch.pk])).content.decode()
    assert crumbs(page) == [
        "Trang chủ",
        "Văn bản",
        dispatch.number_symbol,
        "Theo dõi xác nhận",
        "Theo chuỗi",
    ]
