"""The confirm page behind a personal link, and the inbox of a unit's staff account."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advisories.models import Delivery, DirectiveReport, ReceiptToken
from advisories.services import confirm_receipt, issue_token, publish_dispatch, revoke_tokens
from tests.advisories.conftest import make_addressed_draft
from tests.factories import DirectiveFactory, OrganisationFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivery():
    dispatch, orgs, _ = make_addressed_draft(units=2)
    publish_dispatch(dispatch=dispatch)
    return Delivery.objects.get(dispatch=dispatch, organisation=orgs[0])


def _url(raw):
    return reverse("advisories:receipt_confirm", kwargs={"token": raw})


CONFIRM = {"action": "confirm", "name": "Lê Văn B", "position": "Văn thư", "note": "Đã nhận"}


class TestConfirmPage:
    def test_get_shows_the_dispatch_and_the_form_and_confirms_nothing(self, client, delivery):
        raw = issue_token(delivery=delivery)
        response = client.get(_url(raw))
        page = response.content.decode()
        assert response.status_code == 200
        assert delivery.dispatch.number_symbol in page
        assert delivery.organisation.name in page
        assert 'name="csrfmiddlewaretoken"' in page
        assert "Họ và tên người xác nhận" in page
        assert response["Referrer-Policy"] == "same-origin"
        assert "noindex" in response["X-Robots-Tag"]
        assert not Delivery.objects.confirmed().exists()

    def test_post_without_csrf_is_refused(self, delivery):
        raw = issue_token(delivery=delivery)
        strict = Client(enforce_csrf_checks=True)
        assert strict.post(_url(raw), CONFIRM).status_code == 403
        assert not Delivery.objects.confirmed().exists()

    def test_post_with_csrf_confirms_and_shows_it(self, delivery):
        raw = issue_token(delivery=delivery)
        strict = Client(enforce_csrf_checks=True)
        strict.get(_url(raw))
        token = strict.cookies["csrftoken"].value
        response = strict.post(_url(raw), CONFIRM | {"csrfmiddlewaretoken": token}, follow=True)
        page = response.content.decode()
        assert "Đã xác nhận đơn vị nhận được văn bản" in page
        assert "Đơn vị đã xác nhận" in page
        delivery.refresh_from_db()
        assert delivery.confirmed_by_name == "Lê Văn B"
        assert delivery.confirmation_note == "Đã nhận"

    def test_missing_name_is_a_400_in_vietnamese(self, client, delivery):
        raw = issue_token(delivery=delivery)
        response = client.post(_url(raw), CONFIRM | {"name": ""})
        assert response.status_code == 400
        assert "bắt buộc" in response.content.decode()
        assert not Delivery.objects.confirmed().exists()

    def test_unknown_link_is_a_404_saying_how_to_get_a_new_one(self, client, delivery):
        response = client.get(_url("khong-co-ma-nay"))
        page = response.content.decode()
        assert response.status_code == 404
        assert "Không tìm thấy đường dẫn xác nhận" in page
        assert "Cách nhận đường dẫn mới" in page
        assert client.post(_url("khong-co-ma-nay"), CONFIRM).status_code == 404

    def test_revoked_link_is_a_410_with_the_issuers_contacts(self, client, delivery):
        raw = issue_token(delivery=delivery)
        revoke_tokens(delivery=delivery)
        response = client.post(_url(raw), CONFIRM)
        page = response.content.decode()
        assert response.status_code == 410
        assert "đã bị thu hồi" in page
        assert "vanthu@ttyt.example.vn" in page
        assert "0297 383 0000" in page
        assert not Delivery.objects.confirmed().exists()

    def test_expired_link_is_a_410(self, client, delivery):
        raw = issue_token(delivery=delivery)
        ReceiptToken.objects.update(
            created_at=timezone.now() - dt.timedelta(days=40),
            expires_at=timezone.now() - dt.timedelta(days=10),
        )
        response = client.get(_url(raw))
        assert response.status_code == 410
        assert "đã hết hạn" in response.content.decode()

    def test_reporting_progress_keeps_history(self, client, delivery):
        raw = issue_token(delivery=delivery)
        client.post(_url(raw), CONFIRM)
        directive = delivery.dispatch.directives.get()
        today = timezone.localdate()
        for status, day in [("in_progress", today - dt.timedelta(days=2)), ("done", today)]:
            response = client.post(
                _url(raw),
                {
                    "action": "report",
                    "directive": directive.pk,
                    "status": status,
                    "reported_on": day.isoformat(),
                    "by_name": "Lê Văn B",
                    "note": "Đã phát loa",
                },
            )
            assert response.status_code == 302
        page = client.get(_url(raw)).content.decode()
        assert "Lịch sử báo cáo (2)" in page
        assert "Đã hoàn thành" in page
        assert list(DirectiveReport.objects.order_by("pk").values_list("status", flat=True)) == [
            "in_progress",
            "done",
        ]

    def test_reporting_on_a_directive_of_another_unit_is_refused(self, client):
        dispatch, orgs, _ = make_addressed_draft(units=2)
        other = DirectiveFactory(dispatch=dispatch, position=5, assignees=[orgs[1]])
        publish_dispatch(dispatch=dispatch)
        delivery = Delivery.objects.get(dispatch=dispatch, organisation=orgs[0])
        raw = issue_token(delivery=delivery)
        client.post(_url(raw), CONFIRM)
        response = client.post(
            _url(raw),
            {
                "action": "report",
                "directive": other.pk,
                "status": "done",
                "reported_on": timezone.localdate().isoformat(),
                "by_name": "Lê Văn B",
            },
        )
        assert response.status_code == 400
        assert "không được giao cho đơn vị" in response.content.decode()
        assert not DirectiveReport.objects.exists()

    def test_bad_date_is_a_400_not_a_500(self, client, delivery):
        raw = issue_token(delivery=delivery)
        client.post(_url(raw), CONFIRM)
        directive = delivery.dispatch.directives.get()
        response = client.post(
            _url(raw),
            {
                "action": "report",
                "directive": directive.pk,
                "status": "done",
                "reported_on": "31/02/2025",
                "by_name": "B",
            },
        )
        assert response.status_code == 400

    def test_query_count_is_fixed(self, client, delivery, django_assert_max_num_queries):
        raw = issue_token(delivery=delivery)
        with django_assert_max_num_queries(6):
            client.get(_url(raw))


class TestInbox:
    @pytest.fixture
    def clerk(self, client, delivery):
        user = StaffUserFactory(organisation=delivery.organisation)
        user.first_name = "Lê Văn B"  # the name the inbox offers to sign the confirmation with
        user.save(update_fields=["first_name"])
        client.force_login(user)
        return user

    def test_anonymous_is_sent_to_sign_in(self, client, delivery):
        response = client.get(reverse("advisories:inbox"))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]

    def test_account_without_organisation_is_refused(self, client, delivery):
        account = StaffUserFactory()
        account.staff_membership.delete()  # an administrator took the organisation away
        account = type(account).objects.get(pk=account.pk)
        client.force_login(account)
        assert client.get(reverse("advisories:inbox")).status_code == 403

    def test_lists_dispatches_addressed_to_the_unit(self, client, clerk, delivery):
        page = client.get(reverse("advisories:inbox")).content.decode()
        assert delivery.dispatch.subject in page
        assert "Chưa xác nhận" in page

    def test_confirm_and_report_from_the_inbox(self, client, clerk, delivery):
        url = reverse("advisories:inbox_delivery", args=[delivery.pk])
        assert 'value="Lê Văn B"' in client.get(url).content.decode()
        client.post(url, CONFIRM)
        delivery.refresh_from_db()
        assert delivery.confirmed_via == Delivery.Via.INBOX
        assert delivery.confirmed_by_user == clerk
        directive = delivery.dispatch.directives.get()
        client.post(
            url,
            {
                "action": "report",
                "directive": directive.pk,
                "status": "done",
                "reported_on": timezone.localdate().isoformat(),
                "by_name": "Lê Văn B",
            },
        )
        assert DirectiveReport.objects.get().reported_by_user == clerk

    def test_another_units_delivery_is_not_found(self, client, clerk, delivery):
        other = Delivery.objects.exclude(pk=delivery.pk).get()
        url = reverse("advisories:inbox_delivery", args=[other.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, CONFIRM).status_code == 404
        assert not Delivery.objects.confirmed().exists()


class TestPublicAggregate:
    def test_dispatch_page_shows_totals_never_who(self, client, delivery):
        raw = issue_token(delivery=delivery)
        client.post(_url(raw), CONFIRM)
        page = client.get(delivery.dispatch.get_absolute_url()).content.decode()
        assert "Đã gửi 2 đơn vị, 1 đã xác nhận." in page
        assert "Lê Văn B" not in page
        assert "Văn thư" not in page


def test_a_units_clerk_forwards_from_the_inbox(seeded, make_staff):
    """Sở Y tế received 1153: from its inbox a clerk opens the forwarding step and gets a draft
    of its own that cites 1153 (the publishing work's forward action)."""
    from advisories.models import Dispatch, Organisation, Reference
    from advisories.services import start_receipt_tracking

    source = Dispatch.objects.get(number=1153)
    start_receipt_tracking(dispatch=source)
    health = Organisation.objects.get(slug="so-y-te-an-giang")
    delivery = Delivery.objects.get(dispatch=source, organisation=health)
    clerk_client = make_staff(health, "clerk")

    page = clerk_client.get(reverse("advisories:inbox_delivery", args=[delivery.pk]))
    forward_url = reverse("admin:advisories_dispatch_forward", kwargs={"pk": source.pk})
    assert forward_url in page.content.decode()
    # Sở Y tế already forwarded 1153 as 2152: the step names it and asks before a second one.
    step = clerk_client.get(forward_url).content.decode()
    existing = Dispatch.objects.get(number=2152)
    assert "Đơn vị bạn đã có văn bản chuyển tiếp văn bản này" in step
    assert reverse("admin:advisories_dispatch_change", args=[existing.pk]) in step
    refused = clerk_client.post(forward_url, {"kind": "thuc_hien"})
    assert refused.status_code == 200
    assert not Dispatch.objects.drafts().filter(issuer=health).exists()
    response = clerk_client.post(forward_url, {"kind": "thuc_hien", "again": "on"})

    assert response.status_code == 302
    draft = Dispatch.objects.drafts().get(issuer=health)
    assert Reference.objects.get(citing=draft).target == source


class TestPublicTotalsAreFresh:
    """The public dispatch page is cached (PUBLIC_PAGE_CACHE_SECONDS); a confirmation must not
    leave it saying '0 đã xác nhận'."""

    def test_a_confirmation_through_the_link_updates_the_cached_page(
        self, client, delivery, django_capture_on_commit_callbacks
    ):
        public = delivery.dispatch.get_absolute_url()
        assert "Đã gửi 2 đơn vị, 0 đã xác nhận." in client.get(public).content.decode()
        raw = issue_token(delivery=delivery)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(_url(raw), CONFIRM)
        assert "Đã gửi 2 đơn vị, 1 đã xác nhận." in client.get(public).content.decode()

    def test_a_confirmation_from_the_inbox_updates_the_cached_page(
        self, client, delivery, make_staff, django_capture_on_commit_callbacks
    ):
        public = delivery.dispatch.get_absolute_url()
        assert "Đã gửi 2 đơn vị, 0 đã xác nhận." in client.get(public).content.decode()
        clerk = make_staff(delivery.organisation)
        with django_capture_on_commit_callbacks(execute=True):
            clerk.post(reverse("advisories:inbox_delivery", args=[delivery.pk]), CONFIRM)
        assert "Đã gửi 2 đơn vị, 1 đã xác nhận." in client.get(public).content.decode()


class TestSecondConfirmation:
    def test_a_stale_tab_is_told_who_confirmed_first_and_not_thanked(self, client, delivery):
        raw = issue_token(delivery=delivery)
        stale_tab = Client()
        stale_tab.get(_url(raw))  # opened before the first confirmation
        client.post(_url(raw), CONFIRM)
        first = Delivery.objects.get(pk=delivery.pk)

        response = stale_tab.post(
            _url(raw), CONFIRM | {"name": "Trần Thị C", "position": "Phó trưởng trạm"}, follow=True
        )
        page = response.content.decode()
        when = timezone.localtime(first.confirmed_at).strftime("%H:%M %d/%m/%Y")
        assert "Xin cảm ơn" not in page
        assert "Đã xác nhận đơn vị nhận được văn bản" not in page
        assert f"Văn bản đã được xác nhận trước đó, lúc {when}" in page
        assert "người xác nhận: Lê Văn B (Văn thư)" in page
        assert "Lần xác nhận này không được ghi thêm." in page
        assert "Trần Thị C" not in page
        first_again = Delivery.objects.get(pk=delivery.pk)
        assert (first_again.confirmed_by_name, first_again.confirmed_at) == (
            "Lê Văn B",
            first.confirmed_at,
        )

    def test_in_the_inbox_too(self, delivery, make_staff):
        confirm_receipt(token=issue_token(delivery=delivery), name="Lê Văn B", position="Văn thư")
        clerk = make_staff(delivery.organisation)
        response = clerk.post(
            reverse("advisories:inbox_delivery", args=[delivery.pk]),
            CONFIRM | {"name": "Trần Thị C"},
            follow=True,
        )
        page = response.content.decode()
        assert "Xin cảm ơn" not in page
        assert "Văn bản đã được xác nhận trước đó" in page
        assert "người xác nhận: Lê Văn B (Văn thư)" in page


class TestBadLinkNamesWhomToAsk:
    def test_an_issuer_without_contacts_is_named_with_a_clear_instruction(self, client):
        issuer = OrganisationFactory(name="Ủy ban nhân dân xã Hòn Tre", email="", hotline="")
        dispatch, _, _ = make_addressed_draft(units=1, issuer=issuer)
        publish_dispatch(dispatch=dispatch)
        delivery = Delivery.objects.get(dispatch=dispatch)
        raw = issue_token(delivery=delivery)
        revoke_tokens(delivery=delivery)
        page = client.get(_url(raw)).content.decode()
        assert "Liên hệ Ủy ban nhân dân xã Hòn Tre, cơ quan đã gửi" in page
        assert dispatch.number_symbol in page
        assert "Cổng chưa có thư điện tử hay số điện thoại của Ủy ban nhân dân xã Hòn Tre" in page
        assert "văn thư của cơ quan này" in page
        assert "mailto:" not in page

    def test_an_issuer_with_contacts_is_named_with_them(self, client, delivery):
        raw = issue_token(delivery=delivery)
        ReceiptToken.objects.update(
            created_at=timezone.now() - dt.timedelta(days=40),
            expires_at=timezone.now() - dt.timedelta(days=10),
        )
        page = client.get(_url(raw)).content.decode()
        assert "Liên hệ Trung tâm Y tế Kiên Hải, cơ quan đã gửi" in page
        assert 'href="mailto:vanthu@ttyt.example.vn"' in page
        assert 'href="tel:02973830000"' in page
        assert "Cổng chưa có thư điện tử" not in page

    def test_an_unknown_link_gets_a_generic_message_promising_nothing_of_the_mail(self, client):
        page = client.get(_url("khong-co-ma-nay")).content.decode()
        assert "Cổng không nhận ra đường dẫn này" in page
        assert "Tên cơ quan đã gửi văn bản có ở tiêu đề và đầu thư" in page
        assert "ở cuối thư" not in page
