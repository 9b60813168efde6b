"""The life of a dispatch: publish, withdraw, correct; who may; what the public page shows."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from advisories.models import Correction, Dispatch
from advisories.services import (
    NotPublishable,
    correct_dispatch,
    publish_dispatch,
    refresh_search_text,
    withdraw_dispatch,
)
from tests.factories import DispatchFactory, OrganisationFactory, WarningMessageFactory

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
    dispatch = DispatchFactory(subject="Cảnh báo", draft=True)
    WarningMessageFactory(dispatch=dispatch, text="Đừng đọc mã OTP cho NGƯỜI LẠ")
    refresh_search_text(dispatch=dispatch)
    dispatch.refresh_from_db()
    assert "dung doc ma otp cho nguoi la" in dispatch.search_text


# --- Who may publish, withdraw, correct -----------------------------------------------------


def _staff(organisation, role):
    from advisories.services import create_staff_user

    return create_staff_user(
        username=f"{role}-{organisation.slug}", organisation=organisation, role=role
    )


def test_a_leader_publishes_a_draft_of_their_organisation_and_history_names_them():
    draft = DispatchFactory(draft=True)
    leader = _staff(draft.issuer, "leader")
    published = publish_dispatch(dispatch=draft, by=leader)
    assert published.status == Dispatch.Status.PUBLISHED
    last = published.history.latest()
    assert last.history_user == leader
    assert last.history_change_reason == "Ban hành"


@pytest.mark.parametrize("role", ["clerk", "leader-of-another-unit"])
def test_a_clerk_or_an_outsider_cannot_publish(role):
    draft = DispatchFactory(draft=True)
    if role == "clerk":
        user = _staff(draft.issuer, "clerk")
    else:
        user = _staff(OrganisationFactory(), "leader")
    with pytest.raises(PermissionDenied):
        publish_dispatch(dispatch=draft, by=user)
    draft.refresh_from_db()
    assert draft.status == Dispatch.Status.DRAFT


def test_a_leader_with_child_units_scope_publishes_for_a_unit_below():
    parent = OrganisationFactory()
    child_draft = DispatchFactory(draft=True, issuer=OrganisationFactory(parent=parent))
    leader = _staff(parent, "leader")
    with pytest.raises(PermissionDenied):
        publish_dispatch(dispatch=child_draft, by=leader)
    leader.staff_membership.includes_child_units = True
    leader.staff_membership.save()
    leader = type(leader).objects.get(pk=leader.pk)  # a fresh account: the scope is recomputed
    assert publish_dispatch(dispatch=child_draft, by=leader).status == Dispatch.Status.PUBLISHED


def test_withdrawing_needs_a_reason_and_a_date_not_in_the_future():
    dispatch = DispatchFactory()
    leader = _staff(dispatch.issuer, "leader")
    with pytest.raises(ValidationError) as error:
        withdraw_dispatch(dispatch=dispatch, by=leader, reason="  ", on=None)
    assert set(error.value.message_dict) == {"withdrawal_reason", "withdrawn_on"}
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        withdraw_dispatch(dispatch=dispatch, by=leader, reason="Nhầm", on=tomorrow)
    assert error.value.message_dict["withdrawn_on"] == ["Ngày thu hồi không thể ở tương lai."]
    dispatch.refresh_from_db()
    assert dispatch.status == Dispatch.Status.PUBLISHED


def test_withdrawn_page_stays_public_with_reason_and_date(client):
    dispatch = DispatchFactory(year=2025, month=10, day=6)
    leader = _staff(dispatch.issuer, "leader")
    withdraw_dispatch(
        dispatch=dispatch, by=leader, reason="Thay bằng văn bản số 31", on=dt.date(2025, 10, 9)
    )
    page = client.get(dispatch.get_absolute_url()).content.decode()
    assert "Văn bản này đã bị thu hồi ngày 09/10/2025." in page
    assert 'Lý do: <span lang="vi">Thay bằng văn bản số 31</span>' in page


def test_a_clerk_cannot_withdraw_or_correct():
    dispatch = DispatchFactory()
    clerk = _staff(dispatch.issuer, "clerk")
    with pytest.raises(PermissionDenied):
        withdraw_dispatch(dispatch=dispatch, by=clerk, reason="Nhầm", on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        correct_dispatch(dispatch=dispatch, by=clerk, changes={"place": "Rạch Giá"}, reason="x")
    assert not Correction.objects.exists()


def test_a_correction_records_old_and_new_who_and_why_and_shows_on_the_page(client):
    dispatch = DispatchFactory(subject="tuyên truyền Sở liên lạc", signer_name="Lê Văn B")
    leader = _staff(dispatch.issuer, "leader")
    correction = correct_dispatch(
        dispatch=dispatch,
        by=leader,
        changes={"subject": "tuyên truyền Sổ liên lạc điện tử", "signer_name": "Lê Văn B"},
        reason="Sai chính tả trong trích yếu",
    )
    assert correction.changes == {
        "subject": {"old": "tuyên truyền Sở liên lạc", "new": "tuyên truyền Sổ liên lạc điện tử"}
    }
    assert correction.corrected_by == leader
    dispatch.refresh_from_db()
    assert dispatch.subject == "tuyên truyền Sổ liên lạc điện tử"
    assert "so lien lac dien tu" in dispatch.search_text
    assert dispatch.history.latest().history_change_reason == (
        "Đính chính: Sai chính tả trong trích yếu"
    )
    page = client.get(dispatch.get_absolute_url()).content.decode()
    assert "Văn bản đã đính chính" in page
    assert f"Đã đính chính ngày {timezone.localdate():%d/%m/%Y}" in page
    assert '<del lang="vi">tuyên truyền Sở liên lạc</del>' in page
    assert '<ins lang="vi">tuyên truyền Sổ liên lạc điện tử</ins>' in page


def test_a_correction_needs_a_reason_a_change_and_a_published_dispatch():
    dispatch = DispatchFactory(place="An Giang")
    with pytest.raises(ValidationError):
        correct_dispatch(dispatch=dispatch, by=None, changes={"place": "Rạch Giá"}, reason="")
    with pytest.raises(ValidationError):
        correct_dispatch(dispatch=dispatch, by=None, changes={"place": "An Giang"}, reason="x")
    with pytest.raises(ValidationError):
        correct_dispatch(dispatch=dispatch, by=None, changes={"status": "draft"}, reason="x")
    draft = DispatchFactory(draft=True)
    with pytest.raises(ValidationError):
        correct_dispatch(dispatch=draft, by=None, changes={"place": "Rạch Giá"}, reason="x")
    assert not Correction.objects.exists()


def test_a_correction_cannot_create_a_duplicate_number():
    first = DispatchFactory(number=5, symbol="SYT-VP")
    second = DispatchFactory(issuer=first.issuer, number=6, symbol="SYT-VP")
    with pytest.raises(ValidationError) as error:
        correct_dispatch(dispatch=second, by=None, changes={"number": 5}, reason="Sai số")
    assert "Cơ quan này đã có văn bản cùng số và ký hiệu trong năm này." in str(error.value)
    second.refresh_from_db()
    assert second.number == 6


# --- What a published dispatch must have, checked by publish_dispatch whoever calls it -------


@pytest.mark.parametrize(
    ("unfinished", "field", "words"),
    [
        ({"number": None}, "number", "Chưa có số văn bản"),
        ({"symbol": "SYT"}, "symbol", "Ký hiệu “SYT” chưa đủ"),
        ({"signer_name": ""}, "signer_name", "Chưa có họ tên người ký"),
    ],
    ids=["no-number", "symbol-without-office", "no-signer"],
)
def test_an_unfinished_forward_is_not_published(unfinished, field, words):
    draft = DispatchFactory(draft=True, **unfinished)
    with pytest.raises(NotPublishable) as refused:
        publish_dispatch(dispatch=draft)  # the system itself: no account is above the rule
    assert words in " ".join(refused.value.message_dict[field])
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Dispatch.Status.DRAFT, None)


def test_a_dispatch_issued_without_a_number_is_published_when_the_clerk_says_so():
    draft = DispatchFactory(draft=True, number=None, unnumbered=True, symbol="UBND-VHTT")
    published = publish_dispatch(dispatch=draft)
    assert published.status == Dispatch.Status.PUBLISHED
    assert published.number_symbol == "/UBND-VHTT"


def test_a_number_and_the_unnumbered_mark_together_are_refused():
    with pytest.raises(ValidationError) as refused:
        DispatchFactory(draft=True, number=12, unnumbered=True)
    assert "không chọn “ban hành không ghi số”" in " ".join(refused.value.messages)
