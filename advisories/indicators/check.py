""" "Kiểm tra": what the portal knows of a number, a link, an account or a name a citizen holds.

A constant number of queries whatever the size of the data: the readings of the query are
looked up together on the (kind, value) unique index, then the advisories that name them and
the organisations that own them come in one prefetch each."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from ..models import Dispatch, Indicator, Organisation
from .normalize import Normalised, readings

MAX_QUERY_LENGTH = 200
ADVISORIES_PER_SIGN = 10
# A name is also found by its beginning ("so lien lac" → "Sổ liên lạc điện tử"), never by a
# fragment shorter than this.
NAME_PREFIX_MIN = 4
_NAME_KINDS = (Indicator.Kind.APP, Indicator.Kind.SENDER)


@dataclass
class CheckResult:
    """The query, how it was read, and the signs found; `official` are the state bodies whose
    number it is."""

    query: str
    readings: list[Normalised]
    signs: list[Indicator] = field(default_factory=list)
    official: list[Organisation] = field(default_factory=list)

    @property
    def warned(self) -> list[Indicator]:
        """The signs that published advisories name."""
        return [sign for sign in self.signs if sign.warning_dispatches]

    @property
    def reported(self) -> list[Indicator]:
        """The signs that verified reports name (a count each; never who reported)."""
        return [sign for sign in self.signs if sign.verified_reports]

    @property
    def patterns(self):
        seen = {}
        for sign in self.warned:
            for dispatch in sign.warning_dispatches:
                for pattern in dispatch.scam_patterns.all():
                    seen.setdefault(pattern.pk, pattern)
        return list(seen.values())

    @property
    def kinds(self) -> list[str]:
        labels = dict(Indicator.Kind.choices)
        return list(dict.fromkeys(str(labels[r.kind]) for r in self.readings))

    @property
    def found_nothing(self) -> bool:
        return not self.warned and not self.official and not self.reported


def _lookup(found: list[Normalised]) -> Q:
    condition = Q(pk__in=[])
    for reading in found:
        condition |= Q(kind=reading.kind, value=reading.value)
        if reading.kind in _NAME_KINDS and len(reading.value) >= NAME_PREFIX_MIN:
            # an index range, usable on both databases (LIKE 'x%' is not, on SQLite)
            condition |= Q(
                kind=reading.kind, value__gte=reading.value, value__lt=reading.value + "\uffff"
            )
    return condition


def clean_query(query: str) -> str:
    """The box's text as it is read: no control characters (PostgreSQL refuses NUL), spaces
    collapsed, at most MAX_QUERY_LENGTH characters."""
    query = "".join(c for c in query if c.isprintable() or c.isspace())
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def check_indicator(query: str) -> CheckResult:
    """Look `query` up; an unreadable query gives a result with no readings."""
    query = clean_query(query)
    result = CheckResult(query=query, readings=readings(query) if query else [])
    if not result.readings:
        return result
    advisories = (
        Dispatch.objects.published()
        .select_related("issuer")
        .prefetch_related("scam_patterns")
        .newest_first()
    )
    signs = (
        Indicator.objects.filter(_lookup(result.readings))
        .annotate(verified_reports=Count("reports", filter=Q(reports__verified=True)))
        .prefetch_related(
            Prefetch(
                "dispatches",
                queryset=advisories[:ADVISORIES_PER_SIGN],
                to_attr="warning_dispatches",
            ),
            Prefetch(
                "official_for",
                queryset=Organisation.objects.select_related("parent").order_by("name"),
                to_attr="official_organisations",
            ),
        )
        .order_by("kind", "value")[:20]
    )
    result.signs = list(signs)
    official = {}
    for sign in result.signs:
        for organisation in sign.official_organisations:
            official.setdefault(organisation.pk, organisation)
    result.official = list(official.values())
    return result
