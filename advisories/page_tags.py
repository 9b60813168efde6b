"""The cache tags of the pages that show particular objects (advisories.cache_tags): what a
view adds to its response with `caching.depends_on`, read from the objects it rendered (no
query)."""

from . import cache_tags as tags


def _chain_nodes(node):
    stack = [node] if node else []
    while stack:
        node = stack.pop()
        yield node.dispatch
        stack.extend(node.children)


def dispatch_page(dispatch, *, chain, root_id, printed_ids=(), panels) -> set[str]:
    """A dispatch's page: its chain (under `root_id`, the chain's root whatever is public),
    its receipt totals, every organisation it prints (issuer, chain, and `printed_ids`: those
    of the recipients' lines, fragments.document) and what its panels print (the dispatches
    it cites and their issuers, its scam patterns: fragments.Panels.tags)."""
    found = {tags.chain(root_id), tags.chain(dispatch.pk), tags.totals(dispatch.pk)}
    organisations = {dispatch.issuer_id, *printed_ids}
    organisations |= {node.issuer_id for node in _chain_nodes(chain)}
    organisations.discard(None)
    found |= {tags.org(pk) for pk in organisations}
    return found | panels.tags()


def rows(dispatches) -> set[str]:
    """Rows of a list (with the forwards `chain.forwards_below` set on them, if any): each
    row's chain (a change of the row or of a forward under it) and every issuer printed."""
    found = set()
    for dispatch in dispatches:
        found.add(tags.chain(dispatch.pk))
        found.add(tags.org(dispatch.issuer_id))
        found |= {tags.org(forward.issuer_id) for forward in getattr(dispatch, "forwards", ())}
    return found
