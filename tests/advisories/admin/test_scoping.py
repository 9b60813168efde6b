"""Every staff URL of the admin, walked as a clerk of Sở Y tế against another organisation's
objects: each is refused (403/404) and nothing in the database changes. Then the rules inside
one's own organisation: published text is not edited in place, leaders' steps are leaders'."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from advisories.audit import record
from advisories.models import (
    Addressee,
    AlertEvent,
    AlertSubscription,
    Attachment,
    AuditEvent,
    Correction,
    Delivery,
    Directive,
    DirectiveReport,
    Dispatch,
    DistributionLine,
    Indicator,
    NoticeRound,
    Organisation,
    ReceiptToken,
    Reference,
    ReportScreenshot,
    ScamPattern,
    ScamReport,
    ScanImport,
    SearchWord,
    SentAlert,
    StaffMembership,
    WarningMessage,
)
from advisories.reports.images import CleanImage
from advisories.services import (
    confirm_receipt,
    correct_dispatch,
    create_staff_user,
    issue_token,
    report_directive,
    start_receipt_tracking,
)
from advisories.services.reports import submit_report
from advisories.services.scans import start_scan_import
from tests.factories import (
    DirectiveFactory,
    DispatchFactory,
    SentAlertFactory,
    WarningMessageFactory,
)
from tests.pdfs import scanned_pdf

pytestmark = pytest.mark.django_db

ADMIN_URLS = [
    (model, pattern.name)
    for model, model_admin in admin.site._registry.items()
    for pattern in model_admin.get_urls()
    if pattern.name
]
# What a clerk may look at (never change) outside their organisation: public reference data.
READABLE_BY_CLERK = {Organisation, ScamPattern}
OBJECTLESS = ("_changelist", "_add", "_received", "_import")
# A scan being imported (advisories.admin.importing): its progress page and its fields' crops.
SCAN_PAGES = ("advisories_dispatch_import_scan", "advisories_dispatch_import_crop")


def _snapshot():
    """Everything staff could change, as plain values."""
    models = [
        Dispatch,
        Directive,
        WarningMessage,
        Addressee,
        DistributionLine,
        Reference,
        Attachment,
        Correction,
        Organisation,
        ScamPattern,
        StaffMembership,
        get_user_model(),
        Group,
    ]
    state = {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models}
    state["dispatches"] = list(Dispatch.objects.order_by("pk").values())
    state["organisations"] = list(Organisation.objects.order_by("pk").values())
    state["directives"] = list(Directive.objects.order_by("pk").values())
    state["warnings"] = list(WarningMessage.objects.order_by("pk").values())
    state["users"] = list(get_user_model().objects.order_by("pk").values())
    state["reports"] = list(ScamReport.objects.order_by("pk").values())
    state["groups"] = [
        (g.name, sorted(g.permissions.values_list("pk", flat=True))) for g in Group.objects.all()
    ]
    return state


@pytest.fixture
def other_unit(seeded, settings, tmp_path):
    """UBND tỉnh An Giang's objects: a draft with every part, 1153 with a correction, a leader."""
    settings.MEDIA_ROOT = tmp_path
    province = Organisation.objects.get(slug="ubnd-tinh-an-giang")
    draft = DispatchFactory(draft=True, issuer=province, subject="Bản nháp của UBND tỉnh")
    directive = DirectiveFactory(dispatch=draft, position=1)
    directive.assignees.add(province)
    WarningMessageFactory(dispatch=draft)
    Addressee.objects.create(dispatch=draft, position=1, text="Các sở, ban, ngành")
    DistributionLine.objects.create(dispatch=draft, position=1, text="Lưu: VT")
    Reference.objects.create(citing=draft, target=Dispatch.objects.get(number=1153))
    Attachment.objects.create(dispatch=draft, title="ban-nhap.pdf", file="attachments/x.pdf")
    leader = create_staff_user(username="lanhdao.ubnd", organisation=province, role="leader")
    correct_dispatch(
        dispatch=Dispatch.objects.get(number=1153),
        by=leader,
        changes={"place": "Tỉnh An Giang"},
        reason="Thử đính chính",
    )
    start_scan_import(by=leader, data=scanned_pdf(), pages=1)  # UBND tỉnh's leader's scan
    objects = {
        Dispatch: draft,
        Directive: directive,
        WarningMessage: draft.warnings.get(),
        Addressee: draft.addressees.get(),
        DistributionLine: draft.distribution.get(),
        Reference: draft.references.get(),
        Attachment: draft.attachments.get(),
        Correction: Correction.objects.get(),
        Organisation: province,
        ScamPattern: ScamPattern.objects.first(),
        StaffMembership: leader.staff_membership,
        get_user_model(): leader,
        Group: Group.objects.get(name="Lãnh đạo"),
    }
    return objects | _other_units_records(province, leader)


