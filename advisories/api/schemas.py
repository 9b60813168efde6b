"""What the API answers, field by field (these classes are the OpenAPI document's schemas)."""

from datetime import datetime

from ninja import Schema


class OrganisationOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    province: str
    parent: str | None = None
    hotline: str
    url: str


class PatternOut(Schema):
    slug: str
    name: str
    summary: str
    red_flags: list[str]
    what_to_do: list[str]
    channels: list[str]
    url: str


class AdvisoryOut(Schema):
    id: int
    reference: str
    doc_type: str
    title: str
    issuer: str
    issuer_name: str
    date: str
    published_at: datetime | None
    status: str
    patterns: list[str]
    url: str


class IndicatorOut(Schema):
    kind: str
    value: str
    display: str


class ChainLinkOut(Schema):
    id: int
    reference: str
    issuer_name: str
    depth: int
    url: str


class WarningOut(Schema):
    channel: str
    text: str


class AdvisoryDetailOut(AdvisoryOut):
    body: str
    directives: list[str]
    warnings: list[WarningOut]
    withdrawal_reason: str
    chain: list[ChainLinkOut]
    indicators: list[IndicatorOut]


class AdvisoryPage(Schema):
    items: list[AdvisoryOut]
    next_cursor: str | None
    total: int | None = None


class OrganisationPage(Schema):
    items: list[OrganisationOut]
    next_cursor: str | None


class CheckSignOut(IndicatorOut):
    advisories: list[AdvisoryOut]
    verified_reports: int


class CheckOut(Schema):
    query: str
    read_as: list[str]
    signs: list[CheckSignOut]
    official_for: list[OrganisationOut]
    note: str


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}
