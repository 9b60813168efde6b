"""Run a search: match, rank, count per filter value, page, highlight. A fixed number of queries.

Ranking: a dispatch whose number/symbol is the query comes first, then relevance (the words as
a phrase in the subject, then how many words the subject holds), then recency. Relevance is
computed here from the subjects, so both databases rank alike. A broad query (more than
SEARCH_CANDIDATES matches) is ranked and counted within its most recent SEARCH_CANDIDATES
matches only: the page says so.
"""

import functools
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator

from ..models import Dispatch, Organisation, ScamPattern
from ..text import search_words
from .backend import match_condition, pattern_counts
from .query import ParsedQuery
from .snippets import highlight, snippet
from .vocabulary import corrections


@dataclass
class Filters:
    """Validated filter values (SearchFilterForm.cleaned_data)."""

    issuer: Organisation | None = None
    issuer_ids: list[int] | None = None  # the issuer and every unit under it
    province: str = ""
    pattern: ScamPattern | None = None
    year: int | None = None
    doc_type: str = ""
    status: str = ""

    def __bool__(self):
        return bool(
            self.issuer or self.province or self.pattern or self.year or self.doc_type
        ) or bool(self.status)

    def apply(self, queryset):
        if self.issuer_ids is not None:
            queryset = queryset.filter(issuer_id__in=self.issuer_ids)
        if self.province:
            queryset = queryset.filter(issuer__province=self.province)
        if self.pattern:
            queryset = queryset.filter(scam_patterns=self.pattern)
        if self.year:
            queryset = queryset.filter(year=self.year)
        if self.doc_type:
            queryset = queryset.filter(doc_type=self.doc_type)
        if self.status:
            queryset = queryset.filter(status=self.status)
        return queryset


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResult:
    query: ParsedQuery
    page: Page | None = None
    total: int = 0
    capped: bool = False
    redirect_to: str | None = None
    corrected: dict[str, str] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def run_search(*, query: ParsedQuery, filters: Filters, page_number) -> SearchResult:
    """The search page's data, or a redirect when the query names exactly one dispatch."""
    result = SearchResult(query=query)
    base = filters.apply(Dispatch.objects.public())
    exact_ids = []
    if query.number is not None:
        exact = base.filter(number=query.number)
        if query.symbol:
            exact = exact.filter(symbol__iexact=query.symbol)
        exact = list(exact.select_related("issuer")[:2])
        if len(exact) == 1:
            result.redirect_to = exact[0].get_absolute_url()
            return result
        exact_ids = [d.pk for d in exact]
    if not query and not filters:
        return result
    rows = _candidates(base, query)
    if not rows and query:
        result.corrected = corrections(query.words)
        if result.corrected:
            query = result.query = query.replaced(result.corrected)
            rows = _candidates(base, query)
    limit = settings.SEARCH_CANDIDATES
    result.capped = len(rows) > limit
    rows = _ranked(rows[:limit], query, exact_ids)
    result.total = len(rows)
    result.facets = _facets(rows)
    result.page = Paginator(rows, settings.ADVISORIES_PER_PAGE).get_page(page_number)
    result.page.object_list = _page_dispatches(result.page.object_list, query)
    return result


_ROW_FIELDS = ("pk", "subject", "issuer_id", "issuer__province", "year", "doc_type", "status")


def _candidates(base, query):
    """Up to SEARCH_CANDIDATES + 1 matching rows, newest first (one query)."""
    limit = settings.SEARCH_CANDIDATES + 1
    matches = base.filter(match_condition(query, wanted=limit)) if query else base
    return list(matches.newest_first().values_list(*_ROW_FIELDS)[:limit])


@functools.lru_cache(maxsize=20_000)
def _subject_words(subject: str) -> tuple[frozenset[str], str]:
    """The subject's folded words, as a set and as " word word " for phrase tests.

    Kept per process: a broad search ranks its newest candidates, much the same dispatches
    from one search to the next, and folding is most of the ranking's time."""
    words = search_words(subject)
    return frozenset(words), f" {' '.join(words)} "


def _ranked(rows, query, exact_ids):
    """Rows sorted by exact number, relevance, then recency (their incoming order).

    Relevance: how many of the query's phrases the subject holds in order (the whole query
    counts as a phrase when it has several words), then how many of its words."""
    exact = set(exact_ids)
    wanted = query.words
    phrases = [f" {' '.join(p)} " for p in query.phrases] or (
        [f" {' '.join(wanted)} "] if len(wanted) > 1 else []
    )

    def key(row):
        if not query:
            return (row[0] not in exact, 0, 0)
        words, joined = _subject_words(row[1])
        in_order = sum(1 for p in phrases if p in joined)
        present = sum(1 for w in wanted if w in words)
        return (row[0] not in exact, -in_order, -present)

    return sorted(rows, key=key)


def _facets(rows):
    """Counts per filter value over the ranked rows: two more queries (names, patterns)."""
    if not rows:
        return {}
    issuers = Counter(r[2] for r in rows).most_common(10)
    organisations = Organisation.objects.filter(pk__in=[i for i, _ in issuers]).only(
        "slug", "name", "short_name"
    )
    names = {o.pk: (o.slug, o.display_name) for o in organisations}
    patterns = pattern_counts([r[0] for r in rows])
    doc_types = dict(Dispatch.DocType.choices)
    statuses = dict(Dispatch.Status.choices)
    by_type = Counter(r[5] for r in rows).most_common()
    by_status = Counter(r[6] for r in rows).most_common()
    return {
        "issuer": [FacetValue(*names[i], n) for i, n in issuers if i in names],
        "province": [
            FacetValue(p, p, n) for p, n in Counter(r[3] for r in rows).most_common(10) if p
        ],
        "pattern": [FacetValue(slug, name, n) for slug, name, n in patterns],
        "year": [
            FacetValue(str(y), str(y), n)
            for y, n in sorted(Counter(r[4] for r in rows).items(), reverse=True)[:10]
        ],
        "doc_type": [FacetValue(t, doc_types.get(t, t), n) for t, n in by_type],
        "status": [FacetValue(s, statuses.get(s, s), n) for s, n in by_status],
    }


@dataclass
class Hit:
    dispatch: Dispatch
    title: str
    snippet: str


# What a hit shows (templates/advisories/search.html): its link, title, meta line and snippet.
_HIT_FIELDS = (
    "subject",
    "doc_type",
    "number",
    "symbol",
    "year",
    "month",
    "day",
    "status",
    "body",
    "closing",
    "issuer__slug",
    "issuer__name",
    "issuer__short_name",
)


def _page_dispatches(rows, query):
    """The page's dispatches with their highlighted subject and snippet (one query)."""
    ids = [r[0] for r in rows]
    by_id = Dispatch.objects.select_related("issuer").only(*_HIT_FIELDS).in_bulk(ids)
    words = query.words
    hits = []
    for pk in ids:
        dispatch = by_id[pk]
        hits.append(
            Hit(
                dispatch=dispatch,
                title=highlight(dispatch.subject_line, words),
                snippet=snippet(f"{dispatch.body} {dispatch.closing}".strip(), words),
            )
        )
    return hits