def _other_units_records(province, leader):
    """One object of every other model the admin shows, none of them the clerk's: receipts of
    1153 (its delivery to Sở KH&CN), the audit trail, search words, a TOTP device, task results
    and login attempts."""
    dispatch = Dispatch.objects.get(number=1153)
    start_receipt_tracking(dispatch=dispatch)
    delivery = Delivery.objects.get(dispatch=dispatch, organisation__slug="so-khcn-an-giang")
    token = issue_token(delivery=delivery)
    confirm_receipt(token=token, name="Trần Văn C", position="Văn thư")
    report_directive(
        delivery=delivery, directive=dispatch.directives.get(position=4), status="done", by_name="C"
    )
    access = {"user_agent": "t", "ip_address": "192.0.2.1", "username": "x", "path_info": "/"}
    # A citizen's report from another province than every walker's (theirs is An Giang).
    report, _ = submit_report(
        channel="call",
        province="Nghệ An",
        consent_text="Tôi đồng ý …",
        what_happened="Bị lừa",
        screenshots=[CleanImage(b"not drawn: never served in this walk", 1, 1)],
    )
    alert = SentAlertFactory(dispatch=dispatch)  # a citizen alerted of 1153 (superusers only)
    return {
        AlertSubscription: alert.subscription,
        AlertEvent: alert.event,
        SentAlert: alert,
        Delivery: delivery,
        ReceiptToken: ReceiptToken.objects.filter(delivery=delivery).first(),
        DirectiveReport: DirectiveReport.objects.get(delivery=delivery),
        NoticeRound: NoticeRound.objects.filter(dispatch=dispatch).first(),
        AuditEvent: record(AuditEvent.Kind.PUBLISH, user=leader, target=dispatch),
        SearchWord: SearchWord.objects.first(),
        Indicator: Indicator.objects.filter(kind="app").first(),  # the seed's app name
        ScamReport: report,
        ReportScreenshot: report.screenshots.get(),
        TOTPDevice: TOTPDevice.objects.create(user=leader, name="điện thoại"),
        DBTaskResult: DBTaskResult.objects.first(),
        AccessAttempt: AccessAttempt.objects.create(
            **access, get_data="", post_data="", failures_since_start=1
        ),
        AccessLog: AccessLog.objects.create(**access),
        AccessFailureLog: AccessFailureLog.objects.create(**access),
    }


@pytest.fixture
def clerk(make_staff, seeded):
    return make_staff(Organisation.objects.get(slug="so-y-te-an-giang"), "clerk")


# Who walks every URL against UBND tỉnh's objects: Sở Y tế's clerk, its leader with and without
# the child units in scope, and the staff of an unrelated organisation (Sở KH&CN).
WALKERS = {
    "clerk": ("so-y-te-an-giang", "clerk", False),
    "leader": ("so-y-te-an-giang", "leader", False),
    "leader-with-child-units": ("so-y-te-an-giang", "leader", True),
    "other-organisations-leader": ("so-khcn-an-giang", "leader", True),
}


@pytest.fixture
def walkers(make_staff, seeded):
    """One signed-in client per walker: each URL's test runs them all against one set of
    objects (the objects cost more to make than the four walks)."""
    clients = {}
    for label, (slug, role, with_units) in WALKERS.items():
        organisation = Organisation.objects.get(slug=slug)
        clients[label] = make_staff(organisation, role, includes_child_units=with_units)
    return clients


# What the walk expects, read from the code (advisories/admin/*, access.py, services/staff.py and
# Django's ModelAdmin), never recorded from a run.
# The models the two roles may view (CLERK_PERMISSIONS: view_dispatch, view_organisation, …).
VIEWABLE_BY_ROLES = {
    Dispatch,
    Organisation,
    ScamPattern,
    Correction,
    Delivery,
    DirectiveReport,
    NoticeRound,
    ReceiptToken,
    ScamReport,
    ReportScreenshot,
}
# Admins whose get_queryset is limited to the account's scope (its organisations' dispatches, or
# the dispatches it may follow) and whose get_object (NotFoundOutsideScopeMixin) turns an object
# outside it into a 404, before any permission is asked.
NOT_FOUND_OUTSIDE_SCOPE = {
    Dispatch,
    Correction,
    Delivery,
    DirectiveReport,
    NoticeRound,
    ReceiptToken,
}
DASHBOARD_PAGES = ("receipt_dashboard", "receipt_csv", "receipt_chain")
POST_ONLY_DASHBOARD_STEPS = ("receipt_resend", "receipt_start")


