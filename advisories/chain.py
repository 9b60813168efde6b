"""The chain a dispatch belongs to: the root it forwards from and every forward below it.

Two queries whatever the depth: one recursive CTE over the references (supported by SQLite and
PostgreSQL alike) finds the root and walks down from it, one fetches the dispatches.
"""

from dataclasses import dataclass, field

from django.db import connection

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


@dataclass
class ChainNode:
    dispatch: Dispatch
    depth: int
    is_current: bool = False
    children: list["ChainNode"] = field(default_factory=list)


def chain_edges(dispatch_id):
    """(id, parent_id, depth) rows of the chain, root first; each id once, at its first depth."""
    sql = _CHAIN_SQL.format(ref=connection.ops.quote_name(Reference._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": dispatch_id, "max": MAX_DEPTH})
        rows = cursor.fetchall()
    seen, edges = set(), []
    for node_id, parent_id, depth in rows:
        if node_id not in seen:
            seen.add(node_id)
            edges.append((node_id, parent_id, depth))
    return edges


def build_chain(dispatch, *, visible=None):
    """The chain's root node (a tree of ChainNode), or None when the dispatch stands alone.

    `visible` is the queryset the nodes come from (public dispatches for citizens); a node
    outside it is left out together with everything under it.
    """
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
