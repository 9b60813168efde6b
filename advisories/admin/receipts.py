"""Following up receipts in the admin: per dispatch the counts, the pending units with their
contacts, directive progress, a rate-limited resend, a CSV export, and the chain's progress."""

import datetime as dt

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..access import followable_dispatches
from ..models import Delivery, DirectiveReport, NoticeRound, ReceiptToken
from ..models.receipts import is_receiving
from ..receipts import stats
from ..receipts.export import csv_rows
from .scoped import FollowedDispatchesMixin, NotFoundOutsideScopeMixin, ReadOnlyMixin

PENDING_PER_PAGE = 50


class ReceiptStateFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "tinh-trang"

    def lookups(self, request, model_admin):
        return [
            ("da-xac-nhan", "Đã xác nhận"),
            ("chua-xac-nhan", "Chưa xác nhận"),
            ("loi-gui-thu", "Gửi thư bị lỗi"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "da-xac-nhan":
                return queryset.confirmed()
            case "chua-xac-nhan":
                return queryset.pending()
            case "loi-gui-thu":
                return queryset.pending().exclude(last_error="")
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(
    FollowedDispatchesMixin, ReadOnlyMixin, NotFoundOutsideScopeMixin, admin.ModelAdmin
):
    list_display = [
        "dispatch",
        "organisation",
        "state_col",
        "confirmed_at",
        "confirmed_by_name",
        "notified_at",
        "notice_attempts",
        "error_col",
    ]
    list_filter = [ReceiptStateFilter, "confirmed_via"]
    search_fields = ["organisation__name", "dispatch__symbol", "=dispatch__number"]
    list_select_related = ["dispatch", "organisation"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["revoke_links"]

    @admin.display(description="tình trạng")
    def state_col(self, obj):
        if obj.is_confirmed:
            return "Đã xác nhận"
        if not obj.is_open:
            return _("Văn bản đã thu hồi")
        return "Quá hạn" if obj.is_overdue else "Chưa xác nhận"

    @admin.display(description="lỗi gửi thư")
    def error_col(self, obj):
        return obj.last_error[:80] or "—"

    @admin.action(description="Thu hồi các đường dẫn xác nhận của đơn vị đã chọn")
    def revoke_links(self, request, queryset):
        revoked = sum(services.revoke_tokens(delivery=d) for d in queryset)
        self.message_user(request, f"Đã thu hồi {revoked} đường dẫn.", messages.SUCCESS)

    # --- Dashboard views -------------------------------------------------------------------

    def get_urls(self):
        def view(func, methods_post=False):
            wrapped = require_POST(func) if methods_post else func
            return self.admin_site.admin_view(wrapped)

        return [
            path(
                "theo-doi/<int:dispatch_id>/", view(self.dashboard_view), name="receipt_dashboard"
            ),
            path("theo-doi/<int:dispatch_id>/csv/", view(self.csv_view), name="receipt_csv"),
            path("theo-doi/<int:dispatch_id>/chuoi/", view(self.chain_view), name="receipt_chain"),
            path(
                "theo-doi/<int:dispatch_id>/gui-lai/",
                view(self.resend_view, methods_post=True),
                name="receipt_resend",
            ),
            path(
                "theo-doi/<int:dispatch_id>/bat-dau/",
                view(self.start_view, methods_post=True),
                name="receipt_start",
            ),
            *super().get_urls(),
        ]

    def _dispatch(self, request, dispatch_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            followable_dispatches(request.user).select_related("issuer"), pk=dispatch_id
        )

    def dashboard_view(self, request, dispatch_id):
        dispatch = self._dispatch(request, dispatch_id)
        pending = dispatch.deliveries.pending().for_dashboard()
        page = Paginator(pending, PENDING_PER_PAGE).get_page(request.GET.get("trang"))
        last_round = stats.last_notice_round(dispatch=dispatch)
        next_resend = (
            last_round.started_at + dt.timedelta(minutes=settings.RECEIPT_RESEND_MINUTES)
            if last_round
            else None
        )
        receiving = is_receiving(dispatch)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Theo dõi xác nhận: {dispatch.number_symbol}",
            "opts": self.model._meta,
            "dispatch": dispatch,
            "counts": stats.receipt_counts(dispatch=dispatch),
            "page": page,
            "progress": stats.directive_progress(dispatch=dispatch),
            "recently_confirmed": stats.recently_confirmed(dispatch=dispatch, count=10),
            "last_round": last_round,
            "next_resend": next_resend,
            "receiving": receiving,
            "can_resend": receiving and (next_resend is None or next_resend <= timezone.now()),
            "due_hours": settings.RECEIPT_DUE_HOURS,
        }
        return TemplateResponse(request, "admin/advisories/receipts/dashboard.html", context)

    def csv_view(self, request, dispatch_id):
        dispatch = self._dispatch(request, dispatch_id)
        response = StreamingHttpResponse(
            csv_rows(dispatch=dispatch), content_type="text/csv; charset=utf-8"
        )
        name = f"xac-nhan-{dispatch.number or dispatch.pk}-{dispatch.symbol}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def chain_view(self, request, dispatch_id):
        dispatch = self._dispatch(request, dispatch_id)
        root = stats.chain_progress(dispatch=dispatch)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Tình hình nhận văn bản theo chuỗi: {dispatch.number_symbol}",
            "opts": self.model._meta,
            "dispatch": dispatch,
            "nodes": list(root.walk()) if root else [],
        }
        return TemplateResponse(request, "admin/advisories/receipts/chain.html", context)

    def resend_view(self, request, dispatch_id):
        dispatch = self._dispatch(request, dispatch_id)
        try:
            services.resend_to_pending(dispatch=dispatch, by=request.user)
        except services.ReceiptsClosed:
            self.message_user(
                request,
                _("Văn bản đã bị thu hồi: không gửi lại thư cho các đơn vị."),
                messages.ERROR,
            )
        except services.ResendTooSoon as error:
            when = timezone.localtime(error.next_allowed_at).strftime("%H:%M %d/%m/%Y")
            self.message_user(
                request,
                f"Vừa gửi thông báo cho văn bản này; có thể gửi lại từ {when}.",
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                "Đã xếp lịch gửi lại thư cho các đơn vị chưa xác nhận.",
                messages.SUCCESS,
            )
        return redirect(reverse("admin:receipt_dashboard", args=[dispatch.pk]))

    def start_view(self, request, dispatch_id):
        dispatch = self._dispatch(request, dispatch_id)
        if services.start_receipt_tracking(dispatch=dispatch, by=request.user) is None:
            self.message_user(request, "Chỉ theo dõi được văn bản đã ban hành.", messages.ERROR)
        else:
            self.message_user(request, "Đã lập danh sách đơn vị nhận và xếp lịch gửi thư.")
        return redirect(reverse("admin:receipt_dashboard", args=[dispatch.pk]))


class ReceiptRecordAdmin(
    FollowedDispatchesMixin, ReadOnlyMixin, NotFoundOutsideScopeMixin, admin.ModelAdmin
):
    """Records of the receipts written only by the services, for the dispatches followed."""


@admin.register(DirectiveReport)
class DirectiveReportAdmin(ReceiptRecordAdmin):
    list_display = ["directive", "delivery", "status", "reported_on", "reported_by_name"]
    list_filter = ["status"]
    search_fields = ["delivery__organisation__name", "directive__dispatch__symbol"]
    list_select_related = ["directive", "delivery__dispatch", "delivery__organisation"]

    dispatch_field = "delivery__dispatch"


@admin.register(NoticeRound)
class NoticeRoundAdmin(ReceiptRecordAdmin):
    list_display = ["dispatch", "kind", "started_at", "started_by"]
    list_filter = ["kind"]
    list_select_related = ["dispatch", "started_by"]


@admin.register(ReceiptToken)
class ReceiptTokenAdmin(ReceiptRecordAdmin):
    """Links are listed (never their secret, which is not stored) so that they can be revoked."""

    list_display = ["delivery", "created_at", "expires_at", "revoked_at"]
    exclude = ["token_hash"]
    list_select_related = ["delivery__dispatch", "delivery__organisation"]
    actions = ["revoke"]

    dispatch_field = "delivery__dispatch"

    @admin.action(description="Thu hồi các đường dẫn đã chọn")
    def revoke(self, request, queryset):
        revoked = services.revoke_token_ids(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"Đã thu hồi {revoked} đường dẫn.", messages.SUCCESS)
