"""Public pages for citizens: no login, no session, Vietnamese first; all @public_page, so
they are cached whole (advisories.caching) and sent with Cache-Control and validators. Each
declares what it shows (advisories.cache_tags), so a write refreshes only the pages that show
what it changed."""

import re
from urllib.parse import unquote

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import cache_tags, fragments, page_tags, selectors
from ..cache_tags import DIRECTORY, LISTS
from ..caching import VersionedCountPaginator, depends_on, public_page
from ..chain import build_chain, chain_edges, forwards_below
from ..forms import SearchForm
from ..models import Dispatch, Organisation, ScamPattern
from ..receipts.stats import public_receipt_totals
from ..search.engine import run_search
from ..search.links import facet_groups, search_links
from ..search.patterns import matching_patterns
from ..search.query import parse_query
from ..sharing import meta as social_meta
from .errors import ExplainedNotFound

_NUMBERED_REF = re.compile(r"^(?P<number>\d+)-(?P<symbol>.+)$")
_UNNUMBERED_REF = re.compile(r"^id(?P<pk>\d+)(?:-.*)?$")


def _page(request, queryset, *, count_key, param="trang"):
    """The requested page (?trang=N) of `queryset`; its total is counted once per version of
    the lists under `count_key` (VersionedCountPaginator).

    A page past the last one, or not a number, is a 404 that says so, as Django's paginator
    means it (not page 1 or the last page shown silently under a wrong address)."""
    number = request.GET.get(param) or 1
    paginator = VersionedCountPaginator(
        queryset, settings.ADVISORIES_PER_PAGE, count_key=count_key, number=number
    )
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        raise ExplainedNotFound(
            _("“%(page)s” không phải là số trang.") % {"page": str(number)[:20]}
        ) from None
    except EmptyPage:
        pages = paginator.num_pages
        raise ExplainedNotFound(
            ngettext(
                "Không có trang %(page)s: danh sách này có %(pages)s trang.",
                "Không có trang %(page)s: danh sách này có %(pages)s trang.",
                pages,
            )
            % {"page": str(number)[:20], "pages": pages}
        ) from None


def _chain_heads(request, queryset, *, count_key):
    """The requested page of `queryset` with a chain once: the forwards of a listed row are
    not rows of their own but printed in it. The rows are `page.rows`, rendered once per
    version of what they print (fragments.rows); `page.row_tags` what they print. One query
    when every row is kept (three when one is not), and the total counted once per version
    of the lists."""
    page = _page(request, queryset.chain_heads().for_listing(), count_key=count_key)
    heads = page.paginator.rows_of(page)
    page.rows, page.row_tags = fragments.rows(heads, load=_list_rows)
    return page


def _list_rows(pks):
    """The dispatches `pks` as list rows: with their issuers and the forwards below them."""
    public = Dispatch.objects.public()
    return forwards_below(public.filter(pk__in=pks).for_listing(), visible=public)


@public_page(tags=(LISTS, DIRECTORY))
def home(request):
    """Latest advisories, scam patterns, whom to call. Its rows and the patterns and
    hotlines are kept, each rendered once per version of what they print."""
    heads = Dispatch.objects.public().chain_heads().newest_first()[:6]
    latest, _ = fragments.rows(heads.values_list("pk", "updated_at"), load=_list_rows)
    directory = fragments.by_versions(
        "includes/_home_directory.html", tags=(LISTS, DIRECTORY), context=_home_directory
    )
    return render(request, "advisories/home.html", {"latest": latest, "directory": directory})


HOME_HOTLINES = 8


def _home_directory():
    """The scam patterns, and whom to call: every hotline if there are a few, else the
    national ones and a way to those of the reader's province (not 8 picked alphabetically
    from all over the country)."""
    hotlines = list(
        selectors.organisations_with_hotline().order_by("province", "name")[: HOME_HOTLINES + 1]
    )
    by_province = len(hotlines) > HOME_HOTLINES
    if by_province:
        hotlines = [organisation for organisation in hotlines if not organisation.province]
    return {
        "patterns": ScamPattern.objects.latest_warned_first(),
        "hotlines": hotlines,
        "hotlines_by_province": by_province,
    }


@public_page(params=("trang",), tags=(LISTS,))
def dispatch_list(request):
    """Every public dispatch, a chain once (its original, with the units that forwarded it)."""
    page = _chain_heads(request, Dispatch.objects.public(), count_key="chains")
    return render(request, "advisories/dispatch_list.html", {"page": page})


@public_page
def dispatch_detail(request, issuer, year, ref):
    if match := _NUMBERED_REF.match(ref):
        lookup = {"number": int(match["number"]), "symbol": match["symbol"]}
    elif match := _UNNUMBERED_REF.match(ref):
        lookup = {"pk": int(match["pk"])}
    else:
        raise Http404("Không có văn bản với đường dẫn này.")
    page = fragments.kept_page(request.path)
    if page is None:
        try:
            dispatch = selectors.public_dispatch_detail(issuer_slug=issuer, year=year, **lookup)
        except Dispatch.DoesNotExist:
            raise Http404("Không có văn bản với đường dẫn này.") from None
        canonical = dispatch.get_absolute_url()
        if request.path != unquote(canonical):  # request.path is decoded: "SGDĐT", not "%C4%90"
            response = redirect(canonical, permanent=True)
            return depends_on(
                response, cache_tags.chain(dispatch.pk), cache_tags.org(dispatch.issuer_id)
            )
        page = fragments.render_page(
            request.path, dispatch, render=lambda: _render_dispatch_page(request, dispatch)
        )
    if page.totals is None:
        page.totals = fragments.receipt_totals(
            page.pk, count=lambda: public_receipt_totals(dispatch=page.pk)
        )
    response = HttpResponse(page.content())
    response.gzipped = page.gzipped  # portal.middleware.CompressTextMiddleware
    response.tag_versions = page.versions  # what the page was checked against (or None)
    return depends_on(response, *page.tags, cache_tags.totals(page.pk))


