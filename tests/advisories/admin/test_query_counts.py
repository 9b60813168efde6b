"""Every admin change page of the app, the receipt dashboard and chain, and the units' inbox,
under a query count: the number of queries a page makes is the same for an object with a few
related rows (SMALL) as for one with many (LARGE), and stays under a generous ceiling.

A page whose count grows with the data has an N+1 query in the production code: its case is
marked xfail(strict=True) with what grows, so that the mark must go once it is fixed."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisories.audit import record
from advisories.models import (
    Addressee,
    AlertEvent,
    Attachment,
    AuditEvent,
    Correction,
    Delivery,
    DirectiveReport,
    Dispatch,
    Indicator,
    NoticeRound,
    ReceiptToken,
    ScamPattern,
    ScamReport,
    SearchWord,
    SentAlert,
)
from advisories.reports.images import CleanImage
from advisories.services import (
    IndicatorInput,
    confirm_receipt,
    correct_dispatch,
    issue_token,
    mark_indicators,
    publish_dispatch,
    report_directive,
    resend_to_pending,
)
from advisories.services.reports import submit_report, triage_report
from tests.factories import (
    AlertSubscriptionFactory,
    DirectiveFactory,
    DispatchFactory,
    DistributionLineFactory,
    OrganisationFactory,
    ReferenceFactory,
    ScamPatternFactory,
    SentAlertFactory,
    StaffUserFactory,
    WarningMessageFactory,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
LONG_AGO = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
CEILING = 80  # generous: a page over it does far more than it should, whatever the data size


@dataclass
class World:
    """One issuer and `size` of everything hanging from its objects."""

    issuer: object
    units: list
    draft: Dispatch
    published: Dispatch
    delivery: Delivery  # of `published` to units[0], confirmed, with reports and links
    correction: Correction
    staff_user: object  # a clerk of units[0]
    pattern: ScamPattern
    event: AuditEvent
    word: SearchWord
    alert: SentAlert  # of `published`, to one of `size` subscribers alerted of it
    indicator: Indicator  # named by `size` dispatches, official for `size` units
    report: ScamReport  # with `size` screenshots and `size` signs


def _parts(dispatch, units, patterns, targets, size):
    """`size` of each printed part on a draft: addressees (one per unit, and a group line of
    all units), distribution lines, directives assigned to every unit, warnings, references,
    attachments, scam patterns."""
    for i, unit in enumerate(units):
        Addressee.objects.create(dispatch=dispatch, position=i + 1, organisation=unit)
    group = Addressee.objects.create(dispatch=dispatch, position=size + 1, text="Các Trạm Y tế")
    group.members.set(units)
    for i in range(size):
        line = DistributionLineFactory(dispatch=dispatch, position=i + 1, text=f"Lưu: VT {i}")
        line.members.set(units)
        directive = DirectiveFactory(dispatch=dispatch, position=i + 1)
        directive.assignees.set(units)
        WarningMessageFactory(dispatch=dispatch, position=i + 1, text=f"Cảnh báo số {i}.")
        ReferenceFactory(citing=dispatch, target=targets[i], position=i + 1)
        Attachment.objects.create(
            dispatch=dispatch,
            title=f"tep-{i}.pdf",
            file=SimpleUploadedFile(f"tep-{i}.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
    dispatch.scam_patterns.set(patterns)


def build_world(size):
    issuer = OrganisationFactory(name=f"Sở Y tế mẫu {size}", email="so@example.vn")
    units = [
        OrganisationFactory(parent=issuer, email=f"tram{i}-{size}@example.vn") for i in range(size)
    ]
    patterns = [ScamPatternFactory() for _ in range(size)]
    targets = [DispatchFactory(issuer=issuer) for _ in range(size)]
    draft = DispatchFactory(draft=True, issuer=issuer)
    _parts(draft, units, patterns, targets, size)
    to_publish = DispatchFactory(draft=True, issuer=issuer)
    _parts(to_publish, units, patterns, targets, size)
    published = publish_dispatch(dispatch=to_publish)  # deliveries to every unit, a notice round
    for _ in range(size):  # one more notice round each, as if the last were long ago
        NoticeRound.objects.filter(dispatch=published).update(started_at=LONG_AGO)
        resend_to_pending(dispatch=published)
    corrections = [
        correct_dispatch(
            dispatch=published, by=None, changes={"place": f"Nơi {i}"}, reason=f"Lý do {i}"
        )
        for i in range(size)
    ]
    deliveries = list(Delivery.objects.filter(dispatch=published).order_by("pk"))
    for i, delivery in enumerate(deliveries):
        tokens = [issue_token(delivery=delivery) for _ in range(size)]
        if i % 2 == 0:  # half of the units confirmed, each reporting on every directive
            confirm_receipt(token=tokens[0], name=f"Người nhận {i}", position="Văn thư")
            for directive in published.directives.all():
                report_directive(delivery=delivery, directive=directive, status="done", by_name="B")
    # Forwards of the published dispatch by its units: the chain under it.
    for unit in units:
        forward = DispatchFactory(issuer=unit, draft=True)
        ReferenceFactory(citing=forward, target=published)
        publish_dispatch(dispatch=forward, track_receipts=False)
    # The inbox of units[0]: `size` dispatches addressed to it, besides `published`.
    for _ in range(size):
        other = DispatchFactory(draft=True, issuer=issuer)
        Addressee.objects.create(dispatch=other, position=1, organisation=units[0])
        publish_dispatch(dispatch=other)
    staff_user = StaffUserFactory(organisation=units[0])
    for _ in range(size):
        StaffUserFactory(organisation=units[0])
    for _ in range(size):
        event = record(AuditEvent.Kind.PUBLISH, user=staff_user, target=published)
    alerts = [
        SentAlertFactory(
            subscription=AlertSubscriptionFactory(email=f"nguoidan{i}-{size}@example.vn"),
            dispatch=published,
        )
        for i in range(size)
    ]
    sign_of = [IndicatorInput(kind="phone", text="0912 345 678")]
    for dispatch in [published, *targets]:
        mark_indicators(dispatch=dispatch, by=None, add=sign_of)
    indicator = Indicator.objects.get(value="+84912345678")
    indicator.official_for.add(*units)
    report, _ = submit_report(
        channel="call",
        province=issuer.province or "An Giang",
        consent_text="Tôi đồng ý …",
        screenshots=[CleanImage(b"jpeg", 1, 1) for _ in range(size)],
    )
    triage_report(
        report=report,
        by=None,
        status="verifying",
        verified=True,
        add_indicators=[IndicatorInput(kind="app", text=f"Ứng dụng {i}") for i in range(size)],
    )
    return World(
        issuer=issuer,
        units=units,
        draft=draft,
        published=published,
        delivery=deliveries[0],
        correction=corrections[-1],
        staff_user=staff_user,
        pattern=patterns[0],
        event=event,
        word=SearchWord.objects.order_by("pk").last(),
        alert=alerts[-1],
        indicator=indicator,
        report=report,
    )


def _change(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


# (page, who looks, the URL in a world). "admin": a superuser; "unit": a clerk of units[0].
PAGES = {
    "Dispatch draft": ("admin", lambda w: _change(w.draft)),
    "Dispatch published": ("admin", lambda w: _change(w.published)),
    "Correction": ("admin", lambda w: _change(w.correction)),
    "Organisation": ("admin", lambda w: _change(w.issuer)),
    "ScamPattern": ("admin", lambda w: _change(w.pattern)),
    "StaffMembership": ("admin", lambda w: _change(w.staff_user.staff_membership)),
    "User": ("admin", lambda w: _change(w.staff_user)),
    "Delivery": ("admin", lambda w: _change(w.delivery)),
    "DirectiveReport": (
        "admin",
        lambda w: _change(DirectiveReport.objects.filter(delivery=w.delivery).first()),
    ),
    "NoticeRound": (
        "admin",
        lambda w: _change(NoticeRound.objects.filter(dispatch=w.published).first()),
    ),
    "ReceiptToken": (
        "admin",
        lambda w: _change(ReceiptToken.objects.filter(delivery=w.delivery).first()),
    ),
    "AuditEvent": ("admin", lambda w: _change(w.event)),
    "SearchWord": ("admin", lambda w: _change(w.word)),
    # E-mail alerts (superusers only, never an address).
    "AlertSubscription": ("admin", lambda w: _change(w.alert.subscription)),
    "AlertEvent": ("admin", lambda w: _change(AlertEvent.objects.get(pk=w.alert.event_id))),
    "SentAlert": ("admin", lambda w: _change(w.alert)),
    # Signs and citizens' reports.
    "Indicator": ("admin", lambda w: _change(w.indicator)),
    "ScamReport": ("admin", lambda w: _change(w.report)),
    "ReportScreenshot": ("admin", lambda w: _change(w.report.screenshots.first())),
    # The read-only part lists (superusers only).
    "Addressee": ("admin", lambda w: _change(w.published.addressees.order_by("-pk").first())),
    "DistributionLine": ("admin", lambda w: _change(w.published.distribution.first())),
    "Directive": ("admin", lambda w: _change(w.published.directives.first())),
    "WarningMessage": ("admin", lambda w: _change(w.published.warnings.first())),
    "Reference": ("admin", lambda w: _change(w.published.references.first())),
    "Attachment": ("admin", lambda w: _change(w.published.attachments.first())),
    # Following receipts, and the unit's inbox.
    "receipt dashboard": (
        "admin",
        lambda w: reverse("admin:receipt_dashboard", args=[w.published.pk]),
    ),
    "receipt chain": ("admin", lambda w: reverse("admin:receipt_chain", args=[w.published.pk])),
    "inbox": ("unit", lambda w: reverse("advisories:inbox")),
    "inbox delivery": (
        "unit",
        lambda w: reverse("advisories:inbox_delivery", args=[w.delivery.pk]),
    ),
}

# Pages whose count grows with the data today (N+1 in the production code), with what grows.
# Pages whose count still grows with the data (none now): name → what grows, as an xfail.
GROWS: dict[str, str] = {}


def _case(page):
    if page in GROWS:
        return pytest.param(page, marks=pytest.mark.xfail(strict=True, reason=GROWS[page]))
    return page


def test_every_change_page_of_the_app_is_measured():
    """The app's models, and the user admin it replaces (StaffUserAdmin)."""
    registered = {
        model.__name__
        for model in admin.site._registry
        if model._meta.app_label == "advisories" or model is get_user_model()
    }
    measured = {page.removeprefix("Dispatch ").split()[0] for page in PAGES}
    measured |= {"Dispatch"} if {"Dispatch draft", "Dispatch published"} <= set(PAGES) else set()
    assert registered - measured == set()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker, tmp_path_factory):
    """The SMALL and the LARGE world, built once for every page of this module (building them
    is most of its time) inside a transaction rolled back at the end: each test runs in a
    savepoint of it, so what one test writes is gone for the next, as usual."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield media, {size: build_world(size) for size in (SMALL, LARGE)}
        transaction.set_rollback(True)


@pytest.mark.parametrize("page", [_case(page) for page in PAGES])
def test_queries_do_not_grow_with_the_data(
    page, worlds, admin_client_logged_in, client, settings, django_assert_max_num_queries
):
    settings.MEDIA_ROOT, built = worlds
    who, url_of = PAGES[page]
    counts = []
    for size in (SMALL, LARGE):
        world = built[size]
        if who == "admin":
            viewer = admin_client_logged_in
        else:
            viewer = client
            viewer.force_login(world.staff_user)
        url = url_of(world)
        viewer.get(url)  # warm the per-process caches (content types, …) on the first page
        counts.append(_queries(viewer, url))
    small, large = counts
    assert small == large, f"{page}: {small} queries with {SMALL} rows, {large} with {LARGE}"
    with django_assert_max_num_queries(CEILING):
        viewer.get(url)
