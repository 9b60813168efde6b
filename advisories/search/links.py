"""Facet links: each value's URL is the current search with that filter set (shareable GETs)."""

from dataclasses import dataclass

from django.http import QueryDict

FACET_PARAMS = [
    ("issuer", "coquan", "Cơ quan ban hành (kể cả đơn vị trực thuộc)"),
    ("province", "tinh", "Tỉnh, thành phố"),
    ("pattern", "thudoan", "Thủ đoạn lừa đảo"),
    ("year", "nam", "Năm"),
    ("doc_type", "loai", "Loại văn bản"),
    ("status", "trangthai", "Trạng thái"),
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


def _href(params: QueryDict, name: str, value: str | None) -> str:
    params = params.copy()
    params.pop("trang", None)
    if value is None:
        params.pop(name, None)
    else:
        params[name] = value
    return "?" + params.urlencode()


def facet_groups(params: QueryDict, facets: dict) -> list[FacetGroup]:
    """The facet groups to show, in a fixed order, each value linking to the narrowed search."""
    groups = []
    for key, param, title in FACET_PARAMS:
        current = params.get(param, "")
        values = facets.get(key) or []
        links = [
            FacetLink(v.label, v.count, _href(params, param, v.value), v.value == current)
            for v in values
        ]
        if links:
            clear = _href(params, param, None) if current else None
            groups.append(FacetGroup(title, links, clear))
    return groups
