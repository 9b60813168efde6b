"""sitemap.xml: every public page a search engine should know, in both languages.

django.contrib.sitemaps with three changes, each for the national scale (hundreds of thousands
of dispatches):
- addresses come from SITE_URL (advisories.addresses), never from the request's Host: the
  sitemap is cached and served to every crawler;
- each page of a section reads only its own rows. Django's i18n sitemaps build the list of
  (item, language) pairs of the whole section on every page (100,000 dispatches read to print
  5,000); `_LanguagePairs` reads the rows of the requested page only;
- the latest modification of a section is one query on an index (dispatch_updated_idx), not
  a walk over its items.

A section holds at most settings.SITEMAP_URLS_PER_PAGE addresses per page (fewer than the
protocol's 50,000, so that a page renders in a bounded time and its cached copy stays small);
/sitemap.xml is the index of every page of every section (advisories.views.discovery).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.functional import cached_property

from .caching import VersionedCountPaginator
from .models import Dispatch, Organisation, ScamPattern


class _LanguagePairs:
    """(item, language) for every row of `queryset` and every language, as a sequence that a
    Paginator slices. A slice reads the ids of its rows in the queryset's order, then those
    rows alone (two queries): skipping the rows of the earlier pages reads an index, not the
    table (the last page of 100,000 dispatches: 1.6 s with the rows read and skipped)."""

    def __init__(self, queryset, languages):
        self.queryset = queryset
        self.languages = list(languages)

    def count(self):
        return self.queryset.count() * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("_LanguagePairs is read a slice at a time")
        width = len(self.languages)
        first_row = index.start // width
        last_row = -(-index.stop // width)
        ids = list(self.queryset.values_list("pk", flat=True)[first_row:last_row])
        rows = self.queryset.in_bulk(ids) if ids else {}
        pairs = [(rows[pk], language) for pk in ids if pk in rows for language in self.languages]
        skip = index.start - first_row * width
        return pairs[skip : skip + index.stop - index.start]


class PortalSitemap(Sitemap):
    """Every item in each language (vi at /, en under /en/).

    One instance serves one request (SITEMAPS holds the classes)."""

    i18n = True
    # No <xhtml:link> alternates: every page already names its other language in its <head>
    # (templates/base.html), which search engines read; listing them here as well would
    # quadruple the addresses a page of the sitemap works out and prints.
    alternates = False
    section = ""  # its name in SITEMAPS, the key of its count in the cache

    @property
    def limit(self):
        return settings.SITEMAP_URLS_PER_PAGE

    def get_protocol(self, protocol=None):
        return settings.SITE_URL.split("://", 1)[0]

    def get_domain(self, site=None):
        # Everything after the scheme, a path prefix included (the location is appended).
        return settings.SITE_URL.split("://", 1)[1].rstrip("/")

    @property
    def paginator(self):
        items = self.items()
        if isinstance(items, list):
            return Paginator(self._items(), self.limit)
        # Counted once per version of the `lists` tag, as the public lists are (a publish, or
        # an edit of an organisation or a pattern, bumps it).
        pairs = _LanguagePairs(items, self._languages())
        return VersionedCountPaginator(pairs, self.limit, count_key=f"sitemap:{self.section}")


class StaticPagesSitemap(PortalSitemap):
    """The pages that are not one object: home, the lists, what to do if scammed."""

    section = "trang"

    # (URL name, whether the page changes with each publication)
    PAGES = [
        ("advisories:home", True),
        ("advisories:dispatch_list", True),
        ("advisories:pattern_list", False),
        ("advisories:organisation_list", False),
        ("advisories:if_scammed", False),
        ("advisories:check", False),
        ("advisories:report", False),
        ("advisories:open_data", True),
        ("advisories:statistics", True),
    ]

    def items(self):
        return [name for name, _ in self.PAGES]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return self.get_latest_lastmod() if dict(self.PAGES)[name] else None

    def get_latest_lastmod(self):
        return self._newest

    @cached_property
    def _newest(self):
        return _newest_change(Dispatch.objects.public())


def _newest_change(dispatches):
    """When one of `dispatches` last changed (read from the end of dispatch_updated_idx)."""
    row = dispatches.order_by("-updated_at").values_list("updated_at").first()
    return _to_second(row[0]) if row else None


def _to_second(moment):
    """A time as the sitemap prints it (W3C datetime, advisories/sitemaps/urlset.xml): to the
    second, which crawlers need, not to the microsecond."""
    return moment.replace(microsecond=0) if moment else None


class DispatchSitemap(PortalSitemap):
    """Every public dispatch (withdrawn ones too: their page stays, with a banner), newest
    first as in the lists: the index of that order (dispatch_public_newest) gives each page's
    ids, and the first page holds what a crawler should read first."""

    section = "van-ban"

    def items(self):
        return (
            Dispatch.objects.public()
            .select_related("issuer")
            .only("pk", "number", "symbol", "year", "updated_at", "issuer__slug")
            .newest_first()
        )

    def lastmod(self, dispatch):
        return _to_second(dispatch.updated_at)

    def get_latest_lastmod(self):
        return _newest_change(Dispatch.objects.public())


def _newest_dispatch_of(**lookup):
    """A subquery: when the newest change of the public dispatches matching `lookup` was."""
    dispatches = Dispatch.objects.public().filter(**lookup).order_by("-updated_at")
    return Subquery(dispatches.values("updated_at")[:1])


class PatternSitemap(PortalSitemap):
    """Every scam pattern; its page changes when one of its dispatches does."""

    section = "thu-doan"

    def items(self):
        newest = _newest_dispatch_of(scam_patterns=OuterRef("pk"))
        return ScamPattern.objects.only("slug").annotate(newest=newest).order_by("pk")

    def lastmod(self, pattern):
        return _to_second(pattern.newest)

    def get_latest_lastmod(self):
        return _newest_change(Dispatch.objects.public().filter(scam_patterns__isnull=False))


class OrganisationSitemap(PortalSitemap):
    """Every organisation; its page changes when one of its dispatches does."""

    section = "co-quan"

    def items(self):
        newest = _newest_dispatch_of(issuer=OuterRef("pk"))
        return Organisation.objects.only("slug").annotate(newest=newest).order_by("pk")

    def lastmod(self, organisation):
        return _to_second(organisation.newest)

    def get_latest_lastmod(self):
        return None  # some organisations have no dispatch: no date fits them all


# Section name (in the address: /sitemap-<section>.xml) → sitemap class (one instance a request).
SITEMAPS = {
    "trang": StaticPagesSitemap,
    "van-ban": DispatchSitemap,
    "thu-doan": PatternSitemap,
    "co-quan": OrganisationSitemap,
}
