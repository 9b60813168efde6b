"""Public pages for citizens: no login, no session, Vietnamese first."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .. import selectors
from ..chain import build_chain
from ..models import Dispatch, Organisation, ScamPattern
from ..receipts.stats import public_receipt_totals
from ..text import fold

_NUMBERED_REF = re.compile(r"^(?P<number>\d+)-(?P<symbol>.+)$")
_UNNUMBERED_REF = re.compile(r"^id(?P<pk>\d+)(?:-.*)?$")


def _page(request, queryset, per_page=None):
    paginator = Paginator(queryset, per_page or settings.ADVISORIES_PER_PAGE)
    return paginator.get_page(request.GET.get("trang"))


def home(request):
    latest = Dispatch.objects.public().for_listing()[:6]
    return render(
        request,
        "advisories/home.html",
        {
            "latest": latest,
            "patterns": ScamPattern.objects.all(),
            "hotlines": selectors.organisations_with_hotline()[:8],
        },
    )


def dispatch_list(request):
    page = _page(request, Dispatch.objects.public().for_listing())
    return render(request, "advisories/dispatch_list.html", {"page": page})


def dispatch_detail(request, issuer, year, ref):
    if match := _NUMBERED_REF.match(ref):
        lookup = {"number": int(match["number"]), "symbol": match["symbol"]}
    elif match := _UNNUMBERED_REF.match(ref):
        lookup = {"pk": int(match["pk"])}
    else:
        raise Http404("Không có văn bản với đường dẫn này.")
    try:
        dispatch = selectors.public_dispatch_detail(issuer_slug=issuer, year=year, **lookup)
    except Dispatch.DoesNotExist:
        raise Http404("Không có văn bản với đường dẫn này.") from None
    canonical = dispatch.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    chain = build_chain(dispatch, visible=Dispatch.objects.public())
    receipts = public_receipt_totals(dispatch=dispatch)
    return render(
        request,
        "advisories/dispatch_detail.html",
        {"dispatch": dispatch, "chain": chain, "receipts": receipts},
    )


def dispatch_permalink(request, pk):
    dispatch = get_object_or_404(Dispatch.objects.public().select_related("issuer"), pk=pk)
    return redirect(dispatch.get_absolute_url(), permanent=True)


def pattern_list(request):
    return render(request, "advisories/pattern_list.html", {"patterns": ScamPattern.objects.all()})


def pattern_detail(request, slug):
    pattern = get_object_or_404(ScamPattern, slug=slug)
    page = _page(request, pattern.dispatches.public().for_listing())
    return render(request, "advisories/pattern_detail.html", {"pattern": pattern, "page": page})


def organisation_list(request):
    organisations = Organisation.objects.select_related("parent").order_by("province", "name")
    return render(request, "advisories/organisation_list.html", {"organisations": organisations})


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    children = organisation.children.order_by("name")
    page = _page(request, organisation.dispatches.public().for_listing())
    return render(
        request,
        "advisories/organisation_detail.html",
        {"organisation": organisation, "children": children, "page": page},
    )


def if_scammed(request):
    return render(
        request,
        "advisories/if_scammed.html",
        {"hotlines": selectors.organisations_with_hotline(), "patterns": ScamPattern.objects.all()},
    )


def search(request):
    query = request.GET.get("q", "")[:200].strip()
    folded = fold(query)
    results = Dispatch.objects.none()
    if folded:
        results = Dispatch.objects.public().filter(search_text__contains=folded)
    page = _page(request, results.for_listing())
    return render(request, "advisories/search.html", {"query": query, "page": page})
