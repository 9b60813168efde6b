"""Why a result matched: a snippet with the words marked, and the other places they were found.

The index folds every part of a dispatch into one line (models.compose_search_text), so a
dispatch can match on words its body never shows: in the warning text, a directive, a scam
pattern tagged on it, the issuer's name, the signer, the number. Then the result says where
("Khớp: thủ đoạn “Giả danh <mark>nhà trường</mark>”"), so no result is a mystery. Pure: the
engine hands in a dispatch and the texts of its directives, warnings and patterns.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .snippets import found, has_phrase, highlight, snippet_showing

MATCH_WIDTH = 140
MAX_MATCHES = 3


@dataclass
class Match:
    """One place of the dispatch where words were found: what it is, and the words marked."""

    label: Promise | str
    text: SafeString


@dataclass
class Explanation:
    snippet: SafeString
    snippet_label: Promise | str = ""  # set when the snippet is not from the body
    matches: list[Match] = field(default_factory=list)


@dataclass
class Parts:
    """The texts of a dispatch kept in other tables, as the index reads them."""

    warnings: list[str] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)  # heading and text
    patterns: list[tuple[str, str]] = field(default_factory=list)  # name, summary


def explain(dispatch, parts: Parts, words: tuple[str, ...]) -> Explanation:
    """The snippet and the matched places of one result."""
    remaining = tuple(w for w in words if w not in found(dispatch.subject, words))
    body = f"{dispatch.body} {dispatch.closing}".strip()
    long_texts = [(_("nội dung tuyên truyền"), text) for text in parts.warnings]
    long_texts += [(_("nhiệm vụ"), text) for text in parts.directives]
    # The body's snippet, around a word the title does not show; or, when the body holds none
    # of those, the first warning text or directive that does, named.
    # Several words are best shown where they stand together ("nhà trường").
    together = tuple(w for w in remaining if not w.isdigit())
    together = together if len(together) > 1 else ()
    source = None
    if remaining and not found(body, remaining):
        source = next((p for p in long_texts if found(p[1], remaining)), None)
    if source is None:
        text, shown = snippet_showing(body, words, focus=remaining, phrase=together)
        explanation = Explanation(snippet=text)
    else:
        long_texts.remove(source)
        text, shown = snippet_showing(source[1], words, focus=remaining, phrase=together)
        explanation = Explanation(snippet=text, snippet_label=source[0])
    # Words found apart in the snippet may stand together elsewhere ("nhà trường" in a
    # pattern's name, "nhà" and "trường" apart in the body): that place says more.
    if together and has_phrase(body if source is None else source[1], together):
        together = ()
    remaining = tuple(w for w in remaining if w not in shown)
    for label, text, is_long in _places(dispatch, parts, long_texts, body):
        if (not remaining and not together) or len(explanation.matches) == MAX_MATCHES:
            break
        if together and has_phrase(text, together):
            marked = _cut(text, together) if is_long else highlight(text, together)
            explanation.matches.append(Match(label, marked))
            remaining = tuple(w for w in remaining if w not in together)
            together = ()
            continue
        here = found(text, remaining)
        if not here:
            continue
        marked = _cut(text, remaining) if is_long else highlight(text, remaining)
        explanation.matches.append(Match(label, marked))
        remaining = tuple(w for w in remaining if w not in here)
    return explanation


def _cut(text: str, words: tuple[str, ...]) -> SafeString:
    return snippet_showing(text, words, MATCH_WIDTH, focus=words)[0]


def _places(dispatch, parts, long_texts, body):
    """(label, text, is long) of every other part the index holds, in the order a reader
    would look for them; the body again last (a word further on than the snippet shows)."""
    yield from ((label, text, True) for label, text in long_texts)
    for name, summary in parts.patterns:
        name = name if set(name) & set('"“”') else f"“{name}”"
        yield _("thủ đoạn"), name, False
        yield _("thủ đoạn"), f"{name}: {summary}", True
    issuer = dispatch.issuer
    for text in (issuer.name, issuer.short_name, dispatch.issuer_line):
        yield _("cơ quan ban hành"), text, False
    yield _("cơ quan chủ quản"), dispatch.parent_body_line, False
    yield _("người ký"), dispatch.signer_name, False
    yield _("số, ký hiệu"), dispatch.number_symbol, False
    yield _("địa danh"), dispatch.place, False
    with translation.override("vi"):  # the index holds the Vietnamese name of the type
        doc_type = str(dispatch.get_doc_type_display())
    yield _("loại văn bản"), doc_type, False
    yield _("nội dung văn bản"), body, True
