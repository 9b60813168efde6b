"""The SQL condition that tells a forward from the dispatch it forwards, for list queries.

A list shows a chain once (DispatchQuerySet.chain_heads): a forward is left out when the
dispatch it cites, at any depth, is in the same list. The condition is one correlated recursive
CTE inside the list's own query (SQLite and PostgreSQL alike), so a page and its count stay one
query each whatever the number of chains and their depth.
"""

from django.db.models import BooleanField, Exists, Expression, F
from django.db.models.expressions import RawSQL

from .references import Reference

_CITES_ANY_OF_SQL = """EXISTS (
  WITH RECURSIVE cited(id) AS (
    SELECT r.target_id FROM {ref} r WHERE r.citing_id = {outer} AND r.target_id IS NOT NULL
    UNION
    SELECT r.target_id FROM {ref} r JOIN cited ON r.citing_id = cited.id
    WHERE r.target_id IS NOT NULL
  )
  SELECT 1 FROM cited WHERE {ancestor}
)"""


class CitesAnyOf(Expression):
    """True for a dispatch that cites, directly or through the dispatches it cites (a forward
    of a forward), one of `ancestors` (a Dispatch queryset): it is a forward of one of them.

    `.exclude(CitesAnyOf(listed))` keeps the highest dispatch of each chain among `listed`: the
    root when it is listed, else the highest listed ones under it. UNION (not UNION ALL) makes
    the walk stop on a cycle of references entered by mistake."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, ancestors):
        super().__init__()
        self.outer = F("pk")
        # "Is this cited dispatch one of `ancestors`?" asked by primary key for each one the
        # walk meets: `cited.id IN (ancestors)` made SQLite list every public dispatch first
        # (20 ms at 20,000 for a page of 20 rows).
        cited = ancestors.prefetch_related(None).order_by().filter(pk=RawSQL("cited.id", ()))
        self.ancestor = Exists(cited.values("pk"))

    def get_source_expressions(self):
        return [self.outer, self.ancestor]

    def set_source_expressions(self, expressions):
        self.outer, self.ancestor = expressions

    def as_sql(self, compiler, connection):
        outer_sql, outer_params = compiler.compile(self.outer)
        ancestor_sql, ancestor_params = compiler.compile(self.ancestor)
        sql = _CITES_ANY_OF_SQL.format(
            ref=connection.ops.quote_name(Reference._meta.db_table),
            outer=outer_sql,
            ancestor=ancestor_sql,
        )
        return sql, (*outer_params, *ancestor_params)
