"""Reads for the public pages: each a fixed number of queries whatever the amount of data."""

from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch

from .models import Addressee, Dispatch, DistributionLine, Organisation, Reference
from .services.receipts import recipient_organisations
from .text import fold


def public_dispatch_detail(*, issuer_slug, year, number=None, pk=None, symbol=None):
    """The public dispatch with every printed part prefetched, or Dispatch.DoesNotExist.

    Only what the page prints: not the members of an addressee group nor the units assigned to
    a directive (the receipts pages show those); each prefetch is a query to build and run."""
    queryset = Dispatch.objects.public().select_related("issuer")
    queryset = queryset.prefetch_related(
        Prefetch("addressees", Addressee.objects.select_related("organisation")),
        Prefetch("distribution", DistributionLine.objects.select_related("organisation")),
        Prefetch("references", Reference.objects.select_related("target", "target__issuer")),
        "directives",
        "warnings",
        "scam_patterns",
        "attachments",
        "corrections",
    )
    lookup = {"issuer__slug": issuer_slug, "year": year}
    if number is not None:
        lookup |= {"number": number, "symbol__iexact": symbol}
    else:
        lookup |= {"pk": pk, "number__isnull": True}
    return queryset.get(**lookup)


def organisations_with_hotline():
    return Organisation.objects.filter(is_active=True).exclude(hotline="").order_by("name")


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
    with connection.cursor() as cursor:
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
