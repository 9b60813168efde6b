"""Counts per filter value, counted the way the filter filters, so that a facet's count is the
number of results its link gives.

Each filter value's link narrows the current search (links.py); its count is taken over the
current (ranked) rows with the same rule the filter applies (engine.Filters.apply):
- issuer: an organisation counts its own dispatches and those of every unit under it (the
  filter `coquan` takes the whole subtree, selectors.organisation_subtree_ids); while an
  issuer filter is set, only organisations inside it are offered, since a unit above it would
  widen the search rather than narrow it;
- province: the issuer's province; pattern: the patterns tagged; year, type, status: the field.
Within SEARCH_CANDIDATES (a broader search is counted on its newest matches, the page says so).
"""

from collections import Counter
from dataclasses import dataclass

from ..models import Dispatch
from ..text import fold
from .backend import issuer_counts, pattern_counts

SHOWN = 10


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


def facet_values(rows, *, within_issuers=None) -> dict[str, list[FacetValue]]:
    """Counts per filter value over `rows` (pk, subject, issuer, province, year, type, status):
    two queries (organisations above the issuers, patterns). `within_issuers`: the ids the
    issuer filter allows, if one is set."""
    if not rows:
        return {}
    doc_types = dict(Dispatch.DocType.choices)
    statuses = dict(Dispatch.Status.choices)
    by_type = Counter(r[5] for r in rows).most_common()
    by_status = Counter(r[6] for r in rows).most_common()
    return {
        "issuer": _issuers(Counter(r[2] for r in rows), within_issuers),
        "province": [
            FacetValue(p, p, n) for p, n in Counter(r[3] for r in rows).most_common(SHOWN) if p
        ],
        "pattern": [FacetValue(s, name, n) for s, name, n in pattern_counts([r[0] for r in rows])],
        "year": [
            FacetValue(str(y), str(y), n)
            for y, n in sorted(Counter(r[4] for r in rows).items(), reverse=True)[:SHOWN]
        ],
        "doc_type": [FacetValue(t, doc_types.get(t, t), n) for t, n in by_type],
        "status": [FacetValue(s, statuses.get(s, s), n) for s, n in by_status],
    }


def _issuers(by_issuer: Counter, within) -> list[FacetValue]:
    """Each organisation with the results of its own and of every unit under it, most first."""
    found = issuer_counts(dict(by_issuer), within=within, limit=SHOWN)
    found.sort(key=lambda row: (-row[3], fold(row[2] or row[1]), row[0]))
    return [FacetValue(slug, short or name, n) for slug, name, short, n in found]
