"""The admin's home page: "Văn bản đến" for every account of a unit, "Chờ ban hành (N)" (drafts
within the account's scope) for those who may publish."""

import pytest

from advisories.models import Delivery
from tests.factories import DispatchFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    unit = OrganisationFactory()
    DispatchFactory.create_batch(2, draft=True, issuer=unit)
    DispatchFactory(draft=True)  # another unit's draft: outside the scope
    DispatchFactory(issuer=unit)  # published
    received = DispatchFactory()
    Delivery.objects.create(dispatch=received, organisation=unit)
    return unit


def test_a_leader_sees_the_inbox_and_the_drafts_waiting_to_be_published(make_staff, unit):
    page = make_staff(unit, role="leader").get("/quan-tri/").content.decode()
    assert "Văn bản đến" in page
    assert 'href="/don-vi/van-ban-den/"' in page
    assert "1 chưa xác nhận" in page
    assert "Chờ ban hành (2)" in page
    assert 'href="/quan-tri/advisories/dispatch/?status__exact=draft"' in page


def test_a_clerk_sees_the_inbox_but_nothing_to_publish(make_staff, unit):
    page = make_staff(unit, role="clerk").get("/quan-tri/").content.decode()
    assert "Văn bản đến" in page
    assert "Chờ ban hành" not in page


def test_the_filtered_list_counts_the_same_drafts(make_staff, unit):
    leader = make_staff(unit, role="leader")
    page = leader.get("/quan-tri/advisories/dispatch/?status__exact=draft").content.decode()
    assert page.count('class="action-select"') == 2
