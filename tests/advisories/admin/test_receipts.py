"""Following up receipts in the admin: counts, pending list, progress, resend, CSV, chain."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from advisories.models import (
    Addressee,
    Delivery,
    Dispatch,
    NoticeRound,
    Organisation,
)
from advisories.receipts.export import safe_cell
from advisories.services import (
    confirm_receipt,
    issue_token,
    publish_dispatch,
    report_directive,
    start_receipt_tracking,
)
from tests.factories import DirectiveFactory, DispatchFactory, OrganisationFactory, StaffUserFactory

pytestmark = pytest.mark.django_db


def _published_to(n, *, confirmed=0, issuer=None):
    """A dispatch published to `n` units (bulk-made), `confirmed` of them confirmed."""
    issuer = issuer or OrganisationFactory(name="Sở Y tế", email="vp@syt.example.vn")
    dispatch = DispatchFactory(draft=True, issuer=issuer)
    start = Organisation.objects.count()
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Trạm Y tế số {start + i}",
            slug=f"tram-{start + i}",
            email=f"tram{start + i}@example.vn",
            hotline="0297 000 000",
            parent=issuer,
        )
        for i in range(n)
    )
    units = list(Organisation.objects.filter(parent=issuer).order_by("pk"))
    line = Addressee.objects.create(dispatch=dispatch, position=1, text="Các Trạm Y tế")
    line.members.set(units)
    directive = DirectiveFactory(dispatch=dispatch, position=1)
    directive.assignees.set(units)
    publish_dispatch(dispatch=dispatch)
    for unit in units[:confirmed]:
        delivery = Delivery.objects.get(dispatch=dispatch, organisation=unit)
        confirm_receipt(token=issue_token(delivery=delivery), name="Lê Văn B", position="Văn thư")
        report_directive(delivery=delivery, directive=directive, status="done", by_name="B")
    return dispatch, units


def _dashboard(dispatch_or_pk):
    pk = getattr(dispatch_or_pk, "pk", dispatch_or_pk)
    return reverse("admin:receipt_dashboard", args=[pk])


class TestDashboard:
    def test_counts_pending_contacts_and_progress(self, admin_client_logged_in):
        dispatch, units = _published_to(5, confirmed=2)
        Delivery.objects.filter(organisation=units[4]).update(
            created_at=timezone.now() - dt.timedelta(hours=30), last_error="SMTP 550 hộp thư đầy"
        )
        response = admin_client_logged_in.get(_dashboard(dispatch))
        counts = response.context["counts"]
        assert (counts.addressed, counts.confirmed, counts.pending, counts.overdue) == (5, 2, 3, 1)
        assert counts.failed == 1
        page = response.content.decode()
        assert units[3].email in page and units[4].email in page
        assert "SMTP 550 hộp thư đầy" in page
        assert "Quá hạn" in page
        progress = response.context["progress"][0]
        assert (progress.assigned, progress.done, progress.not_started) == (5, 2, 3)

    @pytest.mark.parametrize("size", [4, 60])
    def test_query_count_does_not_grow_with_the_units(
        self, admin_client_logged_in, django_assert_max_num_queries, size
    ):
        dispatch, _ = _published_to(size, confirmed=size // 2)
        with django_assert_max_num_queries(14):
            assert admin_client_logged_in.get(_dashboard(dispatch)).status_code == 200

    def test_query_count_is_the_same_for_both_sizes(self, admin_client_logged_in):
        counts = []
        for size in (4, 60):
            dispatch, _ = _published_to(size, confirmed=size // 2)
            with CaptureQueriesContext(connection) as ctx:
                admin_client_logged_in.get(_dashboard(dispatch))
            counts.append(len(ctx))
        assert counts[0] == counts[1]

    def test_resend_is_rate_limited(self, admin_client_logged_in):
        dispatch, _ = _published_to(3)
        url = reverse("admin:receipt_resend", args=[dispatch.pk])
        page = admin_client_logged_in.post(url, follow=True).content.decode()
        assert "có thể gửi lại từ" in page
        NoticeRound.objects.update(started_at=timezone.now() - dt.timedelta(hours=2))
        page = admin_client_logged_in.post(url, follow=True).content.decode()
        assert "Đã xếp lịch gửi lại thư" in page
        admin_client_logged_in.post(url)
        assert NoticeRound.objects.filter(kind="resend").count() == 1
        assert admin_client_logged_in.get(url).status_code == 405

    def test_tracking_can_start_for_a_dispatch_published_before(self, admin_client_logged_in):
        dispatch, _ = _published_to(2)
        Delivery.objects.all().delete()
        page = admin_client_logged_in.get(_dashboard(dispatch)).content.decode()
        assert "Lập danh sách và gửi thư" in page
        admin_client_logged_in.post(reverse("admin:receipt_start", args=[dispatch.pk]))
        assert Delivery.objects.filter(dispatch=dispatch).count() == 2

    def test_dispatch_change_page_links_to_the_dashboard(self, admin_client_logged_in):
        dispatch, _ = _published_to(1)
        url = reverse("admin:advisories_dispatch_change", args=[dispatch.pk])
        assert _dashboard(dispatch) in admin_client_logged_in.get(url).content.decode()


class TestPermissions:
    URL_NAMES = ["receipt_dashboard", "receipt_csv", "receipt_chain"]

    @pytest.mark.parametrize("name", [*URL_NAMES, "receipt_resend", "receipt_start"])
    def test_anonymous_is_sent_to_sign_in(self, client, name):
        dispatch, _ = _published_to(1)
        response = client.get(reverse(f"admin:{name}", args=[dispatch.pk]))
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]

    @pytest.mark.parametrize("role", ["clerk", "leader"])
    @pytest.mark.parametrize("name", URL_NAMES)
    def test_the_issuers_real_roles_follow_its_receipts(self, client, name, role):
        dispatch, _ = _published_to(1)
        client.force_login(StaffUserFactory(organisation=dispatch.issuer, role=role))
        assert client.get(reverse(f"admin:{name}", args=[dispatch.pk])).status_code == 200

    @pytest.mark.parametrize("name", URL_NAMES)
    def test_another_organisations_staff_get_a_404(self, client, name):
        dispatch, _ = _published_to(1)
        client.force_login(StaffUserFactory(organisation=OrganisationFactory(), role="leader"))
        assert client.get(reverse(f"admin:{name}", args=[dispatch.pk])).status_code == 404

    @pytest.mark.parametrize("name", URL_NAMES)
    def test_a_leader_scoped_to_child_units_follows_theirs(self, client, name):
        parent = OrganisationFactory(name="Sở Y tế An Giang")
        dispatch, _ = _published_to(1, issuer=OrganisationFactory(parent=parent))
        url = reverse(f"admin:{name}", args=[dispatch.pk])
        client.force_login(StaffUserFactory(organisation=parent, role="leader"))
        assert client.get(url).status_code == 404  # the parent alone: not its dispatch
        client.force_login(
            StaffUserFactory(organisation=parent, role="leader", includes_child_units=True)
        )
        assert client.get(url).status_code == 200

    def test_an_account_without_a_role_is_refused(self, client):
        dispatch, _ = _published_to(1)
        user = StaffUserFactory(organisation=dispatch.issuer)
        user.groups.clear()  # an administrator took the role away
        client.force_login(user)
        assert client.get(_dashboard(dispatch)).status_code == 403


class TestCsv:
    def test_excel_ready_and_formula_safe(self, admin_client_logged_in):
        dispatch, units = _published_to(2, confirmed=1)
        Delivery.objects.filter(organisation=units[0]).update(
            confirmation_note='=HYPERLINK("http://evil.example","bấm")'
        )
        Organisation.objects.filter(pk=units[1].pk).update(name="@SUM(1+1) Trạm")
        response = admin_client_logged_in.get(reverse("admin:receipt_csv", args=[dispatch.pk]))
        assert response["Content-Type"].startswith("text/csv")
        assert "attachment" in response["Content-Disposition"]
        body = b"".join(response.streaming_content)
        assert body.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows[0][:4] == ["Đơn vị", "Thư điện tử", "Điện thoại", "Trạng thái"]
        by_name = {row[0]: row for row in rows[1:]}
        assert by_name[units[0].name][3] == "Đã xác nhận"
        assert by_name[units[0].name][7] == '\'=HYPERLINK("http://evil.example","bấm")'
        assert by_name["'@SUM(1+1) Trạm"][3] == "Chưa xác nhận"

    @pytest.mark.parametrize(
        ("value", "expected"),
        [("=1+2", "'=1+2"), ("+84 90", "'+84 90"), ("-5", "'-5"), ("@x", "'@x"), ("Trạm", "Trạm")],
    )
    def test_safe_cell(self, value, expected):
        assert safe_cell(value) == expected


class TestChain:
    def test_progress_at_every_level_of_the_seed_chain(self, admin_client_logged_in, seeded):
        for dispatch in Dispatch.objects.published():
            start_receipt_tracking(dispatch=dispatch)
        d1153, d2152, d29 = (Dispatch.objects.get(number=n) for n in (1153, 2152, 29))
        station = Delivery.objects.get(dispatch=d29, organisation__slug="tram-y-te-nam-du")
        confirm_receipt(token=issue_token(delivery=station), name="Lê Văn B", position="Trạm")
        response = admin_client_logged_in.get(reverse("admin:receipt_chain", args=[d2152.pk]))
        nodes = response.context["nodes"]
        assert [(n.dispatch.number, n.depth, n.addressed, n.confirmed) for n in nodes] == [
            (1153, 0, 4, 0),
            (2152, 1, 1, 0),
            (29, 2, 5, 1),
        ]
        assert [n.is_current for n in nodes] == [False, True, False]
        assert d1153.number_symbol in response.content.decode()

    def test_chain_query_count_is_bounded(self, admin_client_logged_in, seeded):
        for dispatch in Dispatch.objects.published():
            start_receipt_tracking(dispatch=dispatch)
        d29 = Dispatch.objects.get(number=29)
        url = reverse("admin:receipt_chain", args=[d29.pk])
        with CaptureQueriesContext(connection) as ctx:
            admin_client_logged_in.get(url)
        assert len(ctx) <= 8
