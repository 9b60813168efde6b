"""What a search that finds nothing shows instead of a dead end.

A reader who types a phone number, a link or an account number is usually holding a call or
a message that worries them: they are told at once where to check and report it. Every reader
who finds nothing gets the scam patterns nearest to their words (else the ones most recently
warned about), what to do if they were scammed, and whom to call.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Max, When

from .. import selectors
from ..models import Dispatch, ScamPattern
from ..text import fold, search_words
from .vocabulary import similarity

PATTERNS_SHOWN = 3
HOTLINES_SHOWN = 6
RECENT_DISPATCHES = 50


class Kind:
    """What the query looks like, beyond words."""

    PHONE = "phone"
    LINK = "link"
    ACCOUNT = "account"


_SEPARATORS = re.compile(r"[\s.\-()]+")
# Vietnamese numbers: 0 + 9 digits (mobile, landline with area code), +84/84 + 9; 1800/1900
# hotlines; a few more digits for landlines written with the old area codes.
_PHONE = re.compile(r"^(?:\+?84|0)\d{8,10}$|^1[89]00\d{4,6}$")
_ACCOUNT = re.compile(r"^\d{8,19}$")
# A link, or a bare domain with a usual top-level domain (not a dispatch symbol "TTYT-DS.TTGDSK").
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$")
_DOMAIN = re.compile(
    r"^(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|vn|xyz|top|site|online|shop|store|club|live|"
    r"link|click|app|io|co|cc|me|ly|tk|ml|ga|cf|gq|pw|icu|vip|asia|pro|work|fun|today|"
    r"website|space|tech|cloud|bio|gl|gg|to|id|us|uk|cn|ru)(?::\d+)?(?:[/?#]\S*)?$"
)


def looks_like(raw: str) -> str | None:
    """Kind.PHONE, Kind.LINK, Kind.ACCOUNT or None for what a reader typed or pasted."""
    text = fold(raw).strip().strip("\"'")
    if not text:
        return None
    if " " not in text and (_URL.match(text) or _DOMAIN.match(text)):
        return Kind.LINK
    digits = _SEPARATORS.sub("", text)
    if _PHONE.match(digits):
        return Kind.PHONE
    if _ACCOUNT.match(digits):
        return Kind.ACCOUNT
    return None


@dataclass
class Guidance:
    """The help shown in place of results."""

    kind: str | None = None
    patterns: list = field(default_factory=list)
    patterns_are_near: bool = False  # near the words typed, or only the most recent
    hotlines: list = field(default_factory=list)


def guidance_for(*, kind: str | None, words: tuple[str, ...], province: str = "") -> Guidance:
    """The help for a search that found nothing: two or three queries (the patterns, the
    recent ones if none is near, the hotlines). `kind`: what looks_like() said of the query."""
    near = []
    if not kind:
        fields = ("slug", "name", "summary", "targets", "impersonates")
        near = nearest_patterns(words, list(ScamPattern.objects.only(*fields)))
    result = Guidance(kind=kind, patterns=near, patterns_are_near=bool(near))
    if not near:
        result.patterns = recent_patterns()
    result.hotlines = _hotlines(province)
    return result


def _hotlines(province: str) -> list:
    """Whom to call, as the home page lists them: every hotline when there are a few, else
    the national ones and those of the province filtered on (one query: those first)."""
    wanted = Case(When(province__in={"", province}, then=0), default=1)
    hotlines = (
        selectors.organisations_with_hotline()
        .only("slug", "name", "hotline", "province")
        .annotate(elsewhere=wanted)
        .order_by("elsewhere", "province", "name")
    )
    few = list(hotlines[: HOTLINES_SHOWN + 1])
    if len(few) <= HOTLINES_SHOWN:
        return few
    return [o for o in few if not o.elsewhere][:HOTLINES_SHOWN]


def nearest_patterns(words: tuple[str, ...], patterns, limit: int = PATTERNS_SHOWN) -> list:
    """The patterns sharing the most telling words with the query: each word weighs by how
    few patterns hold it (a word in every pattern, "gia danh", tells little), twice in the
    name; a word no pattern holds counts for its nearest by trigrams (a typo, a missing
    accent). Nothing under one telling word."""
    if not words or not patterns:
        return []
    texts = []
    for pattern in patterns:
        name = set(search_words(pattern.name))
        rest = set(search_words(f"{pattern.summary} {pattern.targets} {pattern.impersonates}"))
        texts.append((pattern, name, rest | name))
    holding = Counter(w for _, _, every in texts for w in every)
    targets = {}  # word typed → (word the patterns hold, weight)
    for word in words:
        if word in holding or len(word) <= 3:
            targets[word] = (word, 1.0)
            continue
        close = max(holding, key=lambda v: (similarity(word, v), v))
        if similarity(word, close) >= 0.5:
            targets[word] = (close, similarity(word, close))
    scores = []
    for pattern, name, every in texts:
        score = 0.0
        for target, weight in targets.values():
            if target in every:
                telling = math.log(1 + len(texts) / holding[target])
                score += weight * telling * (2 if target in name else 1)
        scores.append((score, pattern.name, pattern))
    minimum = math.log(1 + len(texts) / max(1, len(texts) // 2))
    best = sorted((s for s in scores if s[0] >= minimum), key=lambda s: (-s[0], s[1]))
    return [pattern for _, _, pattern in best[:limit]]


def recent_patterns(limit: int = PATTERNS_SHOWN) -> list:
    """The patterns of the most recent warnings, latest first (one query, over the newest
    RECENT_DISPATCHES public dispatches only, so that its cost does not grow with the data)."""
    newest = Dispatch.objects.public().newest_first().values("pk")[:RECENT_DISPATCHES]
    return list(
        ScamPattern.objects.filter(dispatches__in=newest)
        .only("slug", "name", "summary")
        .annotate(latest=Max("dispatches__published_at"))
        .order_by("-latest", "name")[:limit]
    )
