"""Triage in the admin: a province's staff see that province's reports only; a verified report
with its signs counts in "Kiểm tra"; personal data is erased after the retention time."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from advisories.models import Organisation, ScamReport
from advisories.services import IndicatorInput
from advisories.services.reports import erase_expired_personal_data, submit_report, triage_report


def _report(province="An Giang", **extra):
    report, _ = submit_report(
        channel="call",
        province=province,
        consent_text="Tôi đồng ý …",
        what_happened="Bị gọi điện giả danh công an.",
        used="0912 345 678",
        contact="0987 000 111",
        **extra,
    )
    return report


def _change(report):
    return reverse("admin:advisories_scamreport_change", args=[report.pk])


def test_the_provinces_clerk_sees_its_reports_only(make_staff, seeded):
    ours, theirs = _report("An Giang"), _report("Nghệ An")
    clerk = make_staff(Organisation.objects.get(slug="so-y-te-an-giang"), "clerk")
    listing = clerk.get(reverse("admin:advisories_scamreport_changelist"))
    assert listing.status_code == 200
    assert _change(ours) in listing.content.decode()
    assert _change(theirs) not in listing.content.decode()
    # Another province's report is outside the clerk's queue (get_queryset), so the change view
    # answers as for a missing object, the admin's redirect to its index, whatever the method
    # (as tests/advisories/admin/test_scoping.py expects of every ScamReport page).
    for response in (
        clerk.get(_change(theirs)),
        clerk.post(_change(theirs), {"status": "closed", "verified": "on"}),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:index")
    assert ScamReport.objects.get(pk=theirs.pk).status == "new"


def test_a_clerk_verifies_a_report_and_kiem_tra_counts_it(make_staff, seeded, client):
    report = _report()
    check = reverse("advisories:check")
    assert "phản ánh của người dân" not in client.get(check, {"q": "0912345678"}).content.decode()
    clerk = make_staff(Organisation.objects.get(slug="so-y-te-an-giang"), "clerk")
    response = clerk.post(
        _change(report),
        {
            "status": "forwarded",
            "verified": "on",
            "pattern": "",
            "staff_notes": "Đã chuyển Công an tỉnh.",
            "add_indicators": "Số điện thoại: 0912 345 678",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    report.refresh_from_db()
    assert report.status == "forwarded" and report.verified
    page = client.get(check, {"q": "+84912345678"}).content.decode()
    assert "phản ánh của người dân đã được xác minh" in page
    assert "1 phản ánh" in page
    assert "0987 000 111" not in page  # never the reporter


def test_an_unverified_report_is_not_counted(client, seeded):
    report = _report()
    triage_report(
        report=report,
        by=None,
        status="verifying",
        verified=False,
        add_indicators=[IndicatorInput(kind="phone", text="0912345678")],
    )
    page = client.get(reverse("advisories:check"), {"q": "0912345678"}).content.decode()
    assert "phản ánh của người dân" not in page


def test_another_provinces_staff_cannot_triage_through_the_service(seeded):
    from django.core.exceptions import PermissionDenied

    from tests.factories import StaffUserFactory

    report = _report("Nghệ An")
    clerk = StaffUserFactory(organisation=Organisation.objects.get(slug="so-y-te-an-giang"))
    with pytest.raises(PermissionDenied):
        triage_report(report=report, by=clerk, status="closed", verified=True)


def test_personal_data_is_erased_after_the_retention_time(settings, db, capsys):
    settings.REPORT_RETENTION_DAYS = 180
    old, recent = _report(), _report()
    ScamReport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=181))
    call_command("purge_reports")
    assert "1 phản ánh" in capsys.readouterr().out
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.what_happened == "" and old.contact == "" and old.personal_data_erased_at
    assert old.channel == "call" and old.province == "An Giang"  # the anonymous facts stay
    assert recent.contact == "0987 000 111"
    assert erase_expired_personal_data() == 0  # once only
