"""Typo tolerance: "Bạn muốn tìm …?", built from the words the index holds.

A candidate changes the query in one place: one word one edit away (a letter missing, extra,
wrong, or two swapped: "lu" → "lua", "sso" → "so", "dau" → "dao"), one word split into two
("luadao" → "lua dao"), or two joined ("l ua" → "lua"); and, when several words are unknown,
every one replaced at once by its nearest known word (an edit away, else pg_trgm's trigram
similarity, computed here the same way on SQLite). Nothing is written for particular words.

How a candidate is weighed depends on what the query as typed finds:
- several results (`from_subjects`): the subjects of those results, already in memory, show
  which phrase the reader meant: "lua dau" finds hundreds of dispatches with both words, but
  their subjects say "lừa đảo" again and again and never "lừa đâu". No query.
- few or none (`from_vocabulary`): the candidates are looked up in the vocabulary (one query)
  and the likeliest few counted against the public dispatches (one statement of capped
  counts, as a phrase and as words). This reads no filter, so the same words get the same
  suggestion on every filtered page, and a facet link lands on the results its count promised.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal.dbrouter import read_connection

from ..models import SearchWord
from .backend import known_words, match_counts
from .query import ParsedQuery

MIN_SIMILARITY = 0.45
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# Candidates counted against the dispatches when the query finds few or none, likeliest first.
COUNTED = 8
COUNT_CAP = 50
# When the query as typed finds something, a suggestion must hold its words together this many
# times more often, in at least MIN_SUPPORT dispatches (or subjects).
RATIO = 3
MIN_SUPPORT = 3
# Subject evidence is looked for only in short queries: a long one rarely is a phrase.
MAX_PHRASE_WORDS = 4


@dataclass(frozen=True)
class Suggestion:
    """A query to offer instead of the one typed, and which of its words were changed."""

    query: ParsedQuery
    changed: frozenset[str]

    @property
    def text(self) -> str:
        return self.query.text()

    def marked(self) -> SafeString:
        """The suggested query with the changed words in <strong>, escaped."""

        def word(w):
            return f"<strong>{escape(w)}</strong>" if w in self.changed else escape(w)

        pieces = [word(w) for w in self.query.terms]
        pieces += ['"' + " ".join(word(w) for w in p) + '"' for p in self.query.phrases]
        return mark_safe(" ".join(pieces))  # noqa: S308 - every word escaped


@dataclass(frozen=True)
class _Candidate:
    parts: tuple[tuple[str, ...], ...]
    prior: tuple  # (-likeness, text): smaller is likelier

    def query(self) -> ParsedQuery:
        return ParsedQuery(raw="").with_parts(self.parts)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all distinct trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def edits1(word: str) -> set[str]:
    """Every string one deletion, swap of neighbours, replacement or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word, ""}


def _editable(word: str) -> bool:
    return word.isalpha()


def _alternatives(query: ParsedQuery, vocabulary, *, only_unknown: bool):
    """Single-change candidates whose every new word is in `vocabulary` (a set), likeliest
    first: a split or a join, then the edits by trigram similarity to the word typed (a
    letter changed near the end keeps more of the word than one at its start)."""
    parts = query.parts
    found = []
    for p, words in enumerate(parts):
        for i, word in enumerate(words):
            if not _editable(word) or (only_unknown and word in vocabulary):
                continue
            for other in edits1(word) & vocabulary:
                found.append((p, i, i + 1, (other,), (-similarity(word, other), other)))
            for k in range(1, len(word)):
                left, right = word[:k], word[k:]
                if left in vocabulary and right in vocabulary:
                    found.append((p, i, i + 1, (left, right), (-0.9, f"{left} {right}")))
        for i in range(len(words) - 1):
            a, b = words[i], words[i + 1]
            wanted = not only_unknown or a not in vocabulary or b not in vocabulary
            if wanted and _editable(a) and _editable(b) and a + b in vocabulary:
                found.append((p, i, i + 2, (a + b,), (-0.9, a + b)))
    candidates = {}
    for p, start, end, new, prior in found:
        changed = list(parts)
        changed[p] = (*parts[p][:start], *new, *parts[p][end:])
        candidate = _Candidate(tuple(changed), prior)
        if candidate.parts not in candidates or prior < candidates[candidate.parts].prior:
            candidates[candidate.parts] = candidate
    return sorted(candidates.values(), key=lambda c: c.prior)


def _suggestion(typed: ParsedQuery, candidate: _Candidate) -> Suggestion:
    query = candidate.query()
    return Suggestion(query=query, changed=frozenset(query.words) - set(typed.words))


def stands_in(typed: ParsedQuery, subjects) -> bool:
    """Whether the query as typed stands in one of `subjects` (" word word " strings,
    ranking.subject_words): its words together, as a reader means them. Such a query needs
    no suggestion."""
    phrase = f" {' '.join(typed.words)} "
    return any(phrase in s for s in subjects)


