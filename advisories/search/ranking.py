"""The order of results: exact number, then relevance, then the chain, then recency.

Relevance is computed here from the subjects, so both databases rank alike: how many of the
query's phrases the subject holds in order (the whole query counts as a phrase when it has
several words), then how many of its words.

Among results equally relevant, a chain reads from its original: a forward repeats its
parent's subject and text ("Thực hiện Công văn số 1153 …"), so on words alone 2152 and 29 tie
with 1153 and, being newer, came first. Now the members of a chain that tie stay together
where its newest member would stand, the original first, each forward after what it cites.
"""

import functools

from ..text import search_words


@functools.lru_cache(maxsize=20_000)
def subject_words(subject: str) -> tuple[frozenset[str], str]:
    """The subject's folded words, as a set and as " word word " for phrase tests.

    Kept per process: a broad search ranks its newest candidates, much the same dispatches
    from one search to the next, and folding is most of the ranking's time."""
    words = search_words(subject)
    return frozenset(words), f" {' '.join(words)} "


def rank(rows, query, *, exact_ids=(), links=()):
    """`rows` (pk, subject, …) newest first, sorted by exact number, relevance, chain, recency.

    `links`: (citing pk, cited pk) pairs among the rows (backend.chain_links)."""
    exact = set(exact_ids)
    wanted = query.words
    phrases = [f" {' '.join(p)} " for p in query.phrases] or (
        [f" {' '.join(wanted)} "] if len(wanted) > 1 else []
    )

    def relevance(row):
        if not query:
            return (row[0] not in exact, 0, 0)
        words, joined = subject_words(row[1])
        in_order = sum(1 for p in phrases if p in joined)
        present = sum(1 for w in wanted if w in words)
        return (row[0] not in exact, -in_order, -present)

    tier = {row[0]: relevance(row) for row in rows}
    position = {row[0]: n for n, row in enumerate(rows)}
    cites = {}
    for citing, cited in links:
        if citing in tier and cited in tier and tier[citing] == tier[cited]:
            cites.setdefault(citing, []).append(cited)
    if not cites:
        return sorted(rows, key=lambda r: tier[r[0]])  # stable: recency within a tier
    root, depth = _chains(position, cites)
    # A chain stands where its newest (first) member stood.
    place = dict(position)
    for pk, top in root.items():
        place[top] = min(place[top], position[pk])

    def key(row):
        pk = row[0]
        top = root.get(pk, pk)
        return (tier[pk], place[top], depth.get(pk, 0), position[pk])

    return sorted(rows, key=key)


def _chains(position, cites):
    """Each citing row's original (the top of what it cites, through rows of the same
    relevance) and its depth below it, for the rows met on the way. A row citing several
    follows the newest; a cycle stops the walk."""
    root, depth = {}, {}
    for start in cites:  # a row that cites nothing here is its own top (the callers' default)
        path, pk = [], start
        while pk not in root and pk not in path:
            path.append(pk)
            parents = cites.get(pk)
            if not parents:
                break
            pk = min(parents, key=position.__getitem__)
        if pk in root:  # reached a row already placed: the path hangs below it
            top, below = root[pk], depth[pk] + 1
            members = path
        else:  # pk is the top: cites nothing here, or closes a cycle
            top, below = pk, 0
            members = path[: path.index(pk) + 1]
            for other in path[len(members) :]:
                root[other], depth[other] = pk, 0
        for n, member in enumerate(reversed(members)):
            root[member], depth[member] = top, below + n
    return root, depth