def _render_dispatch_page(request, dispatch):
    """A dispatch's page with fragments.TOTALS_MARK for its receipt totals, and the tags of
    what it prints but those: rendered once per version of them (fragments.render_page)."""
    prefetch_related_objects([dispatch], "warnings")
    document, printed_ids = fragments.document(dispatch)
    panels = fragments.panels(dispatch)
    edges = chain_edges(dispatch.pk)
    chain = build_chain(dispatch, visible=Dispatch.objects.public(), edges=edges)
    warnings = selectors.chain_warnings(dispatch=dispatch, chain=chain)
    shown = page_tags.dispatch_page(
        dispatch, chain=chain, root_id=edges[0][0], printed_ids=printed_ids, panels=panels
    )
    html = render_to_string(
        "advisories/dispatch_detail.html",
        {
            "dispatch": dispatch,
            "document": document,
            "panels": panels,
            "chain": chain,
            "receipt_totals": mark_safe(fragments.TOTALS_MARK),  # noqa: S308
            "warnings": warnings,
            "social": social_meta.dispatch_meta(
                dispatch, pattern_summary=panels.first_pattern_summary
            ),
        },
        request=request,
    )
    return html, shown - {cache_tags.totals(dispatch.pk)}


@public_page
def dispatch_permalink(request, pk):
    dispatch = get_object_or_404(Dispatch.objects.public().select_related("issuer"), pk=pk)
    response = redirect(dispatch.get_absolute_url(), permanent=True)
    return depends_on(response, cache_tags.chain(pk), cache_tags.org(dispatch.issuer_id))


@public_page(tags=(LISTS, DIRECTORY))
def pattern_list(request):
    patterns = ScamPattern.objects.latest_warned_first()
    return render(request, "advisories/pattern_list.html", {"patterns": patterns})


@public_page(params=("trang",))
def pattern_detail(request, slug):
    pattern = get_object_or_404(ScamPattern.objects.with_last_warning(), slug=slug)
    page = _chain_heads(
        request, pattern.dispatches.public(), count_key=f"pattern-chains:{pattern.pk}"
    )
    context = {"pattern": pattern, "page": page, "social": social_meta.pattern_meta(pattern)}
    response = render(request, "advisories/pattern_detail.html", context)
    return depends_on(
        response,
        cache_tags.pattern(pattern.pk),
        cache_tags.pattern_dispatches(pattern.pk),
        *page.row_tags,
    )


@public_page(params=("tinh",), tags=(DIRECTORY,))
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


@public_page(params=("trang", "den"))
def organisation_detail(request, slug):
    """An organisation's own dispatches (a forward it issued is its own document here), and the
    ones that reached it as a recipient, named or through a group line (?den=N pages them)."""
    organisation = get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)
    children = organisation.children.order_by("name")
    page = _page(
        request,
        organisation.dispatches.public().for_listing(),
        count_key=f"organisation:{organisation.pk}",
    )
    received = _page(
        request,
        Dispatch.objects.public().reaching(organisation).for_listing(),
        count_key=f"organisation-received:{organisation.pk}",
        param="den",
    )
    response = render(
        request,
        "advisories/organisation_detail.html",
        {
            "organisation": organisation,
            "children": children,
            "page": page,
            "received": received,
            "social": social_meta.organisation_meta(organisation),
        },
    )
    # Its units are listed: their edits bump org-children. The rows' own changes bump
    # org-dispatches of their issuer and of the organisations they reach.
    return depends_on(
        response,
        *{cache_tags.org(pk) for pk in (organisation.pk, organisation.parent_id) if pk},
        cache_tags.org_children(organisation.pk),
        cache_tags.org_dispatches(organisation.pk),
        *{cache_tags.org(row.issuer_id) for row in [*page.object_list, *received.object_list]},
    )


@public_page(params=("tinh",), tags=(DIRECTORY,))
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


@public_page(params=(*SearchForm.base_fields, "trang"), tags=(LISTS, DIRECTORY))
def search(request):
    """Search with filters; a query naming exactly one dispatch (1153/UBND-KGVX) goes to it.
    The scam patterns the query names are listed above the dispatches."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "query": request.GET.get("q", "")[:200], "result": None}
        return render(request, "advisories/search.html", context, status=400)
    data = form.cleaned_data
    filters = form.filters()
    query = parse_query(data["q"])
    result = run_search(
        query=query,
        filters=filters,
        page_number=request.GET.get("trang"),
        exact=data["chinhxac"],
    )
    if result.redirect_to:
        return redirect(result.redirect_to)
    feed_params = request.GET.copy()  # the same search as a feed (advisories.feeds)
    feed_params.pop("trang", None)
    patterns = matching_patterns(query)
    if not patterns and result.showing_suggestion:
        patterns = matching_patterns(result.query)
    context = {
        "form": form,
        "query": data["q"],
        "result": result,
        "patterns": patterns,
        "facet_groups": facet_groups(request.GET, result.facets),
        "feed_query": feed_params.urlencode() if result.page is not None else "",
        "links": search_links(request.GET, result),
    }
    return render(request, "advisories/search.html", context)
