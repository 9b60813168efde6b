"""Receipt confirmation for units: the personal-link page (no account) and the inbox (account).

A GET never changes anything (mail scanners follow links); only a POST with its CSRF token
confirms or reports. The token in the URL decides the delivery; nothing in the form can point
at another unit's delivery. Once the dispatch is withdrawn both pages say so and take nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import services
from ..access import home_organisation
from ..audit import Origin
from ..models import Delivery, DirectiveReport, Dispatch
from ..receipts.forms import ConfirmReceiptForm, DirectiveReportForm
from ..services.receipts import directives_assigned

_STATUS = {"unknown": 404, "revoked": 410, "expired": 410}
# Deliveries a unit still sees: those of a public dispatch (in force or withdrawn).
_SHOWN = {"dispatch__status__in": (Dispatch.Status.PUBLISHED, Dispatch.Status.WITHDRAWN)}


def _private(response):
    """The page carries a personal link: keep it out of referrers sent to other sites, caches
    and search engines. (Not "no-referrer": browsers then send "Origin: null" with the form's
    POST, which Django's CSRF check rightly refuses.)"""
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _directive_rows(delivery, report_forms=None):
    """Each directive assigned to the unit with its report history (newest first) and a form."""
    report_forms = report_forms or {}
    directives = list(directives_assigned(delivery=delivery))
    history = {}
    for report in DirectiveReport.objects.filter(delivery=delivery).order_by("-pk"):
        history.setdefault(report.directive_id, []).append(report)
    default_name = delivery.confirmed_by_name
    return [
        {
            "directive": d,
            "history": history.get(d.pk, []),
            "current": (history.get(d.pk) or [None])[0],
            "form": report_forms.get(d.pk)
            or DirectiveReportForm(
                prefix_for=d.pk, initial={"directive": d.pk, "by_name": default_name}
            ),
        }
        for d in directives
    ]


def _already_confirmed(delivery) -> str:
    return _(
        "Văn bản đã được xác nhận trước đó, lúc %(when)s, người xác nhận: %(name)s "
        "(%(position)s). Lần xác nhận này không được ghi thêm."
    ) % {
        "when": timezone.localtime(delivery.confirmed_at).strftime("%H:%M %d/%m/%Y"),
        "name": delivery.confirmed_by_name,
        "position": delivery.confirmed_by_position,
    }


def _handle_post(request, delivery, *, confirm, report):
    """Run the posted action (confirm, or report on a directive).

    Returns (done, confirm form with errors, {directive id: report form with errors}); the
    services' ReceiptsClosed (a withdrawn dispatch) goes up to the view.
    """
    if request.POST.get("action") == "report":
        form = DirectiveReportForm(request.POST, prefix_for=request.POST.get("directive"))
        if form.is_valid():
            directive = next(
                (
                    d
                    for d in directives_assigned(delivery=delivery)
                    if d.pk == form.cleaned_data["directive"]
                ),
                None,
            )
            if directive is None:
                form.add_error(None, "Nhiệm vụ này không được giao cho đơn vị của bạn.")
            else:
                try:
                    report(
                        directive=directive,
                        status=form.cleaned_data["status"],
                        note=form.cleaned_data["note"],
                        reported_on=form.cleaned_data["reported_on"],
                        by_name=form.cleaned_data["by_name"],
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages)
                else:
                    messages.success(request, "Đã ghi nhận tiến độ thực hiện nhiệm vụ.")
                    return True, None, {}
        return False, None, {form.data.get("directive", ""): form}
    form = ConfirmReceiptForm(request.POST)
    if form.is_valid():
        try:
            confirmed = confirm(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if confirmed.just_confirmed:
                messages.success(request, "Đã xác nhận đơn vị nhận được văn bản. Xin cảm ơn.")
            else:  # confirmed meanwhile from another tab or by another person
                messages.info(request, _already_confirmed(confirmed))
            return True, None, {}
    return False, form, {}


def _render_delivery(
    request, template, delivery, *, confirm_form=None, report_forms=None, status=200
):
    # A form with errors is shown again under its own directive.
    report_forms = {int(k): v for k, v in (report_forms or {}).items() if str(k).isdigit()}
    directives = _directive_rows(delivery, report_forms)
    shown = {row["directive"].pk for row in directives}
    # A report about a directive not on this page (tampered form): say so at the top.
    stray_errors = [
        message
        for key, form in report_forms.items()
        if key not in shown
        for message in form.non_field_errors()
    ]
    context = {
        "delivery": delivery,
        "dispatch": delivery.dispatch,
        "issuer": delivery.dispatch.issuer,
        "confirm_form": confirm_form or ConfirmReceiptForm(),
        "directives": directives,
        "stray_errors": stray_errors,
    }
    return render(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def receipt_confirm(request, token):
    """The page behind a unit's personal link."""
    try:
        delivery, _ = services.receipts.delivery_for_token(token)
    except services.LinkNotUsable as error:
        context = {"reason": error.reason, "token": error.token}
        if error.token is not None:
            context["issuer"] = error.token.delivery.dispatch.issuer
            context["dispatch"] = error.token.delivery.dispatch
            context["delivery"] = error.token.delivery
        response = render(
            request,
            "advisories/receipts/link_unusable.html",
            context,
            status=_STATUS[error.reason],
        )
        return _private(response)
    if request.method == "POST":
        try:
            done, confirm_form, report_forms = _handle_post(
                request,
                delivery,
                confirm=lambda **f: services.confirm_receipt(
                    token=token, origin=Origin.of(request), **f
                ),
                report=lambda **f: services.report_directive(delivery=delivery, **f),
            )
        except services.ReceiptsClosed:
            delivery.refresh_from_db()
            delivery.dispatch.refresh_from_db()
            return _private(
                _render_delivery(request, "advisories/receipts/confirm.html", delivery, status=410)
            )
        if done:
            return _private(redirect(request.path))
        delivery.refresh_from_db()
        return _private(
            _render_delivery(
                request,
                "advisories/receipts/confirm.html",
                delivery,
                confirm_form=confirm_form,
                report_forms=report_forms,
                status=400,
            )
        )
    return _private(_render_delivery(request, "advisories/receipts/confirm.html", delivery))


def _inbox_organisation(request):
    organisation = home_organisation(request.user)
    if organisation is None:
        raise PermissionDenied("Tài khoản của bạn chưa được gắn với đơn vị nào.")
    return organisation


@never_cache
@login_required(login_url="admin:login")
def inbox(request):
    """Văn bản đến: the dispatches addressed to the account's organisation, newest first."""
    organisation = _inbox_organisation(request)
    deliveries = (
        Delivery.objects.filter(organisation=organisation, **_SHOWN)
        .select_related("dispatch__issuer")
        .order_by("confirmed_at", "-created_at", "-pk")
    )
    only = request.GET.get("loc")
    if only == "chua-xac-nhan":
        deliveries = deliveries.open().pending()
    page = Paginator(deliveries, 30).get_page(request.GET.get("trang"))
    return render(
        request,
        "advisories/receipts/inbox.html",
        {"organisation": organisation, "page": page, "only": only},
    )


@never_cache
@login_required(login_url="admin:login")
@require_http_methods(["GET", "POST"])
def inbox_delivery(request, pk):
    """One dispatch in the inbox, with the same confirm and report actions as the link page."""
    organisation = _inbox_organisation(request)
    delivery = get_object_or_404(
        Delivery.objects.select_related("dispatch__issuer", "organisation"),
        pk=pk,
        organisation=organisation,
        **_SHOWN,
    )
    if request.method == "POST":
        user = request.user
        try:
            done, confirm_form, report_forms = _handle_post(
                request,
                delivery,
                confirm=lambda **f: services.confirm_receipt_as_staff(
                    delivery=delivery, user=user, origin=Origin.of(request), **f
                ),
                report=lambda **f: services.report_directive_as_staff(
                    delivery=delivery, user=user, **f
                ),
            )
        except services.ReceiptsClosed:
            delivery.refresh_from_db()
            delivery.dispatch.refresh_from_db()
            return _render_delivery(
                request, "advisories/receipts/inbox_delivery.html", delivery, status=410
            )
        if done:
            return redirect(request.path)
        delivery.refresh_from_db()
        return _render_delivery(
            request,
            "advisories/receipts/inbox_delivery.html",
            delivery,
            confirm_form=confirm_form,
            report_forms=report_forms,
            status=400,
        )
    initial = {"name": request.user.get_full_name()}
    return _render_delivery(
        request,
        "advisories/receipts/inbox_delivery.html",
        delivery,
        confirm_form=ConfirmReceiptForm(initial=initial),
    )
