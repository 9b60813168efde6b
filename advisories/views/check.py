""" "Kiểm tra số điện thoại, đường link": one box, GET ?q=, cached like every public page."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from ..cache_tags import DIRECTORY, INDICATORS, LISTS, REPORTS
from ..caching import public_page
from ..indicators.check import MAX_QUERY_LENGTH, check_indicator


# What it prints: signs, the published dispatches naming them, verified reports, official numbers.
@public_page(params=("q",), tags=(INDICATORS, LISTS, REPORTS, DIRECTORY))
def check(request):
    """What the portal knows of what the citizen pasted; always with "no record is not safe"."""
    query = request.GET.get("q", "")
    error, result, status = "", None, 200
    if len(query) > MAX_QUERY_LENGTH * 2:
        error = _("Nội dung quá dài: hãy dán một số điện thoại, một đường link hoặc một tên.")
        status = 400
    elif query.strip():
        result = check_indicator(query)
        if not result.readings:
            error = _(
                "Không đọc được “%(query)s” là số điện thoại, đường link, số tài khoản hay tên "
                "ứng dụng. Hãy dán đúng số hoặc đường link nhận được."
            ) % {"query": result.query[:80]}
            status = 400
    return render(
        request,
        "advisories/check.html",
        {"query": query[: MAX_QUERY_LENGTH * 2], "result": result, "error": error},
        status=status,
    )