def from_subjects(typed: ParsedQuery, subjects) -> Suggestion | None:
    """A suggestion weighed by the subjects of what the query as typed found: `subjects` is
    a list of " word word " strings (ranking.subject_words). None when the query's own words
    stand together in one of them, or no candidate does so in MIN_SUPPORT."""
    words = typed.words
    if typed.phrases or not 2 <= len(words) <= MAX_PHRASE_WORDS or stands_in(typed, subjects):
        return None
    seen = set()
    for s in subjects:
        seen.update(s.split())
    best, best_hits = None, 0
    for candidate in _alternatives(typed, seen, only_unknown=False):
        wanted = f" {' '.join(candidate.query().words)} "
        hits = sum(1 for s in subjects if wanted in s)
        if hits > best_hits:
            best, best_hits = candidate, hits
    if best is None or best_hits < MIN_SUPPORT:
        return None
    return _suggestion(typed, best)


def from_vocabulary(typed: ParsedQuery) -> Suggestion | None:
    """A suggestion for a query that finds few or no dispatches: its candidates looked up in
    the vocabulary, the likeliest COUNTED counted against the public dispatches."""
    words = [w for w in typed.words if _editable(w)]
    if not words:
        return None
    asked = set(typed.words)
    for part in typed.parts:
        for i, word in enumerate(part):
            if _editable(word):
                asked |= edits1(word)
                asked |= {piece for k in range(1, len(word)) for piece in (word[:k], word[k:])}
            if i + 1 < len(part):
                asked.add(word + part[i + 1])
    known = known_words(sorted(asked))  # the vocabulary, as far as it was asked
    unknown = [w for w in words if w not in known]
    candidates = _alternatives(typed, known, only_unknown=bool(unknown))
    if len(unknown) > 1 or (unknown and not candidates):
        combined = _replace_all(typed, unknown, known)
        if combined is not None:
            candidates.insert(0, combined)
    candidates = candidates[:COUNTED]
    if not candidates:
        return None
    queries = [typed] + [c.query() for c in candidates]
    several = len(typed.words) > 1
    counted = queries + ([q.as_phrase() for q in queries] if several else [])
    counts = match_counts(counted, cap=COUNT_CAP)
    by_words, by_phrase = counts[: len(queries)], counts[len(queries) :] or counts[: len(queries)]
    scored = [
        (by_phrase[n + 1], by_words[n + 1], -n, candidate)
        for n, candidate in enumerate(candidates)
        if by_words[n + 1]
    ]
    if not scored:
        return None
    phrase, found, _, best = max(scored, key=lambda s: s[:3])
    # Words that find something are taken as meant, unless together they are no phrase the
    # dispatches use and the suggestion is one ("lua dau" → "lua dao").
    if by_words[0] and not (several and found >= MIN_SUPPORT and phrase > RATIO * by_phrase[0]):
        return None
    return _suggestion(typed, best)


def _replace_all(typed: ParsedQuery, unknown: list[str], known) -> _Candidate | None:
    """Every unknown word replaced by its nearest known one: an edit away if there is one,
    else the nearest by trigram similarity (at least MIN_SIMILARITY)."""
    nearest = {}
    far = []
    for word in unknown:
        close = edits1(word) & known
        if close:
            nearest[word] = max(sorted(close), key=lambda c: similarity(word, c))
        else:
            far.append(word)
    nearest |= _nearest_by_trigrams([w for w in far if len(w) > 2])
    if not nearest:
        return None
    parts = tuple(tuple(nearest.get(w, w) for w in part) for part in typed.parts)
    return _Candidate(parts, (-1, ""))


def _nearest_by_trigrams(unknown: list[str]) -> dict[str, str]:
    """{word: nearest known word sharing its first letter} by trigram similarity: one query
    (pg_trgm's GIN index on PostgreSQL; on SQLite the words sharing a first letter, scored here)."""
    if not unknown:
        return {}
    if connection.vendor == "postgresql":
        # `%` finds the candidates through the trigram index at pg_trgm's own threshold (0.3,
        # looser than ours); the same first letter, as on SQLite, so both answer alike.
        sql = (
            "SELECT DISTINCT ON (q.w) q.w, s.word FROM unnest(%s::text[]) AS q(w) "
            "JOIN advisories_searchword s ON s.word %% q.w AND left(s.word, 1) = left(q.w, 1) "
            "WHERE similarity(s.word, q.w) >= %s "
            "ORDER BY q.w, similarity(s.word, q.w) DESC, s.word"
        )
        with read_connection().cursor() as cursor:
            cursor.execute(sql, [list(unknown), MIN_SIMILARITY])
            return dict(cursor.fetchall())
    first_letters = Q()
    for letter in sorted({w[0] for w in unknown}):
        first_letters |= Q(word__startswith=letter)
    words = list(SearchWord.objects.filter(first_letters).values_list("word", flat=True))
    found = {}
    for word in unknown:
        scored = [(similarity(word, c), c) for c in words if c[0] == word[0]]
        best = min(scored, key=lambda s: (-s[0], s[1]), default=(0, None))
        if best[0] >= MIN_SIMILARITY:
            found[word] = best[1]
    return found
