"""Forwarding a received dispatch down the chain: a prefilled draft of the clerk's organisation."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from advisories.models import Dispatch, Organisation, Reference
from advisories.services import create_staff_user, forward_dispatch, publish_dispatch, save_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_2152(seeded):
    """The seed as Sở Y tế found it on 06/10/2025: 1153 received, 2152 not yet written."""
    forward = Dispatch.objects.get(number=2152)
    Dispatch.objects.filter(references__target=forward).delete()  # 29, which cites 2152
    forward.delete()


def _clerk(slug, role="clerk"):
    return create_staff_user(
        username=f"{role}-{slug}", organisation=Organisation.objects.get(slug=slug), role=role
    )


def test_forwarding_1153_as_so_y_te_prefills_a_draft(without_2152):
    source = Dispatch.objects.get(number=1153)
    draft = forward_dispatch(source=source, by=_clerk("so-y-te-an-giang"), kind="thuc_hien")
    today = timezone.localdate()
    assert draft.status == Dispatch.Status.DRAFT
    assert draft.issuer.slug == "so-y-te-an-giang"
    assert (draft.parent_body_line, draft.issuer_line) == (
        "UBND TỈNH AN GIANG",
        "SỞ Y TẾ TỈNH AN GIANG",
    )
    assert (draft.number, draft.symbol, draft.place) == (None, "SYT", "An Giang")
    assert (draft.year, draft.month, draft.day) == (today.year, today.month, today.day)
    assert draft.subject == source.subject
    assert draft.body.startswith("Thực hiện Công văn số 1153/UBND-KGVX ngày 06/10/2025 của")
    reference = draft.references.get()
    assert (reference.kind, reference.target, reference.is_attached) == ("thuc_hien", source, True)
    assert set(draft.scam_patterns.all()) == set(source.scam_patterns.all())
    assert [w.text for w in draft.warnings.all()] == [w.text for w in source.warnings.all()]
    (line,) = draft.addressees.all()
    assert line.text == "Các đơn vị trực thuộc Sở Y tế An Giang"
    assert {o.slug for o in line.members.all()} == {"ttyt-kien-hai"}
    assert [d.text for d in draft.distribution.all()] == ["Như trên", "Lưu: VT"]
    assert draft.history.latest().history_user.username == "clerk-so-y-te-an-giang"


def test_the_chain_page_shows_the_new_link_once_published(client, without_2152):
    source = Dispatch.objects.get(number=1153)
    clerk = _clerk("so-y-te-an-giang")
    draft = forward_dispatch(source=source, by=clerk, kind="can_cu")
    assert draft.references.get().kind == Reference.Kind.CAN_CU
    draft.number, draft.symbol, draft.signer_name = 2152, "SYT-CNTTTT", "Nguyễn Văn A"
    save_draft(dispatch=draft, by=clerk)
    page = client.get(source.get_absolute_url()).content.decode()
    assert "2152/SYT-CNTTTT" not in page  # a draft is not public
    publish_dispatch(dispatch=draft, by=_clerk("so-y-te-an-giang", "leader"))
    page = client.get(source.get_absolute_url()).content.decode()
    assert "2152/SYT-CNTTTT" in page.split('id="chain-heading"')[1]


def test_only_an_addressee_may_forward(seeded):
    source = Dispatch.objects.get(number=1153)
    # Trung tâm Y tế Kiên Hải is not among 1153's addressees (it gets 2152 from Sở Y tế).
    with pytest.raises(PermissionDenied):
        forward_dispatch(source=source, by=_clerk("ttyt-kien-hai"), kind="thuc_hien")
    draft = Dispatch.objects.filter(status="draft")
    assert not draft.exists()


def test_a_draft_cannot_be_forwarded(seeded):
    source = Dispatch.objects.get(number=1153)
    Dispatch.objects.filter(pk=source.pk).update(status="draft", published_at=None)
    with pytest.raises(PermissionDenied):
        forward_dispatch(source=source, by=_clerk("so-y-te-an-giang"), kind="sao_gui")


def test_addressed_to_follows_group_members_and_direct_lines(seeded):
    so_y_te = Organisation.objects.get(slug="so-y-te-an-giang")
    numbers = {d.number for d in Dispatch.objects.addressed_to(so_y_te)}
    assert numbers == {1153}
    kien_hai = Organisation.objects.get(slug="ttyt-kien-hai")
    assert {d.number for d in Dispatch.objects.addressed_to(kien_hai)} == {2152}
