"""Links of the search page, each the current search with one thing changed (shareable GETs):
a facet value's filter set; the suggested words instead of the typed ones; the typed words
"exactly" (no suggestion standing in for them)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

# (facet, GET parameter, title, whether its values are names from the data, hence Vietnamese
# on an English page too). A pattern's name has an English version: each label says its own
# language (a LocalizedText, see backend.pattern_counts).
FACET_PARAMS = [
    ("issuer", "coquan", _("Cơ quan ban hành (kể cả đơn vị trực thuộc)"), True),
    ("province", "tinh", _("Tỉnh, thành phố"), True),
    ("pattern", "thudoan", _("Thủ đoạn lừa đảo"), False),
    ("year", "nam", _("Năm"), False),
    ("doc_type", "loai", _("Loại văn bản"), False),
    ("status", "trangthai", _("Trạng thái"), False),
]


@dataclass
class FacetLink:
    label: str
    count: int
    href: str
    active: bool


@dataclass
class FacetGroup:
    title: str
    links: list[FacetLink]
    clear_href: str | None
    values_are_names: bool = False


def _href(pairs: list[tuple[str, str]], name: str, value: str | None) -> str:
    """The current search's URL with `name` set to `value` (removed when None), page reset."""
    kept, placed = [], False
    for key, current in pairs:
        if key == "trang":
            continue
        if key == name:
            if value is not None and not placed:
                kept.append((key, value))
                placed = True
            continue
        kept.append((key, current))
    if value is not None and not placed:
        kept.append((name, value))
    return "?" + urlencode(kept)


def facet_groups(params: QueryDict, facets: dict) -> list[FacetGroup]:
    """The facet groups to show, in a fixed order, each value linking to the narrowed search."""
    pairs = [(key, value) for key, values in params.lists() for value in values]
    groups = []
    for key, param, title, values_are_names in FACET_PARAMS:
        current = params.get(param, "")
        values = facets.get(key) or []
        links = [
            FacetLink(v.label, v.count, _href(pairs, param, v.value), v.value == current)
            for v in values
        ]
        if links:
            clear = _href(pairs, param, None) if current else None
            groups.append(FacetGroup(title, links, clear, values_are_names))
    return groups


def search_links(params: QueryDict, result) -> dict[str, str]:
    """{"suggestion": the search for the suggested words, "exact": the search for the words
    as typed, exactly}, filters kept, page reset; empty without a suggestion."""
    if result.suggestion is None:
        return {}
    pairs = [(key, value) for key, values in params.lists() for value in values]
    suggested = _href([(k, v) for k, v in pairs if k != "chinhxac"], "q", result.suggestion.text)
    return {"suggestion": suggested, "exact": _href(pairs, "chinhxac", "1")}
