"""The admin: every model's list, add and change pages load for a superuser."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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
    ReceiptToken,
    Reference,
    ReportScreenshot,
    ScamReport,
    ScanImport,
    SentAlert,
    StaffMembership,
    WarningMessage,
)
from advisories.reports.images import CleanImage
from advisories.services import correct_dispatch
from advisories.services.reports import submit_report
from tests.admin_forms import change_form_data
from tests.conftest import seed_receipts
from tests.factories import DispatchFactory, SentAlertFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

ADVISORY_MODELS = [model for model in admin.site._registry if model._meta.app_label == "advisories"]
RECEIPT_MODELS = {Delivery, DirectiveReport, NoticeRound, ReceiptToken}
# Written only by the code (services, signals): no add page, even for a superuser. A
# dispatch's parts are listed on their own read-only: they are written on the dispatch's page.
PART_MODELS = {Addressee, Attachment, Directive, DistributionLine, Reference, WarningMessage}
ALERT_MODELS = {AlertEvent, AlertSubscription, SentAlert}
SERVICE_WRITTEN = {AuditEvent, Correction, Indicator, ScamReport, ReportScreenshot}
SERVICE_WRITTEN |= RECEIPT_MODELS | PART_MODELS | ALERT_MODELS


@pytest.mark.parametrize("model", ADVISORY_MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_change_pages_load(
    admin_client_logged_in, seeded, model, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    if model is Attachment:  # the seed texts come without their PDF
        Attachment.objects.create(
            dispatch=Dispatch.objects.get(number=1153),
            title="1153-UBND-KGVX.pdf",
            file=SimpleUploadedFile("1153.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
    if model is AuditEvent:  # the trail is written by the code, read in the admin
        record(AuditEvent.Kind.PUBLISH, target=Dispatch.objects.get(number=1153))
    if model in RECEIPT_MODELS:  # the seed has no receipts: confirm one, with a report
        seed_receipts()
    if model is Correction:
        correct_dispatch(
            dispatch=Dispatch.objects.get(number=29),
            by=None,
            changes={"place": "Đặc khu Kiên Hải"},
            reason="Sai địa danh",
        )
    if model in (ScamReport, ReportScreenshot):  # citizens' reports come from /phan-anh/
        submit_report(
            channel="sms",
            province="An Giang",
            consent_text="Tôi đồng ý …",
            screenshots=[CleanImage(b"jpeg bytes", 1, 1)],
        )
    if model in ALERT_MODELS:  # a subscriber alerted of a dispatch
        SentAlertFactory(dispatch=Dispatch.objects.get(number=1153))
    if model is StaffMembership:
        StaffUserFactory(organisation=Dispatch.objects.get(number=29).issuer)
    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    assert admin_client_logged_in.get(reverse(f"{base}_changelist")).status_code == 200
    expected_add = 403 if model in SERVICE_WRITTEN else 200
    assert admin_client_logged_in.get(reverse(f"{base}_add")).status_code == expected_add
    obj = model.objects.first()
    assert obj is not None, f"the seed has no {opts.verbose_name}"
    assert admin_client_logged_in.get(reverse(f"{base}_change", args=[obj.pk])).status_code == 200


# Working data of one clerk, never an admin page of its own: a scan being read by OCR (its
# progress and crops are served by the dispatch admin's import pages, to that clerk only).
NOT_IN_THE_ADMIN = {ScanImport}


def test_every_model_of_the_app_is_registered():
    from django.apps import apps

    models = {
        model
        for model in apps.get_app_config("advisories").get_models()
        if not model.__name__.startswith("Historical")  # django-simple-history's tables
    }
    assert models == set(ADVISORY_MODELS) | NOT_IN_THE_ADMIN


def test_dispatch_change_page_has_every_inline_and_the_public_link(admin_client_logged_in, seeded):
    dispatch = Dispatch.objects.get(number=1153)
    url = reverse("admin:advisories_dispatch_change", args=[dispatch.pk])
    page = admin_client_logged_in.get(url).content.decode()
    for heading in [
        "Kính gửi",
        "Văn bản dẫn chiếu",
        "Nhiệm vụ",
        "Nội dung tuyên truyền",
        "Nơi nhận",
        "Tệp đính kèm",
    ]:
        assert heading.lower() in page.lower(), heading
    assert "Xem trên trang web" in page or dispatch.get_absolute_url() in page


def test_changelist_search_and_filters(admin_client_logged_in, seeded):
    url = reverse("admin:advisories_dispatch_changelist")
    page = admin_client_logged_in.get(url, {"q": "VHTT"}).content.decode()
    assert "/UBND-VHTT" in page
    assert "2152/SYT-CNTTTT" not in page
    filtered = admin_client_logged_in.get(url, {"year": "2024"}).content.decode()
    assert "/UBND-VHTT" in filtered
    assert "1153/UBND-KGVX" not in filtered


def test_saving_in_the_admin_refreshes_the_search_text(admin_client_logged_in, seeded):
    dispatch = DispatchFactory(draft=True, subject="tuyên truyền thủ đoạn mới")
    url = reverse("admin:advisories_dispatch_change", args=[dispatch.pk])
    data = change_form_data(admin_client_logged_in.get(url))
    data["subject"] = "Cảnh báo thủ đoạn Zalo giả mạo"
    response = admin_client_logged_in.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    dispatch.refresh_from_db()
    assert "zalo gia mao" in dispatch.search_text
