"""Report a scam (/phan-anh/) and look a report up by its reference code, without an account.

Never cached (each form carries its own challenge); the reference code travels only in POST
bodies, never in an address that logs or referrers would keep."""

import json

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal import ratelimit

from ..models import Organisation
from ..reports import challenge
from ..reports.consent import consent_text
from ..reports.forms import ReferenceCodeForm, ReportForm
from ..services.reports import already_submitted, find_report, submit_report, withdraw_report

# Seconds a citizen is asked to wait before sending again when the database failed.
RETRY_AFTER_SECONDS = 30


def _private(response):
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _provinces():
    """Staff's province names beside the form's own list; the list alone when the database
    does not answer (the form still shows, and says so when it is sent)."""
    rows = Organisation.objects.exclude(province="")
    try:
        return set(rows.values_list("province", flat=True).distinct())
    except DatabaseError:
        return set()


def _form_page(request, form, status=200):
    """The form, bound or not; rendering it reads nothing from the database (the provinces
    were read when the form was built), so it can answer when the database cannot."""
    return _private(
        render(
            request,
            "advisories/reports/form.html",
            {
                "form": form,
                "consent_text": consent_text(),
                "challenge_json": json.dumps(challenge.new_challenge()),
            },
            status=status,
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    if request.method == "GET":
        return _form_page(request, ReportForm(provinces=_provinces()))
    form = ReportForm(request.POST, request.FILES, provinces=_provinces())
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        return _take(request, form)
    except DatabaseError:
        # Nothing was stored (the transaction rolled back): the citizen keeps what they wrote
        # and sends it again; the form's key makes a retry store it once.
        return _not_saved_page(request, form)


def _take(request, form):
    """Store the valid report `form` holds (once), or say why not."""
    # The same form sent again (its answer was lost, the page reloaded): the stored report is
    # shown again with its code, before the challenge, which that first sending used up.
    if sent := already_submitted(form.cleaned_data["submission"]):
        return _done_page(request, *sent, status=200)
    passed = challenge.verify(form.cleaned_data["altcha"]) if form.cleaned_data["altcha"] else False
    if form.cleaned_data["altcha"] and not passed:
        form.add_error(None, _("Trang đã quá hạn hoặc đã được gửi: hãy gửi lại."))
        return _form_page(request, form, status=400)
    # Without the challenge (no JavaScript) fewer reports are taken from one client.
    limit = settings.REPORTS_PER_HOUR if passed else settings.REPORTS_PER_HOUR_WITHOUT_CHALLENGE
    scope = "reports" if passed else "reports:unchallenged"
    retry = ratelimit.hit(scope, ratelimit.client_key(request), limit=limit, window=3600)
    if retry is not None:
        return ratelimit.too_many_requests(request, retry)
    data = form.cleaned_data
    saved, code = submit_report(
        channel=data["channel"],
        province=data["province"],
        consent_text=consent_text(),
        what_happened=data["what_happened"],
        used=data["used"],
        amount_lost=data["amount_lost"],
        contact=data["contact"],
        screenshots=data["screenshots"],
        passed_challenge=passed,
        submission_key=data["submission"],
    )
    # Shown after the commit: the report is safe in the database when the code appears.
    return _done_page(request, saved, code, status=201)


def _done_page(request, saved, code, status):
    context = {"code": code, "report": saved}
    return _private(render(request, "advisories/reports/done.html", context, status=status))


def _not_saved_page(request, form):
    form.add_error(
        None,
        _(
            "Cổng đang gặp sự cố nên chưa lưu được phản ánh của bạn. Nội dung bạn đã nhập vẫn "
            "còn dưới đây: hãy đánh dấu lại ô đồng ý và bấm “Gửi phản ánh” sau ít phút. "
            "Ảnh chụp màn hình (nếu có) cần chọn lại."
        ),
    )
    response = _form_page(request, form, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def report_lookup(request):
    """Tra cứu phản ánh: its status, and withdrawing it (deleting its personal data)."""
    form = ReferenceCodeForm(request.POST or None)
    found, withdrawn, status = None, False, 200
    if request.method == "POST":
        retry = ratelimit.hit("reports:lookup", ratelimit.client_key(request), limit=20, window=600)
        if retry is not None:
            return ratelimit.too_many_requests(request, retry)
        if form.is_valid():
            found = find_report(form.cleaned_data["code"])
            if found is None:
                form.add_error("code", _("Không có phản ánh nào với mã này (hoặc đã rút)."))
                status = 404
            elif request.POST.get("action") == "withdraw":
                withdraw_report(report=found)
                found, withdrawn = None, True
        else:
            status = 400
    return _private(
        render(
            request,
            "advisories/reports/lookup.html",
            {"form": form, "found": found, "withdrawn": withdrawn},
            status=status,
        )
    )
