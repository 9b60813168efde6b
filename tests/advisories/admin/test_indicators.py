"""Marking the signs of a dispatch in the admin ("Dấu hiệu lừa đảo"): proposals from its text
ticked by the clerk, others added line by line, all through mark_indicators."""

from django.urls import reverse

from advisories.models import Dispatch, Indicator, Organisation
from advisories.services import publish_dispatch, save_draft_parts
from tests.factories import DirectiveFactory, DispatchFactory

TEXT = "Kẻ gian gọi từ số 0912.345.678 và gửi link https://solienlac-edu.vn/dang-nhap."


def _url(dispatch):
    return reverse("admin:advisories_dispatch_indicators", args=[dispatch.pk])


def _own_draft(organisation):
    draft = DispatchFactory(draft=True, issuer=organisation, body=TEXT)
    DirectiveFactory(dispatch=draft, position=1, assignees=[organisation])
    return draft


def test_the_clerk_ticks_what_the_text_names_and_adds_an_account(make_staff, seeded, client):
    health = Organisation.objects.get(slug="so-y-te-an-giang")
    clerk = make_staff(health, "clerk")
    draft = _own_draft(health)
    page = clerk.get(_url(draft)).content.decode()
    assert "0912.345.678" in page and "solienlac-edu.vn" in page  # proposed, with their words
    assert "checked" not in page.split('name="proposed"')[1].split(">")[0]  # none pre-ticked

    response = clerk.post(
        _url(draft),
        {
            "proposed": ["phone|+84912345678|"],
            "extra": "Tài khoản: 1903 5555 8888 Techcombank\nNgười gửi: BO CONG AN",
        },
    )
    assert response.status_code == 302
    marked = {(i.kind, i.value, i.bank) for i in draft.indicators.all()}
    assert marked == {
        ("phone", "+84912345678", ""),
        ("bank_account", "190355558888", "Techcombank"),
        ("sender", "bo cong an", ""),
    }  # the link was proposed but not ticked: not marked

    publish_dispatch(dispatch=Dispatch.objects.get(pk=draft.pk), track_receipts=False)
    check = client.get(reverse("advisories:check"), {"q": "0912 345 678"}).content.decode()
    assert draft.get_absolute_url() in check


def test_an_unreadable_line_saves_nothing_and_says_why(make_staff, seeded):
    health = Organisation.objects.get(slug="so-y-te-an-giang")
    clerk = make_staff(health, "clerk")
    draft = _own_draft(health)
    response = clerk.post(
        _url(draft), {"proposed": ["phone|+84912345678|"], "extra": "Số điện thoại: 12"}
    )
    assert response.status_code == 200
    assert "không phải số điện thoại Việt Nam hợp lệ" in response.content.decode()
    assert not draft.indicators.exists()


def test_a_marked_sign_can_be_removed_from_a_published_dispatch(make_staff, seeded):
    health = Organisation.objects.get(slug="so-y-te-an-giang")
    clerk = make_staff(health, "clerk")
    draft = _own_draft(health)
    save_draft_parts(dispatch=draft, by=None)
    clerk.post(_url(draft), {"extra": "0912345678"})
    published = publish_dispatch(dispatch=Dispatch.objects.get(pk=draft.pk), track_receipts=False)
    sign = published.indicators.get()
    response = clerk.post(_url(published), {"remove": [sign.pk]})
    assert response.status_code == 302
    assert not published.indicators.exists()
    assert Indicator.objects.filter(pk=sign.pk).exists()  # the sign stays, unlinked


def test_another_organisations_dispatch_is_not_found(make_staff, seeded):
    science = Organisation.objects.get(slug="so-khcn-an-giang")
    outsider = make_staff(science, "leader")
    seed = Dispatch.objects.get(number=1153)
    assert outsider.get(_url(seed)).status_code == 404
    assert outsider.post(_url(seed), {"extra": "0912345678"}).status_code == 404
    assert not seed.indicators.filter(value="+84912345678").exists()


def test_the_change_page_links_to_the_signs_page(make_staff, seeded):
    health = Organisation.objects.get(slug="so-y-te-an-giang")
    clerk = make_staff(health, "clerk")
    draft = _own_draft(health)
    page = clerk.get(reverse("admin:advisories_dispatch_change", args=[draft.pk]))
    assert _url(draft) in page.content.decode()
