"""Atom feeds of the public lists (advisories.feeds): thin views that find what the feed is
about, then let the one feed class render it. All @public_page: cached like the pages, and
depend on the `lists` tag (advisories.cache_tags): fresh at the next request after a publish,
a withdrawal or a correction."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext

from .. import cache_tags, feeds
from ..cache_tags import LISTS
from ..caching import depends_on, public_page
from ..forms import SearchForm
from ..models import Organisation, ScamPattern
from ..search.query import parse_query


@public_page(tags=())
def feed_redirect(request):
    """/feed/, /rss/, /atom.xml: the addresses readers and people try first, sent to the feed
    of every advisory (in the language of the address)."""
    return redirect("advisories:dispatch_feed", permanent=True)


@public_page(params=("tinh",), tags=(LISTS,))
def dispatch_feed(request):
    """Every advisory; with ?tinh=, those of one province's bodies (as the organisations page
    and the search filter understand a province)."""
    province = request.GET.get("tinh", "")
    if province and not Organisation.objects.filter(province=province).exists():
        raise Http404("Không có cơ quan nào ở tỉnh, thành phố này.")
    channel = feeds.all_channel(feed_path=_own_path(request), province=province)
    return feeds.dispatch_feed(request, channel=channel)


@public_page(tags=(LISTS,))
def pattern_feed(request, slug):
    pattern = get_object_or_404(ScamPattern, slug=slug)
    channel = feeds.pattern_channel(pattern=pattern, feed_path=_own_path(request))
    response = feeds.dispatch_feed(request, channel=channel)
    return depends_on(response, cache_tags.pattern(pattern.pk))


@public_page(tags=(LISTS,))
def organisation_feed(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    channel = feeds.organisation_channel(organisation=organisation, feed_path=_own_path(request))
    response = feeds.dispatch_feed(request, channel=channel)
    return depends_on(response, cache_tags.org(organisation.pk))


@public_page(params=tuple(SearchForm.base_fields), tags=(LISTS,))
def search_feed(request):
    """A search as a feed: the same words and filters as /tim-kiem/ (a wrong filter: 400 with
    the reason; no words and no filter: the feed of every advisory)."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        reasons = [
            f"{form.fields[name].label}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        ]
        heading = gettext("Không tạo được nguồn tin vì bộ lọc chưa đúng:")
        text = "\n".join([heading, *reasons]) + "\n"
        return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")
    data = form.cleaned_data
    filters = form.filters()
    query = parse_query(data["q"])
    if not query and not filters:
        return redirect("advisories:dispatch_feed", permanent=True)
    channel = feeds.search_channel(
        query=query,
        filters=filters,
        described=_described(form),
        page_query=request.GET.urlencode(),
        feed_path=_own_path(request),
    )
    return feeds.dispatch_feed(request, channel=channel)


def _described(form) -> list[str]:
    """The search in words, for the feed's title: “lua dao” · Sở Y tế · An Giang · 2025."""
    data = form.cleaned_data
    parts = [f"“{data['q']}”"] if data["q"] else []
    for name in ("coquan", "tinh", "thudoan", "nam"):
        if data[name]:
            parts.append(str(data[name]))
    for name in ("loai", "trangthai"):
        if data[name]:
            parts.append(str(dict(form.fields[name].choices)[data[name]]))
    return parts


def _own_path(request) -> str:
    """The feed's address as one string whatever way it was written (?tinh=An%20Giang or
    ?tinh=An+Giang): it is the feed's id, which a reader must see unchanged."""
    return f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path
