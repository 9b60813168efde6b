"""The scam patterns a search names. "school", "police" or "giả danh công an" list the matching
patterns above the dispatches, whichever language was typed: a pattern's search text holds its
Vietnamese and English words (ScamPattern.build_search_text), padded so that words match whole.

Patterns are few (tens, not the hundreds of thousands of dispatches): one LIKE per word over
their table is one query, whatever the number of dispatches."""

from ..models import ScamPattern
from .query import ParsedQuery

MAX_PATTERNS = 4


def matching_patterns(query: ParsedQuery, *, limit: int = MAX_PATTERNS) -> list[ScamPattern]:
    """The patterns whose text holds every word and every phrase of `query` (one query)."""
    if not query:
        return []
    patterns = ScamPattern.objects.all()
    for words in [(term,) for term in query.terms] + list(query.phrases):
        patterns = patterns.filter(search_text__contains=f" {' '.join(words)} ")
    return list(patterns.order_by("name")[:limit])