def expected_status(model, name, method, walker):
    """The status code the admin answers `walker` for `method` on URL `name` of `model`, when the
    object is UBND tỉnh's (other_unit). No rule depends on the walker: every walker is staff with
    the view permissions above and a home organisation, none has UBND tỉnh in its scope, and the
    leaders' extra permissions (publish, withdraw, correct) are only asked after get_object has
    already answered 404."""
    assert walker in WALKERS
    if name == "advisories_dispatch_received":
        # received_view answers HttpResponseNotAllowed to anything but GET; a GET lists the
        # dispatches addressed to the walker's home organisation (it has one, and add_dispatch).
        return 405 if method == "POST" else 200
    if name in SCAN_PAGES:
        # _own_scan: add permission (yes), then the scan import must be the walker's own: 404.
        return 404
    if name == "advisories_dispatch_import":
        # import_view asks has_add_permission (add_dispatch: yes); the POST carries neither text
        # nor PDF, so the form is shown again with its error.
        return 200
    if name == "advisories_dispatch_add":
        # add_dispatch: the form (GET), or the form again with the issuer refused (POST).
        return 200
    if name == "advisories_scamreport_screenshot":
        return 404  # ScamReportAdmin.screenshot_view: not in the walker's queue (Nghệ An's)
    if model in (ScamReport, ReportScreenshot) and name.endswith("_delete"):
        return 403  # delete_view asks has_delete_permission (never) before looking the object up
    if model in (ScamReport, ReportScreenshot) and not name.endswith(("_changelist", "_add")):
        # get_queryset is the walker's province queue: the admin's redirect for a missing object
        return 302
    if name in POST_ONLY_DASHBOARD_STEPS and method == "GET":
        return 405  # wrapped in require_POST inside admin_view
    if name in DASHBOARD_PAGES + POST_ONLY_DASHBOARD_STEPS:
        # DeliveryAdmin._dispatch: view_delivery is held, then get_object_or_404 on
        # followable_dispatches (issued within the scope): 1153 is UBND tỉnh's.
        return 404
    if name.endswith("_changelist"):
        # changelist_view asks has_view_or_change_permission first. The crafted POST has "_save"
        # and neither "index" nor "_selected_action", so no action runs, and with no
        # list_editable nothing is saved: the list is rendered again (200), no redirect.
        return 200 if model in VIEWABLE_BY_ROLES else 403
    if name.endswith("_add"):
        # No add permission for any other model (the user admin's add_view asks the change
        # permission; DEBUG is off, so PermissionDenied rather than Http404).
        return 403
    if name == "advisories_dispatch_simple_history":
        # POST: history_form_view refuses any revert. GET: the historical row is fetched without
        # scope, then has_view_or_change_permission(obj) is False (can_view: out of scope).
        return 403
    if name == "advisories_dispatch_forward":
        # get_object_or_404 without scope finds the draft; can_forward needs a published one.
        return 403
    if name in (
        "advisories_dispatch_publish",
        "advisories_dispatch_withdraw",
        "advisories_dispatch_correct",
        "advisories_dispatch_indicators",
    ):
        return 404  # self.get_object, scoped: NotFoundOutsideScopeMixin
    # The object's own pages: change, history, delete, a user's password, a TOTP device's
    # config and QR code.
    if model in NOT_FOUND_OUTSIDE_SCOPE:
        return 404  # change/delete/history views all call get_object first
    if model in READABLE_BY_CLERK and name.endswith("_history"):
        return 200  # history_view ignores the method: a page to read, a POST changes nothing
    if model in READABLE_BY_CLERK and name.endswith("_change"):
        # GET: view permission, a read-only form. POST: has_change_permission(obj) is False.
        return 200 if method == "GET" else 403
    # Found (unscoped queryset), then the view/change/delete permission is missing: 403.
    return 403


