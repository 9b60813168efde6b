"""The API's operations. Lists page by an opaque cursor (the last id seen: a keyset on the
primary key, the same cost on page 1 and page 10,000); a search query (`q`) ranks as the search
page does and pages by the cursor's page number. Every list holds a fixed number of queries."""

import base64
import binascii

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from ..chain import build_chain
from ..forms import SearchForm
from ..indicators.check import check_indicator
from ..models import Dispatch, Organisation, ScamPattern
from ..search.engine import Filters, run_search
from ..search.query import parse_query
from . import schemas

api = NinjaAPI(
    title="Cổng cảnh báo lừa đảo — API dữ liệu mở",
    version="1",
    description=(
        "Read-only open data: the published anti-fraud advisories (công văn cảnh báo lừa đảo), "
        "their chains, scam patterns, organisations, and the indicator check. Licence: the "
        "documents are official texts (Law on Intellectual Property, art. 15); the data is "
        "open (CC BY 4.0: cite the portal)."
    ),
    urls_namespace="api",
    docs_url=None,  # our own page renders the document: no script from elsewhere (CSP)
    openapi_url="/openapi.json",
)

MAX_LIMIT = 100


class ListFilters(Schema):
    q: str = ""
    coquan: str = ""
    tinh: str = ""
    thudoan: str = ""
    nam: str = ""
    loai: str = ""
    trangthai: str = ""
    cursor: str = ""
    limit: int = 20


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# An id or a page number a cursor may carry: what a database integer holds.
MAX_CURSOR = 2**63 - 1


def _cursor_value(cursor: str) -> int | None:
    """The value of a cursor this API handed out (`_cursor`), refused otherwise: only the exact
    text it writes is read back, so no other spelling of a number, and no number the database
    cannot compare, reaches a query."""
    if not cursor:
        return None
    try:
        value = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        value = -1
    if not 0 <= value <= MAX_CURSOR or _cursor(value) != cursor:
        raise HttpError(400, _("Con trỏ trang (cursor) không hợp lệ."))
    return value


def _cursor(value: int) -> str:
    return base64.urlsafe_b64encode(str(value).encode()).decode().rstrip("=")


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise HttpError(400, _("limit phải từ 1 đến %(max)s.") % {"max": MAX_LIMIT})
    return limit


def _advisory(dispatch) -> dict:
    return {
        "id": dispatch.pk,
        "reference": dispatch.number_symbol,
        "doc_type": dispatch.doc_type,
        "title": dispatch.subject,
        "issuer": dispatch.issuer.slug,
        "issuer_name": dispatch.issuer.name,
        "date": dispatch.short_date,
        "published_at": dispatch.published_at,
        "status": dispatch.status,
        "patterns": [p.slug for p in dispatch.scam_patterns.all()],
        "url": _site(dispatch.get_absolute_url()),
    }


def _organisation(organisation) -> dict:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "province": organisation.province,
        "parent": organisation.parent.slug if organisation.parent_id else None,
        "hotline": organisation.hotline,
        "url": _site(organisation.get_absolute_url()),
    }


def _search_form(filters: ListFilters) -> tuple[SearchForm, Filters]:
    form = SearchForm(filters.dict(exclude={"cursor", "limit"}))
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        raise ApiValidationError(errors)
    return form, form.filters()


class ApiValidationError(Exception):
    def __init__(self, errors):
        self.errors = errors


@api.exception_handler(ApiValidationError)
def _invalid(request, error):
    return api.create_response(
        request, {"detail": _("Tham số không hợp lệ."), "errors": error.errors}, status=400
    )


@api.exception_handler(NinjaValidationError)
def _wrong_type(request, error):
    """A parameter of the wrong type (limit=abc): a 400 in Vietnamese, naming the parameter."""
    errors = {}
    for item in error.errors:
        name = str(item.get("loc", ["?"])[-1])
        errors.setdefault(name, []).append(_("Giá trị không đúng kiểu."))
    return api.create_response(
        request, {"detail": _("Tham số không hợp lệ."), "errors": errors}, status=400
    )


_LISTED = Dispatch.objects.public().select_related("issuer").prefetch_related("scam_patterns")


