"""Reads for the public pages: each a fixed number of queries whatever the amount of data."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Value
from django.db.models.functions import Replace

from portal.dbrouter import read_connection

from .models import (
    Dispatch,
    Organisation,
    Reference,
    WarningMessage,
)
from .services.receipts import recipient_organisations
from .text import fold


def public_dispatch_detail(*, issuer_slug, year, number=None, pk=None, symbol=None):
    """The public dispatch with its issuer, or Dispatch.DoesNotExist.

    Not its warning texts, nor the parts of the printed document (addressees, distribution,
    directives), nor those of the panels around it (references, patterns, files,
    corrections): they are read only when the page is rendered, once per version
    (advisories.fragments). Nor the members of an addressee group nor the units assigned to
    a directive (the receipts pages show those); each prefetch is a query to build and run."""
    queryset = Dispatch.objects.public().select_related("issuer")
    lookup = {"issuer__slug": issuer_slug, "year": year}
    if number is not None:
        lookup |= {"number": number, "symbol__iexact": symbol}
    else:
        lookup |= {"pk": pk, "number__isnull": True}
    return queryset.get(**lookup)


# Numbers every page lists once, first, for everyone ("113 — Công an"): an organisation whose
# hotline is one of them (a provincial police answering on 113) adds no line of its own.
EMERGENCY_NUMBERS = ("113",)


def _digits(field):
    """The number without the spaces, dots and dashes people write in it (in SQL)."""
    expression = F(field)
    for separator in (" ", ".", "-"):
        expression = Replace(expression, Value(separator), Value(""))
    return expression


@dataclass(frozen=True)
class ChainWarning:
    """A warning text to show on a dispatch's page, and the dispatch of the chain it was
    issued in (None: the dispatch being read)."""

    warning: WarningMessage
    source: Dispatch | None = None


def chain_warnings(*, dispatch, chain) -> list[ChainWarning]:
    """The warning texts (SMS …) a citizen reading any dispatch of a chain can copy: its own,
    then those of the chain's other published dispatches, root first, each text once (a
    forward usually repeats its source's). `dispatch.warnings` prefetched; one more query
    for a chain."""
    own = [ChainWarning(warning) for warning in dispatch.warnings.all()]
    order, stack = [], [chain] if chain else []
    while stack:  # pre-order: the root, then each forward before the next sibling
        node = stack.pop()
        order.append(node.dispatch)
        stack.extend(reversed(node.children))
    others = {
        d.pk: (rank, d)
        for rank, d in enumerate(order)
        if d.pk != dispatch.pk and d.status == Dispatch.Status.PUBLISHED
    }
    if not others:
        return own
    seen = {_warning_key(item.warning) for item in own}
    found = sorted(
        WarningMessage.objects.filter(dispatch_id__in=others),
        key=lambda w: (others[w.dispatch_id][0], w.position, w.pk),
    )
    result = own
    for warning in found:
        if (key := _warning_key(warning)) not in seen:
            seen.add(key)
            result.append(ChainWarning(warning, source=others[warning.dispatch_id][1]))
    return result


def _warning_key(warning):
    return warning.channel, " ".join(warning.text.split())


def organisations_with_hotline():
    """Active organisations with a hotline of their own (not an emergency number)."""
    return (
        Organisation.objects.filter(is_active=True)
        .exclude(hotline="")
        .alias(hotline_digits=_digits("hotline"))
        .exclude(hotline_digits__in=EMERGENCY_NUMBERS)
        .order_by("name")
    )


def _counts_by_province(organisations) -> dict[str, int]:
    """{province: number of `organisations`} in alphabetical order, accents aside ("Đắk Lắk"
    among the D's, the same on SQLite and PostgreSQL whatever their collation); "" gathers the
    bodies with no province (national ones). One query."""
    rows = organisations.order_by().values_list("province").annotate(count=Count("pk"))
    return dict(sorted(rows, key=lambda row: (fold(row[0]), row[0])))


def hotline_counts_by_province() -> dict[str, int]:
    return _counts_by_province(organisations_with_hotline())


def organisation_counts_by_province() -> dict[str, int]:
    return _counts_by_province(Organisation.objects.all())


_SUBTREE_SQL = """
WITH RECURSIVE tree(id, depth) AS (
  SELECT CAST(%s AS bigint), 0
  UNION
  SELECT o.id, tree.depth + 1 FROM advisories_organisation o JOIN tree ON o.parent_id = tree.id
  WHERE tree.depth < 20
)
SELECT DISTINCT id FROM tree
"""


def organisation_subtree_ids(organisation):
    """The organisation and every unit under it, at any depth (one query)."""
    with read_connection().cursor() as cursor:
        cursor.execute(_SUBTREE_SQL, [organisation.pk])
        return sorted(row[0] for row in cursor.fetchall())


@dataclass(frozen=True)
class Recipients:
    """The units a dispatch reaches, split by whether the notice can be mailed to them."""

    with_email: list
    without_email: list

    @property
    def count(self) -> int:
        return len(self.with_email) + len(self.without_email)


def dispatch_recipients(*, dispatch) -> Recipients:
    """Who publishing `dispatch` will ask to confirm receipt, by mail or not (one query)."""
    units = recipient_organisations(dispatch=dispatch).only("pk", "name", "email").order_by("name")
    units = list(units)
    return Recipients(
        with_email=[u for u in units if u.email], without_email=[u for u in units if not u.email]
    )


def forwards_by(*, organisation_id, source):
    """The dispatches (drafts included) of an organisation that cite `source`: its forwards."""
    if organisation_id is None:
        return Dispatch.objects.none()
    return (
        Dispatch.objects.filter(issuer_id=organisation_id, references__target=source)
        .distinct()
        .order_by("-created_at")
    )


def received_dispatches(*, organisation_id):
    """The published dispatches addressed to an organisation (directly or in a group line), each
    marked `already_forwarded` when the organisation has a dispatch citing it."""
    forwarded = Reference.objects.filter(target=OuterRef("pk"), citing__issuer_id=organisation_id)
    return (
        Dispatch.objects.published()
        .addressed_to(organisation_id)
        .annotate(already_forwarded=Exists(forwarded))
        .for_listing()
    )


def feed_dispatches(dispatches) -> list[Dispatch]:
    """The newest settings.FEED_ENTRIES of `dispatches` (a public queryset), in the lists'
    order, with what a feed entry prints: issuer, warning texts and scam patterns (four
    queries, whatever the number of dispatches). The long texts stay in the database: an entry
    links to them."""
    queryset = (
        dispatches.prefetch_related("issuer", "warnings", "scam_patterns")
        .defer("body", "closing", "search_text")
        .newest_first()
    )
    return list(queryset[: settings.FEED_ENTRIES])
