"""The steps of a dispatch's life in the admin: publish, withdraw, correct, and forward a
received one. Each view checks scope and permission, then calls one service function.

Further staff steps (e.g. "Nhập từ văn bản", importing a dispatch from text or PDF) add their
URL to `workflow_urls` and their button to change_list_object_tools.html.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import permissions
from ..models import Dispatch, Reference
from ..scoping import scope_for
from ..services import correct_dispatch, forward_dispatch, publish_dispatch, withdraw_dispatch
from .forms import CorrectionForm, ForwardForm, WithdrawForm


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DispatchWorkflowMixin:
    """Custom admin URLs of DispatchAdmin. Mixed into a ModelAdmin."""

    def workflow_urls(self):
        view = self.admin_site.admin_view
        return [
            path("den/", view(self.received_view), name="advisories_dispatch_received"),
            path(
                "<int:pk>/chuyen-tiep/",
                view(self.forward_view),
                name="advisories_dispatch_forward",
            ),
            path("<int:pk>/ban-hanh/", view(self.publish_view), name="advisories_dispatch_publish"),
            path(
                "<int:pk>/thu-hoi/", view(self.withdraw_view), name="advisories_dispatch_withdraw"
            ),
            path(
                "<int:pk>/dinh-chinh/",
                view(self.correct_view),
                name="advisories_dispatch_correct",
            ),
        ]

    def get_urls(self):
        return self.workflow_urls() + super().get_urls()

    def _change_url(self, dispatch):
        return reverse("admin:advisories_dispatch_change", args=[dispatch.pk])

    def _render(self, request, template, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            **context,
        }
        return TemplateResponse(request, template, context)

    def _step_form(self, request, *, dispatch, form, title, submit_label, intro=""):
        return self._render(
            request,
            "admin/advisories/dispatch/step_form.html",
            {
                "title": title,
                "dispatch": dispatch,
                "original": dispatch,
                "form": form,
                "submit_label": submit_label,
                "intro": intro,
                "media": self.media + form.media,
            },
        )

    # --- Ban hành ---------------------------------------------------------------------------

    def publish_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        dispatch = self.get_object(request, pk)
        if not permissions.can_publish(request.user, dispatch):
            raise PermissionDenied
        dispatch = publish_dispatch(dispatch=dispatch, by=request.user)
        messages.success(request, f"Đã ban hành {dispatch.number_symbol}; trang công khai đã mở.")
        return redirect(self._change_url(dispatch))

    # --- Thu hồi ----------------------------------------------------------------------------

    def withdraw_view(self, request, pk):
        dispatch = self.get_object(request, pk)
        if not permissions.can_withdraw(request.user, dispatch):
            raise PermissionDenied
        form = WithdrawForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                withdraw_dispatch(
                    dispatch=dispatch,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["on"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Đã thu hồi {dispatch.number_symbol}.")
                return redirect(self._change_url(dispatch))
        return self._step_form(
            request,
            dispatch=dispatch,
            form=form,
            title=f"Thu hồi văn bản {dispatch.number_symbol}",
            submit_label="Thu hồi văn bản",
            intro="Trang công khai vẫn còn, với thông báo đã thu hồi, ngày và lý do.",
        )

    # --- Đính chính -------------------------------------------------------------------------

    def correct_view(self, request, pk):
        dispatch = self.get_object(request, pk)
        if not permissions.can_correct(request.user, dispatch):
            raise PermissionDenied
        form = CorrectionForm(request.POST or None, instance=Dispatch.objects.get(pk=dispatch.pk))
        if request.method == "POST" and form.is_valid():
            try:
                correct_dispatch(
                    dispatch=dispatch,
                    by=request.user,
                    changes=form.changes(),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Đã đính chính {dispatch.number_symbol}.")
                return redirect(self._change_url(dispatch))
        return self._step_form(
            request,
            dispatch=dispatch,
            form=form,
            title=f"Đính chính văn bản {dispatch.number_symbol}",
            submit_label="Ghi đính chính",
            intro="Sửa những chỗ sai rồi ghi lý do; chỉ các trường đã sửa được ghi nhận.",
        )

    # --- Văn bản đến, chuyển tiếp / sao gửi ------------------------------------------------

    def received_view(self, request):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        home = scope_for(request.user).home_id
        if home is None or not request.user.has_perm("advisories.add_dispatch"):
            raise PermissionDenied
        forwarded = Reference.objects.filter(target=OuterRef("pk"), citing__issuer_id=home)
        received = (
            Dispatch.objects.published()
            .addressed_to(home)
            .annotate(already_forwarded=Exists(forwarded))
            .for_listing()
        )
        return self._render(
            request,
            "admin/advisories/dispatch/received.html",
            {"title": "Văn bản đến: chuyển tiếp / sao gửi", "received": received},
        )

    def forward_view(self, request, pk):
        source = get_object_or_404(Dispatch.objects.select_related("issuer"), pk=pk)
        if not permissions.can_forward(request.user, source):
            raise PermissionDenied
        form = ForwardForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            draft = forward_dispatch(source=source, by=request.user, kind=form.cleaned_data["kind"])
            messages.success(
                request,
                "Đã tạo bản nháp chuyển tiếp. Hãy ghi số, hoàn thiện ký hiệu (ví dụ "
                f"{draft.symbol}-CNTTTT), người ký, rồi lưu; lãnh đạo sẽ ban hành.",
            )
            return redirect(self._change_url(draft))
        return self._step_form(
            request,
            dispatch=source,
            form=form,
            title=f"Chuyển tiếp / sao gửi {source.number_symbol}",
            submit_label="Tạo bản nháp chuyển tiếp",
            intro=(
                "Bản nháp mới của đơn vị bạn sẽ có sẵn: dẫn chiếu văn bản này, trích yếu, "
                "thủ đoạn lừa đảo, nội dung tuyên truyền, các đơn vị trực thuộc ở mục Kính gửi."
            ),
        )
