"""Public pages for citizens: no login, no session, Vietnamese first; all @public_page, so
they are cached whole (advisories.caching) and sent with Cache-Control and validators."""

import re

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .. import selectors
from ..caching import VersionedCountPaginator, public_page
from ..chain import build_chain
from ..forms import SearchForm
from ..models import Dispatch, Organisation, ScamPattern
from ..receipts.stats import public_receipt_totals
from ..search.engine import Filters, run_search
from ..search.links import facet_groups, search_links
from ..search.query import parse_query

_NUMBERED_REF = re.compile(r"^(?P<number>\d+)-(?P<symbol>.+)$")
_UNNUMBERED_REF = re.compile(r"^id(?P<pk>\d+)(?:-.*)?$")


def _page(request, queryset, *, count_key):
    """The requested page (?trang=N) of `queryset`; its total is counted once per content
    version under `count_key` (VersionedCountPaginator)."""
    paginator = VersionedCountPaginator(queryset, settings.ADVISORIES_PER_PAGE, count_key=count_key)
    return paginator.get_page(request.GET.get("trang"))


HOME_HOTLINES = 8


@public_page
def home(request):
    """Latest advisories, scam patterns, whom to call: every hotline if there are a few, else
    the national ones and a way to those of the reader's province (not 8 picked alphabetically
    from all over the country)."""
    latest = Dispatch.objects.public().for_listing()[:6]
    hotlines = list(
        selectors.organisations_with_hotline().order_by("province", "name")[: HOME_HOTLINES + 1]
    )
    by_province = len(hotlines) > HOME_HOTLINES
    if by_province:
        hotlines = [organisation for organisation in hotlines if not organisation.province]
    return render(
        request,
        "advisories/home.html",
        {
            "latest": latest,
            "patterns": ScamPattern.objects.all(),
            "hotlines": hotlines,
            "hotlines_by_province": by_province,
        },
    )


@public_page(params=("trang",))
def dispatch_list(request):
    page = _page(request, Dispatch.objects.public().for_listing(), count_key="all")
    return render(request, "advisories/dispatch_list.html", {"page": page})


@public_page
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


@public_page
def dispatch_permalink(request, pk):
    dispatch = get_object_or_404(Dispatch.objects.public().select_related("issuer"), pk=pk)
    return redirect(dispatch.get_absolute_url(), permanent=True)


@public_page
def pattern_list(request):
    return render(request, "advisories/pattern_list.html", {"patterns": ScamPattern.objects.all()})


@public_page(params=("trang",))
def pattern_detail(request, slug):
    pattern = get_object_or_404(ScamPattern, slug=slug)
    page = _page(
        request, pattern.dispatches.public().for_listing(), count_key=f"pattern:{pattern.pk}"
    )
    return render(request, "advisories/pattern_detail.html", {"pattern": pattern, "page": page})


@public_page(params=("tinh",))
def organisation_list(request):
    """Every organisation by province; past ORGANISATIONS_LISTED_WHOLE, the provinces first
    (with their counts) and one province's organisations at a time (?tinh=; "" the others)."""
    counts = selectors.organisation_counts_by_province()
    province = request.GET.get("tinh")
    if province is not None and province not in counts:
        raise Http404("Không có cơ quan nào ở tỉnh, thành phố này.")
    organisations = Organisation.objects.select_related("parent").order_by("name")
    by_province = sum(counts.values()) > settings.ORGANISATIONS_LISTED_WHOLE
    if province is not None:
        organisations = organisations.filter(province=province)
    elif by_province:
        organisations = organisations.none()
    groups = {name: [] for name in counts}
    for organisation in organisations:
        groups[organisation.province].append(organisation)
    return render(
        request,
        "advisories/organisation_list.html",
        {
            "groups": [(name, members) for name, members in groups.items() if members],
            "province_index": list(counts.items()) if by_province and province is None else [],
            "province": province,
        },
    )


@public_page(params=("trang",))
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    children = organisation.children.order_by("name")
    page = _page(
        request,
        organisation.dispatches.public().for_listing(),
        count_key=f"organisation:{organisation.pk}",
    )
    return render(
        request,
        "advisories/organisation_detail.html",
        {"organisation": organisation, "children": children, "page": page},
    )


@public_page(params=("tinh",))
def if_scammed(request):
    """What to do now, and whom to call: every hotline when they are few, else the national
    ones and, once the reader picks a province (?tinh=), that province's."""
    counts = selectors.hotline_counts_by_province()
    province = request.GET.get("tinh", "")
    if province and province not in counts:
        raise Http404("Không có số điện thoại đường dây nóng nào của tỉnh, thành phố này.")
    hotlines = selectors.organisations_with_hotline()
    listed_whole = sum(counts.values()) <= settings.HOTLINES_LISTED_WHOLE
    if province or not listed_whole:
        hotlines = hotlines.filter(province__in={"", province})
    hotlines = list(hotlines)
    return render(
        request,
        "advisories/if_scammed.html",
        {
            "national": [o for o in hotlines if not o.province],
            "local": [o for o in hotlines if o.province],
            "provinces": [] if listed_whole else [name for name in counts if name],
            "province": province,
            "patterns": ScamPattern.objects.all(),
        },
    )


@public_page(params=(*SearchForm.base_fields, "trang"))
def search(request):
    """Search with filters; a query naming exactly one dispatch (1153/UBND-KGVX) goes to it."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "query": request.GET.get("q", "")[:200], "result": None}
        return render(request, "advisories/search.html", context, status=400)
    data = form.cleaned_data
    issuer = data["coquan"]
    filters = Filters(
        issuer=issuer,
        issuer_ids=selectors.organisation_subtree_ids(issuer) if issuer else None,
        province=data["tinh"],
        pattern=data["thudoan"],
        year=data["nam"],
        doc_type=data["loai"],
        status=data["trangthai"],
    )
    query = parse_query(data["q"])
    result = run_search(
        query=query,
        filters=filters,
        page_number=request.GET.get("trang"),
        exact=data["chinhxac"],
    )
    if result.redirect_to:
        return redirect(result.redirect_to)
    context = {
        "form": form,
        "query": data["q"],
        "result": result,
        "facet_groups": facet_groups(request.GET, result.facets),
        "links": search_links(request.GET, result),
    }
    return render(request, "advisories/search.html", context)