def _url(model, name, obj):
    if name in SCAN_PAGES:  # another user's scan import: by its key (and a field's crop)
        key = ScanImport.objects.get().key
        return reverse(f"admin:{name}", args=[key, "date"][: 2 if name.endswith("crop") else 1])
    if name.endswith(OBJECTLESS):
        return reverse(f"admin:{name}")
    if name.endswith("_simple_history"):
        return reverse(f"admin:{name}", args=[obj.pk, obj.history.earliest().history_id])
    for key in ("object_id", "pk", "id"):  # whichever name the route gives the object's id
        try:
            return reverse(f"admin:{name}", kwargs={key: obj.pk})
        except NoReverseMatch:
            continue
    if name.endswith("_screenshot"):  # a report's screenshot, served through the admin
        return reverse(f"admin:{name}", args=[obj.pk, obj.screenshots.get().pk])
    if hasattr(obj, "dispatch_id"):  # the receipt follow-up pages take the dispatch
        return reverse(f"admin:{name}", kwargs={"dispatch_id": obj.dispatch_id})
    raise NoReverseMatch(name)


def _payload(obj, model):
    """The object's own values with its text changed: what a crafted POST would send."""
    data = {
        key: value
        for key, value in model_to_dict(obj).items()
        if value is not None and not isinstance(value, list | tuple) and not hasattr(value, "open")
    }
    for field in ("subject", "text", "name", "reason", "title"):
        if field in data:
            data[field] = "ĐÃ BỊ SỬA"
    data |= {"post": "yes", "kind": "thuc_hien", "on": "2025-10-08", "_save": "Lưu"}
    return data


