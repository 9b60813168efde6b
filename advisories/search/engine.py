"""Run a search: match, suggest, rank, count per filter value, page, explain. A fixed number of
queries.

Ranking (ranking.py): a dispatch whose number/symbol is the query comes first, then relevance,
then the chain (an original above its forwards), then recency. A broad query (more than
SEARCH_CANDIDATES matches) is ranked and counted within its most recent SEARCH_CANDIDATES
matches only: the page says so.

A query that finds few or none gets a suggestion ("Bạn muốn tìm …?", vocabulary.py); when the
query as typed finds nothing and the suggestion finds something, the page shows the
suggestion's results and says so (unless the reader asked for the words exactly). A search
that still finds nothing shows help instead (guidance.py).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator

from ..models import Dispatch, Organisation, ScamPattern
from .backend import chain_links, hit_parts, match_condition
from .explain import Explanation, Parts, explain
from .facets import FacetValue, facet_values
from .guidance import Guidance, guidance_for, looks_like
from .query import ParsedQuery
from .ranking import rank, subject_words
from .snippets import highlight
from .vocabulary import Suggestion, from_subjects, from_vocabulary, stands_in

# At most this many results: the query as typed is weighed against the vocabulary for a
# suggestion; more, and the subjects of its results are enough to weigh it.
FEW = 3

__all__ = ["FacetValue", "Filters", "Hit", "SearchResult", "run_search"]


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
class SearchResult:
    query: ParsedQuery  # the query whose results are shown: the suggestion's when it stands in
    typed: ParsedQuery | None = None  # the query as typed
    page: Page | None = None
    total: int = 0
    capped: bool = False
    redirect_to: str | None = None
    suggestion: Suggestion | None = None
    showing_suggestion: bool = False
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    kind: str | None = None  # guidance.Kind: the query is a phone number, a link, an account
    guidance: Guidance | None = None  # when nothing is found


def run_search(*, query: ParsedQuery, filters: Filters, page_number, exact=False) -> SearchResult:
    """The search page's data, or a redirect when the query names exactly one dispatch and no
    filter is set (a filtered search lists it first, so that a facet link always lists).

    `exact`: the reader asked for the words as typed; a suggestion is offered, never shown in
    their place."""
    result = SearchResult(query=query, typed=query)
    base = filters.apply(Dispatch.objects.public())
    exact_ids = []
    if query.number is not None:
        named = base.filter(number=query.number)
        if query.symbol:
            named = named.filter(symbol__iexact=query.symbol)
        named = list(named.select_related("issuer")[:2])
        if len(named) == 1 and not filters:
            result.redirect_to = named[0].get_absolute_url()
            return result
        exact_ids = [d.pk for d in named]
    if not query and not filters:
        return result
    limit = settings.SEARCH_CANDIDATES
    rows = _candidates(base, query)
    result.kind = looks_like(query.raw) if query else None
    if query and query.number is None and not result.kind:
        subjects = [subject_words(row[1])[1] for row in rows[:limit]]
        if len(rows) > FEW:
            result.suggestion = from_subjects(query, subjects)
        elif not stands_in(query, subjects):
            result.suggestion = from_vocabulary(query)
        if result.suggestion and not rows and not exact:
            instead = _candidates(base, result.suggestion.query)
            if instead:
                rows, query = instead, result.suggestion.query
                result.query, result.showing_suggestion = query, True
    result.capped = len(rows) > limit
    rows = rows[:limit]
    links = chain_links([r[0] for r in rows]) if len(rows) > 1 else []
    rows = rank(rows, query, exact_ids=exact_ids, links=links)
    result.total = len(rows)
    result.facets = facet_values(rows, within_issuers=filters.issuer_ids)
    result.page = Paginator(rows, settings.ADVISORIES_PER_PAGE).get_page(page_number)
    result.page.object_list = _page_dispatches(result.page.object_list, query)
    if not rows and query:
        result.guidance = guidance_for(
            kind=result.kind, words=query.words, province=filters.province
        )
    return result


_ROW_FIELDS = ("pk", "subject", "issuer_id", "issuer__province", "year", "doc_type", "status")


def _candidates(base, query):
    """Up to SEARCH_CANDIDATES + 1 matching rows, newest first (one query)."""
    limit = settings.SEARCH_CANDIDATES + 1
    matches = base.filter(match_condition(query, wanted=limit)) if query else base
    return list(matches.newest_first().values_list(*_ROW_FIELDS)[:limit])


@dataclass
class Hit:
    dispatch: Dispatch
    title: str
    explanation: Explanation

    @property
    def snippet(self):
        return self.explanation.snippet


# What a hit shows (templates/advisories/search.html): its link, title, meta line, snippet, and
# every part the index holds, to say where its words are (explain.py).
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
    "issuer_line",
    "parent_body_line",
    "place",
    "signer_name",
    "issuer__slug",
    "issuer__name",
    "issuer__short_name",
)


def _page_dispatches(rows, query):
    """The page's dispatches with their highlighted title and why they matched (two queries:
    the dispatches, then the texts of their warnings, directives and scam patterns)."""
    ids = [r[0] for r in rows]
    if not ids:
        return []
    by_id = Dispatch.objects.select_related("issuer").only(*_HIT_FIELDS).in_bulk(ids)
    parts = {pk: Parts() for pk in ids}
    for pk, kind, text, more in hit_parts(ids):
        if kind == "w":
            parts[pk].warnings.append(text)
        elif kind == "d":
            parts[pk].directives.append(f"{text} {more}".strip())
        else:
            parts[pk].patterns.append((text, more))
    words = query.words
    return [
        Hit(
            dispatch=by_id[pk],
            title=highlight(by_id[pk].subject_line, words),
            explanation=explain(by_id[pk], parts[pk], words),
        )
        for pk in ids
    ]
