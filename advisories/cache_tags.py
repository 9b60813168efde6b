"""What a cached public page depends on: tags, each with a version kept in the shared cache.

A page is stored with the tags it depends on and their versions when it was rendered
(advisories.caching); it is served only while every one of them still has that version. A
write bumps the tags of what it changed (services.pages), so only the pages that show it
render afresh: a publish leaves the page of an unrelated dispatch cached.

The tags:

- `epoch`: every page. Bumped when nothing finer is known (the seed loaded, a corpus
  generated, Redis back after an outage: `caching.bump_after_outage`).
- `write`: bumped by every write; the pages that declare no tags depend on it (they render
  afresh after any write, as every page did before tags), and a page rendered while it moved
  is not stored (see PublicPageCacheMiddleware).
- `lists`: every list of dispatches (home, the list, search, feeds, sitemaps, statistics);
  bumped by a publish, a withdrawal, a correction, and an edit of an organisation or a pattern
  (lists print their names).
- `directory`: pages that list organisations or patterns without dispatches (the list of
  organisations, "Bị lừa đảo?", the home's hotlines); bumped by their edits.
- `receipts`, `reports`: the statistics of confirmations and of citizens' reports.
- `indicators`: the signs "Kiểm tra" looks up (phone numbers, links, accounts): bumped when one
  is linked to a dispatch or a report, or made an organisation's official number.
- `chain:<pk>`: dispatch pk and everything below it in its chain of forwards. A change of a
  dispatch bumps it for the dispatch and each one above it (chain.ancestor_ids), so a page
  tagged with its chain's root sees a change of any dispatch its chain panel shows.
- `dispatch:<pk>`: the dispatch alone (its printed document, advisories.fragments).
- `totals:<pk>`: the receipt totals the dispatch's page shows (a confirmation).
- `org:<pk>`, `pattern:<pk>`: what an organisation or a pattern prints itself (name, hotline,
  red flags): bumped by its edit; the pages that print it carry it.
- `org-dispatches:<pk>`, `pattern-dispatches:<pk>`: the dispatches an organisation's or a
  pattern's page lists: bumped by a change of one of them.
- `org-children:<pk>`: the units an organisation's page lists.

A version is a time in nanoseconds, never reused: a bump writes max(now, current + 1), and a
tag evicted from the cache comes back with a new version, which only makes pages render
afresh. When the cache does not answer, versions are unknown (None): pages are not served from
it nor stored in it, and a bump is lost (`caching.bump_after_outage` makes up for it).
"""

import time

from django.core.cache import cache

EPOCH = "epoch"
WRITE = "write"
LISTS = "lists"
DIRECTORY = "directory"
RECEIPTS = "receipts"
REPORTS = "reports"
INDICATORS = "indicators"

_PREFIX = "public-tag:"


def chain(pk) -> str:
    return f"chain:{pk}"


def dispatch(pk) -> str:
    return f"dispatch:{pk}"


def totals(pk) -> str:
    return f"totals:{pk}"


def org(pk) -> str:
    return f"org:{pk}"


def org_dispatches(pk) -> str:
    return f"org-dispatches:{pk}"


def org_children(pk) -> str:
    return f"org-children:{pk}"


def pattern(pk) -> str:
    return f"pattern:{pk}"


def pattern_dispatches(pk) -> str:
    return f"pattern-dispatches:{pk}"


def versions(tags) -> dict[str, int] | None:
    """The current version of each tag (one get_many; a tag never seen, or evicted, is
    created), or None when the cache does not answer."""
    return versions_and(tags)[0]


def versions_and(tags, keys=()) -> tuple[dict[str, int] | None, dict]:
    """The versions of `tags` (as `versions`) and the cache entries of `keys` that are there,
    read with one get_many: what is kept under a tag is checked in the same round trip."""
    tag_keys = {_PREFIX + tag: tag for tag in tags}
    found = cache.get_many([*tag_keys, *keys])
    missing = [key for key in tag_keys if key not in found]
    if missing:
        now = time.time_ns()
        for key in missing:
            cache.add(key, now, timeout=None)
        found |= cache.get_many(missing)
        if any(key not in found for key in missing):
            return None, {}
    tag_versions = {tag: found[key] for key, tag in tag_keys.items()}
    return tag_versions, {key: found[key] for key in keys if key in found}


def bump(tags) -> None:
    """A new version for each of `tags`, and for `write`: every page stored with an older
    one is stale. Never fails: with the cache down the write is lost (portal.cache)."""
    keys = [_PREFIX + tag for tag in {*tags, WRITE}]
    current = cache.get_many(keys)
    now = time.time_ns()
    cache.set_many({key: max(now, current.get(key, 0) + 1) for key in keys}, timeout=None)
