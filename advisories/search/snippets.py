"""Snippets with the matched words in <mark>, built from escaped text only.

Matching is done on a folded copy of the text that keeps one character per original character,
so a match found in "lua dao" marks exactly "lừa đảo" in the original.
"""

import functools
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..text import fold_same_length

WINDOW = 220


@functools.lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(re.escape, words)) + r")(?![a-z0-9])")


@functools.lru_cache(maxsize=512)
def _folded(text: str) -> str:
    """fold_same_length(text), remembered: a result's body is searched for several sets of
    words (explain.py), and folding it is most of the cost."""
    return fold_same_length(text)


def _matches(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) spans in `text` of whole words equal to one of `words`, ignoring accents."""
    if not words or not text:
        return []
    return [m.span() for m in _pattern(tuple(words)).finditer(_folded(text))]


def highlight(text: str, words: tuple[str, ...]) -> SafeString:
    """The whole text, escaped, with every matching word in <mark>."""
    return _marked(text, _matches(text, words), 0, len(text))


def found(text: str, words: tuple[str, ...]) -> set[str]:
    """Which of `words` occur in `text` as whole words, ignoring accents."""
    folded = _folded(text)
    return {folded[a:b] for a, b in _matches(text, words)}


@functools.lru_cache(maxsize=256)
def _phrase_pattern(words: tuple[str, ...]) -> re.Pattern:
    joined = r"[^a-z0-9]+".join(map(re.escape, words))
    return re.compile(r"(?<![a-z0-9])" + joined + r"(?![a-z0-9])")


def has_phrase(text: str, words: tuple[str, ...]) -> bool:
    """Whether `words` stand in `text` one after the other, ignoring accents and punctuation."""
    return bool(words and text and _phrase_pattern(tuple(words)).search(_folded(text)))


def snippet(text: str, words: tuple[str, ...], width: int = WINDOW) -> SafeString:
    """About `width` characters of `text` around its first match, matches marked, with '…'
    where the text was cut. Without a match, the beginning of the text."""
    return snippet_showing(text, words, width)[0]


def snippet_showing(
    text: str,
    words: tuple[str, ...],
    width: int = WINDOW,
    *,
    focus: tuple[str, ...] = (),
    phrase: tuple[str, ...] = (),
) -> tuple[SafeString, set[str]]:
    """snippet(), and which of `words` it shows marked (the others are outside its window).
    The window is around the first place where the `phrase` words stand together, else the
    first match of a `focus` word, else the first match."""
    spans = _matches(text, words)
    folded = _folded(text) if spans else ""
    anchor = next((a for a, b in spans if folded[a:b] in focus), spans[0][0] if spans else 0)
    if spans and len(phrase) > 1 and (together := _phrase_pattern(tuple(phrase)).search(folded)):
        anchor = together.start()
    start = 0
    if spans:
        start = max(0, anchor - width // 3)
        if start:  # begin at a word boundary
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < anchor else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    marked = _marked(text, spans, start, end)
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shown = {folded[a:b] for a, b in spans if a >= start and b <= end}
    return mark_safe(prefix + marked + suffix), shown  # noqa: S308 - escaped in _marked


def _marked(text, spans, start, end):
    pieces, position = [], start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    return mark_safe("".join(pieces))  # noqa: S308 - built from escaped text only
