"""The steps of a dispatch's life in the admin: publish, withdraw, correct, and forward a
received one. Each view checks scope and permission, then calls one service function.

Further staff steps (e.g. "Nhập từ văn bản", importing a dispatch from text or PDF) add their
URL to `workflow_urls` and their button to change_list_object_tools.html.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .. import access
from ..access import scope_for
from ..audit import Origin
from ..models import Dispatch
from ..selectors import dispatch_recipients, forwards_by, received_dispatches
from ..services import (
    NotPublishable,
    correct_dispatch,
    forward_dispatch,
    publish_dispatch,
    withdraw_dispatch,
)
from .forms import CorrectionForm, ForwardForm, WithdrawForm


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _published_message(dispatch, recipients) -> str:
    message = f"Đã ban hành {dispatch.number_symbol}; trang công khai đã mở."
    if recipients.with_email:
        message += f" Đã xếp lịch gửi thư đề nghị xác nhận cho {len(recipients.with_email)} đơn vị."
    if recipients.without_email:
        names = ", ".join(u.name for u in recipients.without_email[:5])
        more = len(recipients.without_email) - 5
        names += f" và {more} đơn vị khác" if more > 0 else ""
        message += (
            f" {len(recipients.without_email)} đơn vị chưa có địa chỉ thư ({names}): "
            "hãy báo cho các đơn vị này bằng cách khác."
        )
    return message


def publish_confirmation(model_admin, request, drafts, *, bulk: bool):
    """Ban hành, in two steps: the page says what will happen to each draft (its public page,
    how many units are mailed, which have no address, what still keeps it from publication);
    its POST (`post=yes`) publishes those that may be."""
    previews = [
        {
            "dispatch": draft,
            "recipients": dispatch_recipients(dispatch=draft),
            "problems": [m for ms in draft.publication_problems().values() for m in ms],
        }
        for draft in drafts
    ]
    if request.method == "POST" and request.POST.get("post") == "yes":
        published = 0
        for preview in previews:
            if preview["problems"]:
                number_symbol = preview["dispatch"].number_symbol
                messages.error(
                    request, f"Chưa ban hành {number_symbol}: " + " ".join(preview["problems"])
                )
                continue
            try:
                dispatch = publish_dispatch(
                    dispatch=preview["dispatch"], by=request.user, origin=Origin.of(request)
                )
            except NotPublishable as error:
                messages.error(request, " ".join(error.messages))
                continue
            published += 1
            messages.success(request, _published_message(dispatch, preview["recipients"]))
        if bulk and published != len(previews):
            messages.warning(
                request,
                f"{len(previews) - published} bản nháp chưa ban hành được: hãy hoàn thiện rồi "
                "ban hành lại.",
            )
        if bulk or not published:
            return redirect(reverse("admin:advisories_dispatch_changelist"))
        return redirect(reverse("admin:advisories_dispatch_change", args=[drafts[0].pk]))
    title = "Ban hành văn bản" if bulk else f"Ban hành văn bản {drafts[0].number_symbol}"
    return model_admin._render(
        request,
        "admin/advisories/dispatch/publish_confirm.html",
        {
            "title": title,
            "previews": previews,
            "bulk": bulk,
            "publishable": any(not p["problems"] for p in previews),
            "action_checkbox_name": "_selected_action",
        },
    )


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

    def _step_form(self, request, *, dispatch, form, title, submit_label, intro="", existing=()):
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
                "existing": existing,
                "media": self.media + form.media,
            },
        )

    # --- Ban hành ---------------------------------------------------------------------------

    def publish_view(self, request, pk):
        dispatch = self.get_object(request, pk)
        if not access.can_publish(request.user, dispatch):
            raise PermissionDenied
        return publish_confirmation(self, request, [dispatch], bulk=False)

    # --- Thu hồi ----------------------------------------------------------------------------

    def _run_step(self, request, *, dispatch, form, write, done, **page):
        """A step page: on a valid POST call `write(form)` (a service), word its
        ValidationError on the form, or say `done` and go back to the dispatch."""
        if request.method == "POST" and form.is_valid():
            try:
                write(form)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(self._change_url(dispatch))
        return self._step_form(request, dispatch=dispatch, form=form, **page)

    def withdraw_view(self, request, pk):
        dispatch = self.get_object(request, pk)
        if not access.can_withdraw(request.user, dispatch):
            raise PermissionDenied
        return self._run_step(
            request,
            dispatch=dispatch,
            form=WithdrawForm(request.POST or None),
            write=lambda form: withdraw_dispatch(
                dispatch=dispatch,
                by=request.user,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
                origin=Origin.of(request),
            ),
            done=f"Đã thu hồi {dispatch.number_symbol}.",
            title=f"Thu hồi văn bản {dispatch.number_symbol}",
            submit_label="Thu hồi văn bản",
            intro="Trang công khai vẫn còn, với thông báo đã thu hồi, ngày và lý do.",
        )

    # --- Đính chính -------------------------------------------------------------------------

    def correct_view(self, request, pk):
        dispatch = self.get_object(request, pk)
        if not access.can_correct(request.user, dispatch):
            raise PermissionDenied
        return self._run_step(
            request,
            dispatch=dispatch,
            form=CorrectionForm(
                request.POST or None, instance=Dispatch.objects.get(pk=dispatch.pk)
            ),
            write=lambda form: correct_dispatch(
                dispatch=dispatch,
                by=request.user,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                origin=Origin.of(request),
            ),
            done=f"Đã đính chính {dispatch.number_symbol}.",
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
        received = received_dispatches(organisation_id=home)
        return self._render(
            request,
            "admin/advisories/dispatch/received.html",
            {"title": "Văn bản đến: chuyển tiếp / sao gửi", "received": received},
        )

    def forward_view(self, request, pk):
        source = get_object_or_404(Dispatch.objects.select_related("issuer"), pk=pk)
        if not access.can_forward(request.user, source):
            raise PermissionDenied
        existing = list(forwards_by(organisation_id=scope_for(request.user).home_id, source=source))
        form = ForwardForm(request.POST or None, existing=existing)
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
            existing=existing,
        )
