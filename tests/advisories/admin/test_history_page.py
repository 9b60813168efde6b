"""The history page of a dispatch in words: Vietnamese headers, choices by their labels, "—" for
nothing, times in TIME_ZONE as dd/mm/yyyy HH:MM (not UTC, not raw values)."""

import contextlib
import datetime as dt
import re

import pytest
from django.utils import timezone

from advisories.models import Directive, Dispatch
from advisories.services import publish_dispatch, save_draft_parts, withdraw_dispatch
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
    directive = Directive(dispatch=dispatch, position=1, text="Tuyên truyền.")
    save_draft_parts(dispatch=dispatch, by=leader.user, saved=[(directive, {"assignees": [unit]})])
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


STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle=", re.IGNORECASE)


def test_no_history_page_carries_a_style_attribute_the_csp_would_block(
    admin_client_logged_in, seeded
):
    """simple_history's own list has `style="border-top: 0"`; the strict CSP (no
    'unsafe-inline') blocks it, so the portal's copy of the template must not have it."""
    from django.contrib import admin
    from django.urls import NoReverseMatch, reverse

    pages = []
    for model in admin.site._registry:
        history = getattr(model, "history", None)
        version = history.order_by("pk").first() if history is not None else None
        if version is None:
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append(reverse(f"{name}_history", args=[version.instance.pk]))
        # Read-only parts have no page per version: their versions are listed, not opened.
        with contextlib.suppress(NoReverseMatch):
            pages.append(reverse(f"{name}_simple_history", args=[version.instance.pk, version.pk]))
    assert any("/dispatch/" in page for page in pages)
    for page in pages:
        response = admin_client_logged_in.get(page)
        assert response.status_code == 200, page
        assert not STYLE_ATTRIBUTE.search(response.content.decode()), page
    # The rule the attribute held, from a stylesheet the CSP allows.
    html = admin_client_logged_in.get(pages[0]).content.decode()
    assert 'class="paginator history-paginator"' in html
    assert 'href="/static/css/history-admin.css"' in html
