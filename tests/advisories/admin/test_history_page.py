"""The history page of a dispatch in words: Vietnamese headers, choices by their labels, "—" for
nothing, times in TIME_ZONE as dd/mm/yyyy HH:MM (not UTC, not raw values)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from advisories.models import Directive, Dispatch
from advisories.services import publish_dispatch, withdraw_dispatch
from tests.factories import DispatchFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# 01:30 UTC is 08:30 in Asia/Ho_Chi_Minh.
PUBLISHED_AT = dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC)


@pytest.fixture
def withdrawn(make_staff):
    unit = OrganisationFactory()
    leader = make_staff(unit, role="leader")
    dispatch = DispatchFactory(
        draft=True, issuer=unit, signing_authority=Dispatch.Authority.KT, day=None
    )
    directive = Directive.objects.create(dispatch=dispatch, position=1, text="Tuyên truyền.")
    directive.assignees.add(unit)  # publishing refuses a directive assigned to no unit
    publish_dispatch(dispatch=dispatch, by=leader.user, at=PUBLISHED_AT)
    withdraw_dispatch(
        dispatch=dispatch, by=leader.user, reason="Ban hành nhầm.", on=dt.date(2026, 3, 6)
    )
    return leader, dispatch


def test_history_of_a_dispatch_is_in_words(withdrawn):
    leader, dispatch = withdrawn
    response = leader.get(f"/quan-tri/advisories/dispatch/{dispatch.pk}/history/")
    assert response.status_code == 200
    page = response.content.decode()
    table = page[page.index('id="change-history"') : page.index('id="part-history"')]

    # Headers in Vietnamese, the status column by its field's name.
    for english in (">Object<", ">status<", ">Date/time<", ">Comment<", ">Changed by<"):
        assert english not in table
    assert "Trạng thái" in table
    assert "Người thay đổi" in table

    # Choices by their labels, nothing as "—", in the column and in the changes.
    assert "Đã thu hồi" in table
    assert "Đã ban hành" in table
    assert not re.search(r">\s*(withdrawn|published|draft|KT|None)\s*<", table)
    assert "None" not in table
    assert "Bản nháp&nbsp;&rarr;&nbsp;Đã ban hành" in table

    # A time as dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh, never in UTC.
    assert "05/03/2026 08:30" in table
    assert "2026-03-05 01:30" not in table
    assert "06/03/2026" in table
    newest = dispatch.history.order_by("-history_date").first().history_date
    assert timezone.localtime(newest).strftime("%d/%m/%Y %H:%M") in table
    assert "Sửa" in table  # the kind of change, translated


def test_history_of_the_parts_shows_local_times(withdrawn):
    leader, dispatch = withdrawn
    page = leader.get(f"/quan-tri/advisories/dispatch/{dispatch.pk}/history/").content.decode()
    parts = page[page.index('id="part-history"') :]
    created = Directive.history.filter(dispatch_id=dispatch.pk).first().history_date
    assert timezone.localtime(created).strftime("%d/%m/%Y %H:%M") in parts
    assert "Tạo mới" in parts
