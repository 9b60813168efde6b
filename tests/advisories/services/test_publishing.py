"""Publishing a draft makes it public once; the search text follows the saved parts."""

import datetime as dt

import pytest

from advisories.models import Dispatch
from advisories.services import publish_dispatch, refresh_search_text
from tests.factories import DispatchFactory, WarningMessageFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_draft_sets_the_time_and_makes_it_public(client):
    draft = DispatchFactory(draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    published = publish_dispatch(dispatch=draft)
    assert published.status == Dispatch.Status.PUBLISHED
    assert published.published_at is not None
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_publishing_twice_keeps_the_first_time():
    first = dt.datetime(2025, 10, 6, 9, 0, tzinfo=dt.UTC)
    dispatch = publish_dispatch(dispatch=DispatchFactory(draft=True), at=first)
    again = publish_dispatch(dispatch=dispatch, at=first + dt.timedelta(days=1))
    assert again.published_at == first


def test_search_text_includes_warnings_folded():
    dispatch = DispatchFactory(subject="Cảnh báo")
    WarningMessageFactory(dispatch=dispatch, text="Đừng đọc mã OTP cho NGƯỜI LẠ")
    refresh_search_text(dispatch=dispatch)
    dispatch.refresh_from_db()
    assert "dung doc ma otp cho nguoi la" in dispatch.search_text
