"""What a citizen typed, parsed: words, "quoted phrases" and a dispatch number/symbol.

Everything is folded (text.search_words), so "LỪA ĐẢO", "lừa đảo" and "lua dao" parse alike and
only the letters a-z and digits reach the database: safe to put in an FTS5 or tsquery string.
"""

import re
from dataclasses import dataclass

from ..text import fold, search_words

MAX_WORDS = 12
_QUOTED = re.compile(r'"([^"]*)"?')
_REFERENCE = re.compile(r"^(?:so\s*:?\s*)?(?P<number>\d{1,7})(?:\s*/\s*(?P<symbol>[a-z0-9.\-]+))?$")


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    number: int | None = None
    symbol: str | None = None

    def __bool__(self):
        return bool(self.terms or self.phrases)

    @property
    def words(self) -> tuple[str, ...]:
        """Every word, in the order typed (phrases included), each once."""
        seen = dict.fromkeys(self.terms)
        for phrase in self.phrases:
            seen |= dict.fromkeys(phrase)
        return tuple(seen)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH string: every term and every phrase must occur."""
        parts = [f'"{t}"' for t in self.terms] + ['"' + " ".join(p) + '"' for p in self.phrases]
        return " AND ".join(parts)

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery('simple', …) string with the same meaning as fts5()."""
        parts = list(self.terms) + ["(" + " <-> ".join(p) + ")" for p in self.phrases]
        return " & ".join(parts)

    @property
    def parts(self) -> tuple[tuple[str, ...], ...]:
        """The terms, then each phrase: the units a typo suggestion edits."""
        return (self.terms, *self.phrases)

    def with_parts(self, parts) -> "ParsedQuery":
        """The query with its terms and phrases replaced (a suggestion); raw becomes its text."""
        terms = tuple(dict.fromkeys(parts[0]))
        phrases = tuple(dict.fromkeys(tuple(p) for p in parts[1:] if p))
        query = ParsedQuery(raw="", terms=terms, phrases=phrases)
        return ParsedQuery(raw=query.text(), terms=terms, phrases=phrases)

    def text(self) -> str:
        """What to type to get this query again: 'lua dao "so lien lac"'."""
        return " ".join([*self.terms, *('"' + " ".join(p) + '"' for p in self.phrases)])

    def as_phrase(self) -> "ParsedQuery":
        """Every word in order as one phrase: how a reader usually means several words."""
        words = self.words
        if len(words) < 2:
            return self
        return ParsedQuery(raw=self.raw, phrases=(words,))


def parse_query(raw: str) -> ParsedQuery:
    """'"so lien lac" 1153' → phrase (so, lien, lac) and term 1153; at most MAX_WORDS words."""
    raw = raw[:200].strip()
    phrases, budget = [], MAX_WORDS
    for quoted in _QUOTED.findall(raw):
        words = tuple(search_words(quoted)[:budget])
        budget -= len(words)
        if len(words) > 1:
            phrases.append(words)
    unquoted = _QUOTED.sub(" ", raw)
    single = [w for q in _QUOTED.findall(raw) if len(ws := search_words(q)) == 1 for w in ws]
    terms = tuple(dict.fromkeys(single + search_words(unquoted)[: max(budget, 0)]))
    number = symbol = None
    if match := _REFERENCE.match(fold(raw).replace('"', "")):
        number = int(match["number"])
        symbol = match["symbol"]
    return ParsedQuery(
        raw=raw,
        terms=terms,
        phrases=tuple(dict.fromkeys(phrases)),
        number=number,
        symbol=symbol,
    )
