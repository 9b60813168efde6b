"""The chain a dispatch belongs to: the root it forwards from and every forward below it.

Two queries whatever the depth: one recursive CTE over the references (supported by SQLite and
PostgreSQL alike) finds the root and walks down from it, one fetches the dispatches.

Lists show a chain once, as its highest listed dispatch (`DispatchQuerySet.chain_heads`, with
the condition in models/chains.py); `forwards_below` fetches, for a page of those rows, the
forwards under each (two queries, whatever the number of rows and the depth).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from portal.dbrouter import read_connection

from .models import Dispatch, Reference

MAX_DEPTH = 30  # a bound against reference cycles entered by mistake

_CHAIN_SQL = """
WITH RECURSIVE
  up(id, depth) AS (
    SELECT CAST(%(start)s AS bigint), 0
    UNION
    SELECT r.target_id, up.depth + 1 FROM {ref} r JOIN up ON r.citing_id = up.id
    WHERE r.target_id IS NOT NULL AND up.depth < %(max)s
  ),
  root(id) AS (SELECT id FROM up ORDER BY depth DESC, id LIMIT 1),
  down(id, parent_id, depth) AS (
    SELECT id, CAST(NULL AS bigint), 0 FROM root
    UNION
    SELECT r.citing_id, r.target_id, down.depth + 1 FROM {ref} r JOIN down ON r.target_id = down.id
    WHERE down.depth < %(max)s
  )
SELECT id, parent_id, depth FROM down ORDER BY depth, id
"""


_ANCESTORS_SQL = """
WITH RECURSIVE up(id, depth) AS (
  SELECT CAST(%(start)s AS bigint), 0
  UNION
  SELECT r.target_id, up.depth + 1 FROM {ref} r JOIN up ON r.citing_id = up.id
  WHERE r.target_id IS NOT NULL AND up.depth < %(max)s
)
SELECT DISTINCT id FROM up
"""


@dataclass
class ChainNode:
    dispatch: Dispatch
    depth: int
    is_current: bool = False
    children: list["ChainNode"] = field(default_factory=list)


def chain_edges(dispatch_id):
    """(id, parent_id, depth) rows of the chain, root first; each id once, at its first depth."""
    sql = _CHAIN_SQL.format(ref=connection.ops.quote_name(Reference._meta.db_table))
    with read_connection().cursor() as cursor:
        cursor.execute(sql, {"start": dispatch_id, "max": MAX_DEPTH})
        rows = cursor.fetchall()
    seen, edges = set(), []
    for node_id, parent_id, depth in rows:
        if node_id not in seen:
            seen.add(node_id)
            edges.append((node_id, parent_id, depth))
    return edges


def ancestor_ids(dispatch_id) -> list[int]:
    """The dispatch and every dispatch above it (those it cites, at any depth), whatever
    their state: every root of a chain it belongs to is among them (one query). A change of
    the dispatch is seen by the pages of each of their chains (cache_tags.chain)."""
    sql = _ANCESTORS_SQL.format(ref=connection.ops.quote_name(Reference._meta.db_table))
    with read_connection().cursor() as cursor:
        cursor.execute(sql, {"start": dispatch_id, "max": MAX_DEPTH})
        return sorted(row[0] for row in cursor.fetchall())


def build_chain(dispatch, *, visible=None, edges=None):
    """The chain's root node (a tree of ChainNode), or None when the dispatch stands alone.

    `visible` is the queryset the nodes come from (public dispatches for citizens); a node
    outside it is left out together with everything under it. `edges`: chain_edges of the
    dispatch, if the caller has them already.
    """
    if edges is None:
        edges = chain_edges(dispatch.pk)
    if len(edges) <= 1:
        return None
    queryset = visible if visible is not None else Dispatch.objects.all()
    by_id = {
        d.pk: d for d in queryset.filter(pk__in=[e[0] for e in edges]).select_related("issuer")
    }
    nodes = {}
    root = None
    for node_id, parent_id, depth in edges:
        if node_id not in by_id or (parent_id is not None and parent_id not in nodes):
            continue
        node = ChainNode(by_id[node_id], depth, is_current=node_id == dispatch.pk)
        nodes[node_id] = node
        if parent_id is None:
            root = node
        else:
            nodes[parent_id].children.append(node)
    if root is None or len(nodes) <= 1:
        return None
    return root


_FORWARDS_SQL = """
WITH RECURSIVE below(top_id, id) AS (
  SELECT r.target_id, r.citing_id FROM {ref} r WHERE r.target_id IN ({tops})
  UNION
  SELECT below.top_id, r.citing_id FROM {ref} r JOIN below ON r.target_id = below.id
)
SELECT top_id, id FROM below
"""


def forwards_below(dispatches, *, visible):
    """Set on each of `dispatches` (a page of list rows) `forwards`: the dispatches of
    `visible` below it in its chain, oldest first, each with its issuer; and
    `forwarding_units`: how many units issued them. Two queries."""
    dispatches = list(dispatches)
    for dispatch in dispatches:
        dispatch.forwards, dispatch.forwarding_units = [], 0
    if not dispatches:
        return dispatches
    sql = _FORWARDS_SQL.format(
        ref=connection.ops.quote_name(Reference._meta.db_table),
        tops=", ".join(["%s"] * len(dispatches)),
    )
    with read_connection().cursor() as cursor:
        cursor.execute(sql, [d.pk for d in dispatches])
        rows = cursor.fetchall()
    below = defaultdict(set)
    for top_id, node_id in rows:
        if node_id != top_id:  # a cycle back to the row itself
            below[top_id].add(node_id)
    ids = set().union(*below.values())
    found = visible.filter(pk__in=ids).select_related("issuer") if ids else []
    by_id = {d.pk: d for d in found}
    for dispatch in dispatches:
        forwards = [by_id[pk] for pk in below[dispatch.pk] if pk in by_id]
        dispatch.forwards = sorted(forwards, key=_oldest_first)
        dispatch.forwarding_units = len({forward.issuer_id for forward in forwards})
    return dispatches


def _oldest_first(dispatch):
    return (dispatch.year, dispatch.month or 0, dispatch.day or 0, dispatch.pk)