@api.get(
    "/advisories",
    response={200: schemas.AdvisoryPage, 400: schemas.ErrorOut},
    summary="Published advisories (the search page's filters)",
)
def advisories(request, filters: Query[ListFilters]):
    """Published and withdrawn advisories, most recently added first; with `q`, ranked as the
    search page ranks them. Filters: coquan (organisation slug, its units included), tinh
    (province), thudoan (pattern slug), nam (year), loai (type), trangthai (status)."""
    limit = _limit(filters.limit)
    form, chosen = _search_form(filters)
    after = _cursor_value(filters.cursor)
    query = parse_query(form.cleaned_data["q"])
    if query:
        page_number = (after or 0) + 1
        result = run_search(query=query, filters=chosen, page_number=page_number)
        page = result.page
        ids = [hit.dispatch.pk for hit in page.object_list] if page else []
        rows = {d.pk: d for d in _LISTED.filter(pk__in=ids)}
        return {
            "items": [_advisory(rows[pk]) for pk in ids if pk in rows],
            "next_cursor": _cursor(page_number) if page and page.has_next() else None,
            "total": result.total,
        }
    queryset = chosen.apply(_LISTED).order_by("-pk")
    if after is not None:
        queryset = queryset.filter(pk__lt=after)
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_advisory(d) for d in rows],
        "next_cursor": _cursor(rows[-1].pk) if more else None,
    }


@api.get(
    "/advisories/{advisory_id}",
    response={200: schemas.AdvisoryDetailOut, 404: schemas.ErrorOut},
    summary="One advisory with its chain and indicators",
)
def advisory(request, advisory_id: int):
    dispatch = (
        _LISTED.prefetch_related("directives", "warnings", "indicators")
        .filter(pk=advisory_id)
        .first()
    )
    if dispatch is None:
        raise HttpError(404, _("Không có văn bản công khai này."))
    chain = []
    root = build_chain(dispatch, visible=Dispatch.objects.public())
    stack = [root] if root else []
    while stack:
        node = stack.pop(0)
        chain.append(
            {
                "id": node.dispatch.pk,
                "reference": node.dispatch.number_symbol,
                "issuer_name": node.dispatch.issuer.name,
                "depth": node.depth,
                "url": _site(node.dispatch.get_absolute_url()),
            }
        )
        stack = list(node.children) + stack
    return _advisory(dispatch) | {
        "body": dispatch.body,
        "directives": [d.text for d in dispatch.directives.all()],
        "warnings": [{"channel": w.channel, "text": w.text} for w in dispatch.warnings.all()],
        "withdrawal_reason": dispatch.withdrawal_reason,
        "chain": chain,
        "indicators": [
            {"kind": i.kind, "value": i.value, "display": i.display_value}
            for i in dispatch.indicators.all()
        ],
    }


@api.get("/patterns", response=list[schemas.PatternOut], summary="Scam patterns")
def patterns(request):
    return [
        {
            "slug": p.slug,
            "name": p.name,
            "summary": p.summary,
            "red_flags": p.red_flag_list,
            "what_to_do": p.what_to_do_list,
            "channels": [str(c) for c in p.channel_labels],
            "url": _site(p.get_absolute_url()),
        }
        for p in ScamPattern.objects.order_by("name")
    ]


@api.get(
    "/organisations",
    response={200: schemas.OrganisationPage, 400: schemas.ErrorOut},
    summary="Organisations (issuers and recipients)",
)
def organisations(request, tinh: str = "", cursor: str = "", limit: int = 50):
    limit = _limit(limit)
    after = _cursor_value(cursor)
    queryset = Organisation.objects.select_related("parent").order_by("pk")
    if tinh:
        queryset = queryset.filter(province=tinh[:80])
    if after is not None:
        queryset = queryset.filter(pk__gt=after)
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_organisation(o) for o in rows],
        "next_cursor": _cursor(rows[-1].pk) if more else None,
    }


@api.get(
    "/check",
    response={200: schemas.CheckOut, 400: schemas.ErrorOut},
    summary="What the portal knows of a phone number, link, account or name",
)
def check(request, q: str):
    """As /kiem-tra/: advisories naming it, verified reports (a count), official numbers. No
    record never means safe."""
    if len(q) > 400:
        raise HttpError(400, _("Nội dung quá dài."))
    result = check_indicator(q)
    if not result.readings:
        raise HttpError(400, _("Không đọc được nội dung cần kiểm tra."))
    return {
        "query": result.query,
        "read_as": [r.kind for r in result.readings],
        "signs": [
            {
                "kind": sign.kind,
                "value": sign.value,
                "display": sign.display_value,
                "advisories": [_advisory(d) for d in sign.warning_dispatches],
                "verified_reports": sign.verified_reports,
            }
            for sign in result.signs
            if sign.warning_dispatches or sign.verified_reports
        ],
        "official_for": [_organisation(o) for o in result.official],
        "note": _(
            "Không có trong cảnh báo không có nghĩa là an toàn: kẻ gian đổi số, đường link "
            "hằng ngày."
        ),
    }
