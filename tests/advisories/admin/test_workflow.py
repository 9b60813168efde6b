"""The staff journey in the admin: Sở Y tế receives 1153, forwards it as 2152, a leader
publishes, the chain shows it; and the checks a clerk meets on the way, in Vietnamese."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from advisories.models import Delivery, Dispatch, Organisation, Reference
from advisories.selectors import dispatch_recipients
from advisories.services import save_organisation, withdraw_dispatch
from advisories.services.receipts import recipient_organisations
from tests.admin_forms import change_form_data
from tests.factories import DispatchFactory, OrganisationFactory, WarningMessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def so_y_te(seeded):
    """Sở Y tế on the morning of 07/10/2025: 1153 received, 2152 not written yet."""
    forward = Dispatch.objects.get(number=2152)
    Dispatch.objects.filter(references__target=forward).delete()
    forward.delete()
    return Organisation.objects.get(slug="so-y-te-an-giang")


def _forward(clerk, source, kind="thuc_hien"):
    response = clerk.post(
        reverse("admin:advisories_dispatch_forward", args=[source.pk]), {"kind": kind}
    )
    assert response.status_code == 302
    return Dispatch.objects.get(pk=response["Location"].rstrip("/").split("/")[-2])


def test_forward_and_publish_2152_from_1153(make_staff, client, so_y_te):
    clerk = make_staff(so_y_te, "clerk")
    source = Dispatch.objects.get(number=1153)

    received = clerk.get(reverse("admin:advisories_dispatch_received")).content.decode()
    assert "1153/UBND-KGVX" in received
    forward_url = reverse("admin:advisories_dispatch_forward", args=[source.pk])
    assert forward_url in received
    form_page = clerk.get(forward_url).content.decode()
    for label in ("Thực hiện", "Căn cứ", "Sao gửi"):
        assert label in form_page

    OrganisationFactory(name="Bệnh viện Đa khoa khu vực Tân Châu", parent=so_y_te, email="")
    draft = _forward(clerk, source)
    change_url = reverse("admin:advisories_dispatch_change", args=[draft.pk])
    page = clerk.get(change_url)
    assert page.status_code == 200
    assert "Đã tạo bản nháp chuyển tiếp" in page.content.decode()
    data = change_form_data(page)
    assert data["issuer"] == so_y_te.pk
    data |= {
        "number": "2152",
        "symbol": "SYT-CNTTTT",
        "day": "7",
        "month": "10",
        "year": "2025",
        "signing_authority": "KT",
        "authority_title": "GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn Chính",
    }
    response = clerk.post(change_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    draft.refresh_from_db()
    assert (draft.number_symbol, draft.status) == ("2152/SYT-CNTTTT", Dispatch.Status.DRAFT)
    assert client.get(source.get_absolute_url()).content.decode().count("2152/SYT-CNTTTT") == 0

    leader = make_staff(so_y_te, "leader")
    page = leader.get(change_url).content.decode()
    publish_url = reverse("admin:advisories_dispatch_publish", args=[draft.pk])
    assert f'href="{publish_url}"' in page
    unit = recipient_organisations(dispatch=draft).get(name="Trung tâm Y tế Kiên Hải")
    unit.email = "vanthu@tram.example.vn"
    save_organisation(organisation=unit)
    confirm = leader.get(publish_url).content.decode()  # a step that says what will happen
    recipients = dispatch_recipients(dispatch=draft)
    assert (len(recipients.with_email), len(recipients.without_email)) == (1, 1)
    assert f"<strong>{len(recipients.with_email)}</strong> đơn vị" in confirm
    assert "Xác nhận ban hành" in confirm
    draft.refresh_from_db()
    assert draft.status == Dispatch.Status.DRAFT  # looking at the step publishes nothing
    done = leader.post(publish_url, {"post": "yes"}, follow=True).content.decode()
    draft.refresh_from_db()
    assert draft.status == Dispatch.Status.PUBLISHED
    assert "cho 1 đơn vị" in done
    assert "1 đơn vị chưa có địa chỉ thư (Bệnh viện Đa khoa khu vực Tân Châu)" in done

    # Both real roles follow who has confirmed, from the button on the dispatch's page.
    dashboard = reverse("admin:receipt_dashboard", args=[draft.pk])
    units = Delivery.objects.filter(dispatch=draft)
    assert units.count() == recipients.count
    for account in (leader, clerk):
        assert f'href="{dashboard}"' in account.get(change_url).content.decode()
        response = account.get(dashboard)
        assert response.status_code == 200
        assert units.first().organisation.name in response.content.decode()

    chain = client.get(source.get_absolute_url()).content.decode().split('id="chain-heading"')[1]
    assert (
        f'href="{draft.get_absolute_url()}"><strong>Công văn số 2152/SYT-CNTTTT</strong>' in chain
    )
    public = client.get(draft.get_absolute_url()).content.decode()
    assert "Thực hiện Công văn số 1153/UBND-KGVX" in public

    history = leader.get(reverse("admin:advisories_dispatch_history", args=[draft.pk]))
    text = history.content.decode()
    assert leader.user.username in text and clerk.user.username in text
    assert "Ban hành" in text  # the change reason of the publishing row
    assert "Thay đổi các phần của văn bản" in text


def test_a_unit_not_addressed_cannot_forward(make_staff, so_y_te):
    clerk = make_staff(Organisation.objects.get(slug="ttyt-kien-hai"), "clerk")
    source = Dispatch.objects.get(number=1153)
    url = reverse("admin:advisories_dispatch_forward", args=[source.pk])
    assert clerk.get(url).status_code == 403
    assert clerk.post(url, {"kind": "thuc_hien"}).status_code == 403
    assert not Dispatch.objects.drafts().exists()


# --- Checks a clerk understands ----------------------------------------------------------------


def _draft_page(clerk, dispatch):
    url = reverse("admin:advisories_dispatch_change", args=[dispatch.pk])
    return url, clerk.get(url)


def test_duplicate_number_and_symbol_is_explained(make_staff, so_y_te):
    clerk = make_staff(so_y_te, "clerk")
    DispatchFactory(issuer=so_y_te, number=2152, symbol="SYT-CNTTTT", year=2025)
    draft = _forward(clerk, Dispatch.objects.get(number=1153))
    url, page = _draft_page(clerk, draft)
    data = change_form_data(page) | {"number": "2152", "symbol": "SYT-CNTTTT", "year": "2025"}
    data |= {"month": "10", "day": "7"}
    response = clerk.post(url, data)
    assert response.status_code == 200
    assert "Cơ quan này đã có văn bản cùng số và ký hiệu trong năm này." in (
        response.content.decode()
    )


def test_a_date_in_the_future_is_refused(make_staff, so_y_te):
    clerk = make_staff(so_y_te, "clerk")
    draft = _forward(clerk, Dispatch.objects.get(number=1153))
    url, page = _draft_page(clerk, draft)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = change_form_data(page) | {
        "day": str(tomorrow.day),
        "month": str(tomorrow.month),
        "year": str(tomorrow.year),
    }
    response = clerk.post(url, data)
    assert response.status_code == 200
    assert "ở tương lai" in response.content.decode()
    draft.refresh_from_db()
    assert draft.date_or_none == timezone.localdate()


def test_a_directive_assigned_to_no_one_is_refused(make_staff, so_y_te):
    clerk = make_staff(so_y_te, "clerk")
    draft = _forward(clerk, Dispatch.objects.get(number=1153))
    url, page = _draft_page(clerk, draft)
    data = change_form_data(page) | {
        "directives-TOTAL_FORMS": "1",
        "directives-0-position": "1",
        "directives-0-text": "Tuyên truyền đến các đơn vị.",
    }
    response = clerk.post(url, data)
    assert response.status_code == 200
    assert "Nhiệm vụ này chưa giao cho đơn vị nào" in response.content.decode()
    assert not draft.directives.exists()
    data["directives-0-assignees"] = [str(Organisation.objects.get(slug="ttyt-kien-hai").pk)]
    assert clerk.post(url, data).status_code == 302
    assert draft.directives.get().assignees.get().slug == "ttyt-kien-hai"


def test_citing_a_withdrawn_dispatch_warns_but_saves(make_staff, so_y_te):
    clerk = make_staff(so_y_te, "clerk")
    source = Dispatch.objects.get(number=1153)
    draft = _forward(clerk, source)
    withdraw_dispatch(
        dispatch=source, by=None, reason="Thay bằng văn bản mới", on=source.date_or_none
    )
    url, page = _draft_page(clerk, draft)
    response = clerk.post(url, change_form_data(page), follow=True)
    text = response.content.decode()
    assert "văn bản được dẫn chiếu 1153/UBND-KGVX đã bị thu hồi" in text
    assert Reference.objects.filter(citing=draft, target=source).exists()


# --- Leader steps and SMS figures --------------------------------------------------------------


def test_a_leader_withdraws_and_corrects_through_the_forms(make_staff, client, seeded):
    so_y_te = Organisation.objects.get(slug="so-y-te-an-giang")
    leader = make_staff(so_y_te, "leader")
    dispatch = Dispatch.objects.get(number=2152)

    url = reverse("admin:advisories_dispatch_correct", args=[dispatch.pk])
    page = leader.get(url)
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    response = leader.post(url, data | {"reason": ""})
    assert "This field is required" in response.content.decode() or "bắt buộc" in (
        response.content.decode()
    )
    response = leader.post(url, data | {"signer_name": "Trần Văn Đúng", "reason": "Sai tên"})
    assert response.status_code == 302
    correction = dispatch.corrections.get()
    assert set(correction.changes) == {"signer_name"}
    assert correction.corrected_by == leader.user

    url = reverse("admin:advisories_dispatch_withdraw", args=[dispatch.pk])
    response = leader.post(url, {"on": "", "reason": ""})
    assert response.status_code == 200 and not Dispatch.objects.get(pk=dispatch.pk).withdrawn_on
    today = timezone.localdate().isoformat()
    response = leader.post(url, {"on": today, "reason": "Ban hành nhầm đối tượng"})
    assert response.status_code == 302
    public = client.get(dispatch.get_absolute_url()).content.decode()
    assert "Văn bản này đã bị thu hồi ngày" in public
    assert 'Lý do: <span lang="vi">Ban hành nhầm đối tượng</span>' in public
    assert f"Đã đính chính ngày {timezone.localdate():%d/%m/%Y}" in public
    root = client.get(Dispatch.objects.get(number=1153).get_absolute_url()).content.decode()
    assert 'class="badge badge--withdrawn"' in root.split('id="chain-heading"')[1]


def test_warning_inline_shows_sms_length_encoding_segments_and_unaccented(make_staff):
    draft = DispatchFactory(draft=True)
    WarningMessageFactory(dispatch=draft, text="Cảnh giác lừa đảo: không cung cấp mã OTP.")
    clerk = make_staff(draft.issuer, "clerk")
    page = clerk.get(reverse("admin:advisories_dispatch_change", args=[draft.pk]))
    text = page.content.decode()
    # 41 characters with diacritics: UCS-2, one SMS of 70; unaccented: GSM-7, one of 160.
    assert "41 ký tự, UCS-2, 1 tin SMS (70 ký tự/tin)" in text
    assert "Canh giac lua dao: khong cung cap ma OTP." in text
    assert "41 ký tự, GSM-7, 1 tin SMS (160 ký tự/tin)" in text
