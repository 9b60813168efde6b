"""Reads for following up receipts: each a fixed number of queries, whatever the number of units.

The counts are aggregated in the database (COUNT … FILTER) rather than by loading deliveries.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from ..chain import chain_edges
from ..models import Delivery, Directive, DirectiveReport, Dispatch, NoticeRound
from ..models.receipts import OPEN, is_receiving, overdue_before


@dataclass
class ReceiptCounts:
    addressed: int = 0
    confirmed: int = 0
    overdue: int = 0
    failed: int = 0
    no_email: int = 0

    @property
    def pending(self):
        return self.addressed - self.confirmed

    @property
    def percent_confirmed(self):
        return round(100 * self.confirmed / self.addressed) if self.addressed else 0


def receipt_counts(*, dispatch: Dispatch) -> ReceiptCounts:
    """Addressed, confirmed, overdue, failed and without e-mail, in one query. Nothing is
    overdue once the dispatch is withdrawn."""
    pending = Q(confirmed_at__isnull=True)
    row = Delivery.objects.filter(dispatch=dispatch).aggregate(
        addressed=Count("pk"),
        confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
        overdue=Count("pk", filter=pending & OPEN & Q(created_at__lt=overdue_before())),
        failed=Count("pk", filter=pending & ~Q(last_error="")),
        no_email=Count("pk", filter=pending & Q(organisation__email="")),
    )
    return ReceiptCounts(**row)


def public_receipt_totals(*, dispatch: Dispatch) -> dict:
    """What a citizen may see: how many units were sent the dispatch and how many confirmed,
    never which. One query."""
    return Delivery.objects.filter(dispatch=dispatch).aggregate(
        addressed=Count("pk"), confirmed=Count("pk", filter=Q(confirmed_at__isnull=False))
    )


def latest_reports(*, dispatch: Dispatch):
    """The current report of each (unit, directive) pair: those with no newer report."""
    newer = DirectiveReport.objects.filter(
        delivery=OuterRef("delivery"), directive=OuterRef("directive"), pk__gt=OuterRef("pk")
    )
    return DirectiveReport.objects.filter(directive__dispatch=dispatch).exclude(Exists(newer))


@dataclass
class DirectiveProgress:
    directive: Directive
    assigned: int
    done: int = 0
    in_progress: int = 0

    @property
    def not_started(self):
        return max(self.assigned - self.done - self.in_progress, 0)


def directive_progress(*, dispatch: Dispatch) -> list[DirectiveProgress]:
    """Per directive: the units assigned, and how many report it done or in progress. Two
    queries."""
    directives = Directive.objects.filter(dispatch=dispatch).annotate(
        assigned=Count("assignees", distinct=True)
    )
    counts = (
        latest_reports(dispatch=dispatch)
        .values("directive_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_directive = {}
    for row in counts:
        by_directive.setdefault(row["directive_id"], {})[row["status"]] = row["n"]
    progress = []
    for directive in directives.order_by("position"):
        statuses = by_directive.get(directive.pk, {})
        progress.append(
            DirectiveProgress(
                directive,
                directive.assigned,
                done=statuses.get(DirectiveReport.Status.DONE, 0),
                in_progress=statuses.get(DirectiveReport.Status.IN_PROGRESS, 0),
            )
        )
    return progress


@dataclass
class ChainProgress:
    dispatch: Dispatch
    depth: int
    addressed: int
    confirmed: int
    is_current: bool = False
    children: list["ChainProgress"] = field(default_factory=list)

    @property
    def percent_confirmed(self):
        return round(100 * self.confirmed / self.addressed) if self.addressed else 0

    @property
    def is_open(self):
        """False for a withdrawn dispatch: its units are no longer asked to confirm."""
        return is_receiving(self.dispatch)

    def walk(self):
        """This node and every node below it, depth first, in printed order."""
        yield self
        for child in self.children:
            yield from child.walk()


def chain_progress(*, dispatch: Dispatch) -> ChainProgress:
    """Receipt progress at every level of the dispatch's chain, from its root down. Two queries
    whatever the depth or the number of units: the chain's CTE, then one aggregate."""
    edges = chain_edges(dispatch.pk) or [(dispatch.pk, None, 0)]
    rows = (
        Dispatch.objects.filter(pk__in=[e[0] for e in edges])
        .select_related("issuer")
        .annotate(
            n_addressed=Count("deliveries"),
            n_confirmed=Count("deliveries", filter=Q(deliveries__confirmed_at__isnull=False)),
        )
    )
    by_id = {d.pk: d for d in rows}
    nodes, root = {}, None
    for node_id, parent_id, depth in edges:
        if node_id not in by_id or (parent_id is not None and parent_id not in nodes):
            continue
        d = by_id[node_id]
        node = ChainProgress(d, depth, d.n_addressed, d.n_confirmed, node_id == dispatch.pk)
        nodes[node_id] = node
        if parent_id is None:
            root = node
        else:
            nodes[parent_id].children.append(node)
    return root


def last_notice_round(*, dispatch):
    """The latest round of notices sent for the dispatch, or None."""
    return NoticeRound.objects.filter(dispatch=dispatch).order_by("-started_at").first()


def recently_confirmed(*, dispatch, count: int):
    """The `count` deliveries confirmed last, newest first, with their units."""
    return (
        Delivery.objects.filter(dispatch=dispatch)
        .confirmed()
        .select_related("organisation")
        .order_by("-confirmed_at")[:count]
    )
