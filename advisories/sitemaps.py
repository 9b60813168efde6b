"""sitemap.xml: every public page a search engine should know, in both languages.

django.contrib.sitemaps with three changes, each for the national scale (hundreds of thousands
of dispatches):
- addresses come from SITE_URL (advisories.addresses), never from the request's Host: the
  sitemap is cached and served to every crawler;
- each page of a section reads only its own rows. Django's i18n sitemaps build the list of
  (item, language) pairs of the whole section on every page (100,000 dispatches read to print
  5,000); `_LanguagePairs` reads the rows of the requested page only;
- the latest modification of a section is one aggregate query, not a walk over its items.

A section holds at most settings.SITEMAP_URLS_PER_PAGE addresses per page (fewer than the
protocol's 50,000, so that a page renders in a bounded time and its cached copy stays small);
/sitemap.xml is the index of every page of every section (advisories.views.discovery).
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Subquery
from django.urls import reverse

from .models import Dispatch, Organisation, ScamPattern


class _LanguagePairs:
    """(item, language) for every row of `queryset` and every language, as a sequence that a
    Paginator slices: a slice reads only the rows it needs (one query)."""

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
        rows = self.queryset[first_row:last_row]
        pairs = [(row, language) for row in rows for language in self.languages]
        skip = index.start - first_row * width
        return pairs[skip : skip + index.stop - index.start]


class PortalSitemap(Sitemap):
    """Every item in each language (vi at /, en under /en/), each listing its alternates."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return settings.SITE_URL.split("://", 1)[0]

    def get_domain(self, site=None):
        # Everything after the scheme, a path prefix included (the location is appended).
        return settings.SITE_URL.split("://", 1)[1].rstrip("/")

    @property
    def limit(self):
        return settings.SITEMAP_URLS_PER_PAGE

    @property
    def paginator(self):
        items = self.items()
        if isinstance(items, list):
            return Paginator(self._items(), self.limit)
        return Paginator(_LanguagePairs(items, self._languages()), self.limit)


class StaticPagesSitemap(PortalSitemap):
    """The pages that are not one object: home, the lists, what to do if scammed."""

    # (URL name, whether the page changes with each publication)
    PAGES = [
        ("advisories:home", True),
        ("advisories:dispatch_list", True),
        ("advisories:pattern_list", False),
        ("advisories:organisation_list", False),
        ("advisories:if_scammed", False),
    ]

    def items(self):
        return [name for name, _ in self.PAGES]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if dict(self.PAGES)[name]:
            return self.get_latest_lastmod()
        return None

    def get_latest_lastmod(self):
        if not hasattr(self, "_newest"):
            self._newest = _newest_public_change()
        return self._newest


def _newest_public_change():
    return Dispatch.objects.public().aggregate(newest=Max("updated_at"))["newest"]


class DispatchSitemap(PortalSitemap):
    """Every public dispatch (withdrawn ones too: their page stays, with a banner)."""

    def items(self):
        return (
            Dispatch.objects.public()
            .select_related("issuer")
            .only("pk", "number", "symbol", "year", "updated_at", "issuer__slug")
            .order_by("pk")
        )

    def lastmod(self, dispatch):
        return dispatch.updated_at

    def get_latest_lastmod(self):
        return _newest_public_change()


def _newest_dispatch_of(**lookup):
    """A subquery: when the newest change of the public dispatches matching `lookup` was."""
    dispatches = Dispatch.objects.public().filter(**lookup).order_by("-updated_at")
    return Subquery(dispatches.values("updated_at")[:1])


class PatternSitemap(PortalSitemap):
    """Every scam pattern; its page changes when one of its dispatches does."""

    def items(self):
        newest = _newest_dispatch_of(scam_patterns=OuterRef("pk"))
        return ScamPattern.objects.only("slug").annotate(newest=newest).order_by("pk")

    def lastmod(self, pattern):
        return pattern.newest

    def get_latest_lastmod(self):
        return (
            Dispatch.objects.public()
            .filter(scam_patterns__isnull=False)
            .aggregate(newest=Max("updated_at"))["newest"]
        )


class OrganisationSitemap(PortalSitemap):
    """Every organisation; its page changes when one of its dispatches does."""

    def items(self):
        newest = _newest_dispatch_of(issuer=OuterRef("pk"))
        return Organisation.objects.only("slug").annotate(newest=newest).order_by("pk")

    def lastmod(self, organisation):
        return organisation.newest

    def get_latest_lastmod(self):
        return None  # some organisations have no dispatch: no date fits them all


# Section name (in the address: /sitemap-<section>.xml) → sitemap class (one instance a request).
SITEMAPS = {
    "trang": StaticPagesSitemap,
    "van-ban": DispatchSitemap,
    "thu-doan": PatternSitemap,
    "co-quan": OrganisationSitemap,
}
