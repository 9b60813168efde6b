"""Triage of citizens' scam reports: the queue of the account's province (access.report_queue),
statuses, notes, a pattern and the signs the report names; each save is one triage_report call.
The citizen's words are read-only; screenshots are served only through this admin."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from .. import access
from ..models import ReportScreenshot, ScamReport
from ..services.reports import triage_report
from .indicators import parse_line
from .scoped import ReadOnlyMixin


class TriageForm(forms.ModelForm):
    add_indicators = forms.CharField(
        label="Thêm dấu hiệu",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mỗi dòng một dấu hiệu, ví dụ “Số điện thoại: 0912 345 678”, "
        "“Link: solienlac-edu.vn”, “Tài khoản: 0123456789 Vietcombank”.",
    )

    class Meta:
        model = ScamReport
        fields = ["status", "verified", "pattern", "staff_notes"]

    def entries(self):
        lines = self.cleaned_data.get("add_indicators", "").splitlines()
        return [entry for line in lines if (entry := parse_line(line))]


@admin.register(ScamReport)
class ScamReportAdmin(admin.ModelAdmin):
    form = TriageForm
    list_display = ["__str__", "created_at", "status", "verified", "amount_lost"]
    list_filter = ["status", "verified", "channel"]
    search_fields = ["used", "what_happened"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "province",
        "channel",
        "used",
        "amount_lost",
        "what_happened",
        "contact",
        "screenshot_links",
        "signs",
        "passed_challenge",
        "consent_text",
        "consented_at",
        "personal_data_erased_at",
    ]
    fieldsets = [
        (
            "Người dân phản ánh",
            {
                "fields": [
                    "created_at",
                    "province",
                    "channel",
                    "used",
                    "amount_lost",
                    "what_happened",
                    "contact",
                    "screenshot_links",
                    "passed_challenge",
                ]
            },
        ),
        (
            "Xử lý",
            {"fields": ["status", "verified", "pattern", "staff_notes", "signs", "add_indicators"]},
        ),
        (
            "Đồng ý xử lý dữ liệu cá nhân",
            {"fields": ["consent_text", "consented_at", "personal_data_erased_at"]},
        ),
    ]

    def get_queryset(self, request):
        return access.report_queue(request.user).select_related("pattern")

    def has_add_permission(self, request):
        return False  # reports come from citizens (/phan-anh/)

    def has_delete_permission(self, request, obj=None):
        return False  # withdrawn by the reporter, erased by the retention command

    @admin.display(description="ảnh chụp màn hình")
    def screenshot_links(self, obj):
        shots = list(obj.screenshots.all())
        if not shots:
            return "—"
        return format_html_join(
            ", ",
            '<a href="{}">Ảnh {} ({}×{})</a>',
            (
                (
                    reverse("admin:advisories_scamreport_screenshot", args=[obj.pk, s.pk]),
                    n,
                    s.width,
                    s.height,
                )
                for n, s in enumerate(shots, start=1)
            ),
        )

    @admin.display(description="dấu hiệu đã liên kết")
    def signs(self, obj):
        found = list(obj.indicators.all())
        return format_html("{}", ", ".join(str(i) for i in found)) if found else "—"

    def save_model(self, request, obj, form, change):
        triage_report(
            report=obj,
            by=request.user,
            status=form.cleaned_data["status"],
            verified=form.cleaned_data["verified"],
            pattern=form.cleaned_data["pattern"],
            staff_notes=form.cleaned_data["staff_notes"],
            add_indicators=form.entries(),
        )

    def save_related(self, request, form, formsets, change):
        pass  # everything is written by triage_report

    def get_urls(self):
        view = self.admin_site.admin_view(self.screenshot_view)
        name = "advisories_scamreport_screenshot"
        return [path("<int:pk>/anh/<int:shot>/", view, name=name), *super().get_urls()]

    def screenshot_view(self, request, pk, shot):
        report = self.get_queryset(request).filter(pk=pk).first()
        if report is None:
            raise Http404("Không có phản ánh này trong hàng đợi của bạn.")
        if not self.has_view_permission(request, report):
            raise PermissionDenied
        image = report.screenshots.filter(pk=shot).first()
        if image is None:
            raise Http404("Không có ảnh này.")
        response = FileResponse(image.image.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(ReportScreenshot)
class ReportScreenshotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The screenshots of the reports in the account's queue (read-only, cleaned at upload)."""

    list_display = ["__str__", "width", "height"]
    fields = ["report", "width", "height", "view_link"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(report__in=access.report_queue(request.user))

    @admin.display(description="ảnh")
    def view_link(self, obj):
        url = reverse("admin:advisories_scamreport_screenshot", args=[obj.report_id, obj.pk])
        return format_html('<a href="{}">Xem ảnh</a>', url)
