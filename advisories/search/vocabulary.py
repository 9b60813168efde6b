"""Typo tolerance: a word that no dispatch contains is replaced by the nearest known word.

PostgreSQL measures nearness with pg_trgm (trigram similarity, GIN index on SearchWord.word);
SQLite with the same trigram formula computed here over the words sharing the first letter.
"""

from django.db import connection

from ..models import SearchWord

MIN_SIMILARITY = 0.45


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all distinct trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def corrections(words: tuple[str, ...]) -> dict[str, str]:
    """{unknown word: nearest known word} for the words of `words` absent from the vocabulary.

    Two queries at most whatever the vocabulary size on PostgreSQL; on SQLite one per unknown
    word (a query has at most query.MAX_WORDS words)."""
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    unknown = [w for w in words if w not in known and not w.isdigit() and len(w) > 2]
    if not unknown:
        return {}
    if connection.vendor == "postgresql":
        return _nearest_postgresql(unknown)
    return _nearest_python(unknown)


def _nearest_postgresql(unknown):
    found = {}
    sql = (
        "SELECT DISTINCT ON (q.w) q.w, s.word FROM unnest(%s::text[]) AS q(w) "
        "JOIN advisories_searchword s ON s.word %% q.w "
        "WHERE similarity(s.word, q.w) >= %s "
        "ORDER BY q.w, similarity(s.word, q.w) DESC, s.word"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_limit(%s)", [MIN_SIMILARITY])
        cursor.execute(sql, [list(unknown), MIN_SIMILARITY])
        found = dict(cursor.fetchall())
    return found


def _nearest_python(unknown):
    found = {}
    for word in unknown:
        candidates = SearchWord.objects.filter(word__startswith=word[0]).values_list(
            "word", flat=True
        )
        scored = [(similarity(word, c), c) for c in candidates.iterator(chunk_size=2000)]
        best = min(scored, key=lambda s: (-s[0], s[1]), default=(0, None))
        if best[0] >= MIN_SIMILARITY:
            found[word] = best[1]
    return found