@pytest.mark.parametrize(
    ("model", "name"), ADMIN_URLS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_admin_url_refuses_another_organisations_object(walkers, other_unit, model, name):
    obj = other_unit[model]
    url = _url(model, name, obj)
    before = _snapshot()
    for label, client in walkers.items():
        where = f"{url} as {label}"
        response = client.get(url)
        assert response.status_code == expected_status(model, name, "GET", label), where
        if name.endswith(OBJECTLESS):
            assert "Bản nháp của UBND tỉnh" not in response.content.decode(), where
        elif model in READABLE_BY_CLERK and name.endswith(("_change", "_history")):
            assert 'name="_save"' not in response.content.decode(), where

        response = client.post(url, _payload(obj, model))
        assert response.status_code == expected_status(model, name, "POST", label), where
        if name.endswith("_add") and model is Dispatch:
            # The add form limits the issuer to the account's own organisation(s).
            assert "issuer" in response.context["adminform"].form.errors, where
        assert _snapshot() == before, where


def test_the_walk_covers_the_workflow_urls():
    names = {name for _, name in ADMIN_URLS}
    steps = ("received", "forward", "publish", "withdraw", "correct", "simple_history")
    for step in (*steps, "indicators"):
        assert f"advisories_dispatch_{step}" in names


def test_changelist_lists_only_the_clerks_organisation(clerk, other_unit):
    page = clerk.get(reverse("admin:advisories_dispatch_changelist")).content.decode()
    assert "2152/SYT-CNTTTT" in page
    assert "1153/UBND-KGVX" not in page
    assert "Bản nháp của UBND tỉnh" not in page


def test_actions_cannot_reach_another_organisations_dispatch(make_staff, other_unit):
    leader = make_staff(Organisation.objects.get(slug="so-y-te-an-giang"), "leader")
    draft = other_unit[Dispatch]
    response = leader.post(
        reverse("admin:advisories_dispatch_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0},
    )
    # The action runs on the leader's scoped list filtered by the selection: no draft at all.
    # publish_selected then shows its confirmation page (an empty one, no "post=yes"): 200.
    assert response.status_code == 200
    assert not response.context["previews"]
    draft.refresh_from_db()
    assert draft.status == Dispatch.Status.DRAFT


def test_autocompletes_limit_issuers_and_reference_targets(clerk, other_unit):
    url = reverse("admin:autocomplete")
    issuers = clerk.get(
        url, {"app_label": "advisories", "model_name": "dispatch", "field_name": "issuer"}
    ).json()["results"]
    assert [r["text"] for r in issuers] == ["Sở Y tế tỉnh An Giang"]
    targets = clerk.get(
        url, {"app_label": "advisories", "model_name": "reference", "field_name": "target"}
    ).json()["results"]
    texts = " ".join(r["text"] for r in targets)
    assert "1153/UBND-KGVX" in texts  # public: may be cited
    assert "Bản nháp của UBND tỉnh" not in texts  # another organisation's draft
    assert len(targets) == 4  # the four public seed dispatches


def test_anonymous_is_sent_to_login_everywhere(client, other_unit):
    for model, name in ADMIN_URLS:
        response = client.get(_url(model, name, other_unit[model]))
        assert response.status_code == 302, name
        assert "/quan-tri/login/" in response["Location"], name


# --- Inside one's own organisation -----------------------------------------------------------


@pytest.fixture
def own_published(seeded):
    return Dispatch.objects.get(number=2152)


def test_a_published_dispatch_is_read_only_for_its_clerk(clerk, own_published):
    url = reverse("admin:advisories_dispatch_change", args=[own_published.pk])
    page = clerk.get(url).content.decode()
    assert 'name="_save"' not in page
    for step in ("publish", "withdraw", "correct"):
        assert reverse(f"admin:advisories_dispatch_{step}", args=[own_published.pk]) not in page
    before = _snapshot()
    response = clerk.post(url, _payload(own_published, Dispatch))
    assert response.status_code == 403
    for step in ("publish", "withdraw", "correct"):
        step_url = reverse(f"admin:advisories_dispatch_{step}", args=[own_published.pk])
        assert clerk.post(step_url, {"reason": "x", "on": "2025-10-08"}).status_code == 403
    delete = reverse("admin:advisories_dispatch_delete", args=[own_published.pk])
    assert clerk.post(delete, {"post": "yes"}).status_code == 403
    assert _snapshot() == before


def test_a_clerk_does_not_see_the_publish_action_or_button(clerk, own_published):
    draft = DispatchFactory(draft=True, issuer=own_published.issuer)
    page = clerk.get(reverse("admin:advisories_dispatch_change", args=[draft.pk])).content
    assert "Ban hành</button>" not in page.decode()
    changelist = clerk.get(reverse("admin:advisories_dispatch_changelist"))
    assert "publish_selected" not in changelist.content.decode()
    response = clerk.post(
        reverse("admin:advisories_dispatch_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": 0},
    )
    # A clerk's list has no action at all (delete_selected and publish_selected are taken
    # away), so changelist_view does not look at the action: the list is rendered again.
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Dispatch.Status.DRAFT


def test_history_revert_is_refused_even_for_a_superuser(admin_client_logged_in, own_published):
    record = own_published.history.earliest()
    url = reverse(
        "admin:advisories_dispatch_simple_history", args=[own_published.pk, record.history_id]
    )
    assert admin_client_logged_in.get(url).status_code == 200
    response = admin_client_logged_in.post(url, _payload(own_published, Dispatch))
    assert response.status_code == 403


def test_a_superuser_sees_every_organisation(admin_client_logged_in, other_unit):
    page = admin_client_logged_in.get(reverse("admin:advisories_dispatch_changelist")).content
    for number_symbol in ("1153/UBND-KGVX", "2152/SYT-CNTTTT", "Bản nháp của UBND tỉnh"):
        assert number_symbol in page.decode()


CHILD_UNIT_PAGES = [
    "advisories_dispatch_change",
    "advisories_dispatch_history",
    "advisories_dispatch_withdraw",
    "advisories_dispatch_correct",
    "receipt_dashboard",
    "receipt_csv",
    "receipt_chain",
]


@pytest.mark.parametrize("name", CHILD_UNIT_PAGES)
def test_a_leader_with_child_units_acts_for_their_dispatches(make_staff, seeded, name):
    """29/TTYT-DS.TTGDSK is Trung tâm Y tế Kiên Hải's, a unit under Sở Y tế."""
    dispatch = Dispatch.objects.get(number=29)
    start_receipt_tracking(dispatch=dispatch)
    health = Organisation.objects.get(slug="so-y-te-an-giang")
    arg = (
        {"dispatch_id": dispatch.pk} if name.startswith("receipt_") else {"object_id": dispatch.pk}
    )
    if name in ("advisories_dispatch_withdraw", "advisories_dispatch_correct"):
        arg = {"pk": dispatch.pk}
    url = reverse(f"admin:{name}", kwargs=arg)
    scoped = make_staff(health, "leader", includes_child_units=True)
    assert scoped.get(url).status_code == 200, url
    alone = make_staff(health, "leader")
    assert alone.get(url).status_code == 404, url
