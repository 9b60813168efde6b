"""Parts of a public page that change rarely, rendered once per version and kept in the cache.

A dispatch's page is assembled from two kept parts: the page itself (`kept_page`,
`render_page`) and its receipt totals (`receipt_totals`), which change with every
confirmation. A confirmation renders only the totals again; a change of anything else the
page prints (the dispatch, its chain, an organisation or a pattern it names) renders the page
again, around two finer parts that are kept too: the printed document (`document`) and the
panels around it (`panels`: corrections, scam patterns, cited documents, original files).
Each part is kept with its DEFLATE form, so the assembled page is sent gzipped without being
compressed again (portal.gzip_parts). A page assembled from kept parts costs no query and one
or two round trips to the cache.

The printed document of a dispatch (includes/_document.html: header, addressees, body,
directives, distribution, signature) does not change until the dispatch is corrected. Its key
holds the language, the dispatch, its `updated_at` (read with the row, so the row's fields and
the key agree even if a write lands before the versions are read) and the versions of the
`dispatch:<pk>` tag (every service that changes a dispatch bumps it), of `directory` (the
organisation names an addressee line prints) and of `epoch`. The versions are read before the
parts are, as the page cache does: a write during the rendering leaves the fragment under
versions that are already out of date. And a digest of the templates and of the translations
(and, for the whole page, of the static files' names), so a fragment kept for a day is never
one of the previous release.

The panels and the page also print other objects (the patterns' red flags, a cited
dispatch's number and issuer, the chain), known only once they are read: their entry is
stored with the tags of those objects and the versions these had when it was rendered, and
used only while they still have them (one get_many, as the page cache checks its entries); a
write during the rendering (the `write` tag moved) keeps it from being stored.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal import gzip_parts

from . import cache_tags, page_tags
from .caching import LocalEntries
from .models import Addressee, DistributionLine, Reference

FRAGMENT_SECONDS = 24 * 3600  # keyed by version: a day of reuse; Redis's LRU bounds them

DOCUMENT_PARTS = (
    Prefetch("addressees", Addressee.objects.select_related("organisation")),
    Prefetch("distribution", DistributionLine.objects.select_related("organisation")),
    "directives",
)


TEMPLATE = "includes/_document.html"

# The panels around the document, each from its template (advisories/dispatch_detail.html).
PANEL_TEMPLATES = {
    "corrections": "includes/_dispatch_corrections.html",
    "patterns": "includes/_dispatch_patterns.html",
    "references": "includes/_dispatch_references.html",
    "attachments": "includes/_dispatch_attachments.html",
}
PANEL_PARTS = (
    Prefetch("references", Reference.objects.select_related("target", "target__issuer")),
    "scam_patterns",
    "attachments",
    "corrections",
)


@functools.cache
def _release(*templates) -> str:
    """A digest of what renders a fragment besides the data: its templates and the compiled
    translations."""
    digest = hashlib.blake2b(digest_size=8)
    for template in templates:
        digest.update(Path(get_template(template).origin.name).read_bytes())
    for folder in settings.LOCALE_PATHS:
        for catalogue in sorted(Path(folder).glob("*/LC_MESSAGES/django.mo")):
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()


# The shape of what is stored: changed with it, so a release never reads the previous one's.
_FORMAT = 5


def _today() -> str:
    """Part of every key: a pattern printed "Đang xảy ra" (warned about lately) stops being
    so with the days alone, no write moving a tag."""
    return timezone.localdate().isoformat()


def _key(dispatch, versions, *, kind, release) -> str:
    changed = dispatch.updated_at.isoformat()
    stamp = f"{_FORMAT}:{_today()}:{release}:{changed}:{sorted(versions.items())}"
    digest = hashlib.blake2b(stamp.encode(), digest_size=12).hexdigest()
    return f"fragment:{kind}:{get_language()}:{dispatch.pk}:{digest}"


def document(dispatch) -> tuple[SafeString, set[int]]:
    """The printed document of `dispatch` (with its issuer loaded) as HTML, and the ids of the
    organisations its recipients' lines print (the page depends on them: caching.depends_on).
    From the cache when this version was rendered before."""
    tags = [cache_tags.EPOCH, cache_tags.DIRECTORY, cache_tags.dispatch(dispatch.pk)]
    versions = cache_tags.versions(tags)
    release = _release(TEMPLATE)
    key = None if versions is None else _key(dispatch, versions, kind="document", release=release)
    if key is not None and (stored := cache.get(key)) is not None:
        html, organisation_ids = stored
        return mark_safe(html), set(organisation_ids)  # noqa: S308 (rendered by us)
    prefetch_related_objects([dispatch], *DOCUMENT_PARTS)
    html = render_to_string(TEMPLATE, {"dispatch": dispatch})
    lines = [*dispatch.addressees.all(), *dispatch.distribution.all()]
    organisation_ids = {line.organisation_id for line in lines if line.organisation_id}
    if key is not None:
        cache.set(key, (html, sorted(organisation_ids)), FRAGMENT_SECONDS)
    return mark_safe(html), organisation_ids  # noqa: S308


@dataclass
class Panels:
    """The panels of a dispatch's page as HTML, and what the rest of the page needs to know of
    what they print: the scam patterns (ids, and the first one's summary for the sharing
    description) and the dispatches cited (id and issuer id, for the page's tags)."""

    corrections: SafeString
    patterns: SafeString
    references: SafeString
    attachments: SafeString
    pattern_ids: list[int] = field(default_factory=list)
    first_pattern_summary: str = ""
    cited: list[tuple[int, int]] = field(default_factory=list)  # (dispatch id, issuer id)

    def to_stored(self) -> dict:
        html = {name: str(getattr(self, name)) for name in PANEL_TEMPLATES}
        return html | {
            "pattern_ids": self.pattern_ids,
            "first_pattern_summary": self.first_pattern_summary,
            "cited": self.cited,
        }

    @classmethod
    def from_stored(cls, stored: dict) -> "Panels":
        html = {name: mark_safe(stored[name]) for name in PANEL_TEMPLATES}  # noqa: S308
        return cls(
            **html,
            pattern_ids=list(stored["pattern_ids"]),
            first_pattern_summary=stored["first_pattern_summary"],
            cited=[tuple(pair) for pair in stored["cited"]],
        )

    def tags(self) -> set[str]:
        """What the panels print besides the dispatch itself: each pattern, each dispatch
        cited (its chain tag moves with it) and the issuer it prints for it."""
        found = {cache_tags.pattern(pk) for pk in self.pattern_ids}
        for dispatch_id, issuer_id in self.cited:
            found |= {cache_tags.chain(dispatch_id), cache_tags.org(issuer_id)}
        return found


def _render_panels(dispatch) -> Panels:
    prefetch_related_objects([dispatch], *PANEL_PARTS)
    context = {"dispatch": dispatch}
    html = {
        name: mark_safe(render_to_string(template, context).strip())  # noqa: S308
        for name, template in PANEL_TEMPLATES.items()
    }
    patterns = list(dispatch.scam_patterns.all())
    return Panels(
        **html,
        pattern_ids=[pattern.pk for pattern in patterns],
        first_pattern_summary=patterns[0].summary if patterns else "",
        cited=[
            (reference.target_id, reference.target.issuer_id)
            for reference in dispatch.references.all()
            if reference.target_id
        ],
    )


def _printed_versions(tags, *, write_before):
    """The versions of `tags`, read after what prints them was rendered (they are known only
    then); None when a write happened since `write_before` (the `write` tag's version read
    before rendering) or the cache does not answer: what was rendered may then hold what the
    write changed, and is not stored."""
    after = cache_tags.versions(set(tags) | {cache_tags.WRITE})
    if after is None or after.pop(cache_tags.WRITE) != write_before:
        return None
    return after


def panels(dispatch) -> Panels:
    """The panels of `dispatch`'s page (with its issuer loaded), from the cache while neither
    the dispatch nor anything they print has changed; else rendered (four queries) and
    stored."""
    own = [cache_tags.EPOCH, cache_tags.dispatch(dispatch.pk)]
    versions = cache_tags.versions([*own, cache_tags.WRITE])
    if versions is None:  # the cache does not answer
        return _render_panels(dispatch)
    write_before = versions.pop(cache_tags.WRITE)
    release = _release(*PANEL_TEMPLATES.values())
    key = _key(dispatch, versions, kind="panels", release=release)
    stored = cache.get(key)
    if stored is not None and cache_tags.versions(stored["tags"]) == stored["tags"]:
        return Panels.from_stored(stored["panels"])
    rendered = _render_panels(dispatch)
    printed = _printed_versions(rendered.tags(), write_before=write_before)
    if printed is not None:
        cache.set(key, {"panels": rendered.to_stored(), "tags": printed}, FRAGMENT_SECONDS)
    return rendered


# Where the receipt totals go in a stored page (an HTML comment: the text a page prints is
# escaped, so no dispatch can print it).
TOTALS_MARK = "<!--receipt-totals-->"
TOTALS_TEMPLATE = "includes/_dispatch_receipts.html"


@functools.cache
def _site_release() -> str:
    """A digest of everything a whole page is printed with besides the data: every template,
    the compiled translations and the static files' hashed names (a page links them)."""
    digest = hashlib.blake2b(digest_size=8)
    for engine in settings.TEMPLATES:
        for folder in engine.get("DIRS", ()):
            for path in sorted(Path(folder).rglob("*.html")):
                digest.update(path.read_bytes())
    digest.update(_release().encode())
    digest.update(repr(sorted(getattr(staticfiles_storage, "hashed_files", {}).items())).encode())
    return digest.hexdigest()


def _page_key(path) -> str:
    stamp = f"{_FORMAT}:{_today()}:{_site_release()}:{path}"
    digest = hashlib.blake2b(stamp.encode(), digest_size=16)
    return f"fragment:page:{get_language()}:{digest.hexdigest()}"


def _totals_key(pk) -> str:
    return f"fragment:totals:{_FORMAT}:{_release(TOTALS_TEMPLATE)}:{get_language()}:{pk}"


def _totals_tags(pk) -> list[str]:
    return [cache_tags.EPOCH, cache_tags.totals(pk)]


@dataclass
class DispatchPage:
    """A dispatch's public page as kept: the HTML (UTF-8) before and after its receipt totals,
    which change with every confirmation and are kept apart, each with its DEFLATE form
    (portal.gzip_parts); the tags of what it prints and, when the page was assembled from
    what is kept, the versions they were checked against."""

    pk: int
    before: tuple[bytes, bytes]
    after: tuple[bytes, bytes]
    tags: set[str]
    totals: tuple[bytes, bytes] | None = None
    versions: dict[str, int] | None = None

    def content(self) -> bytes:
        return self.before[0] + self.totals[0] + self.after[0]

    def gzipped(self) -> bytes:
        return gzip_parts.gzip_of([self.before, self.totals, self.after])


_local = LocalEntries(settings.PUBLIC_PAGE_LOCAL_ENTRIES)


def kept_page(path) -> DispatchPage | None:
    """The page of the dispatch at `path` (its canonical address) as kept by `render_page`,
    with its receipt totals if they are kept too; None unless everything it prints still has
    the version it had when it was rendered. No query; one round trip to the cache when this
    process holds a copy of the page (as the page cache does), else two.

    Keyed by the address rather than the dispatch, so that a page assembled from what is kept
    reads nothing from the database: a change of the dispatch (its address included) bumps
    its tag, which every kept page of it carries."""
    key = _page_key(path)
    entry = _local.get(key)
    if entry is not None and (page := _checked(entry)) is not None:
        return page
    entry = cache.get(key)
    if not isinstance(entry, dict) or (page := _checked(entry)) is None:
        return None
    _local.put(key, entry)
    return page


def _checked(entry) -> DispatchPage | None:
    """The page of a kept entry if its tags still have their versions (one get_many, which
    also reads the receipt totals kept for it and `write`, so the page cache need not read
    them again)."""
    pk = entry["pk"]
    totals_key = _totals_key(pk)
    current, found = cache_tags.versions_and(
        {*entry["tags"], *_totals_tags(pk), cache_tags.WRITE}, keys=[totals_key]
    )
    if current is None or any(current[tag] != version for tag, version in entry["tags"].items()):
        return None
    page = DispatchPage(pk, entry["before"], entry["after"], set(entry["tags"]))
    totals = found.get(totals_key)
    if totals is not None and all(current[tag] == totals["tags"][tag] for tag in totals["tags"]):
        page.totals = totals["html"]
        page.versions = current
    return page


def render_page(path, dispatch, *, render) -> DispatchPage:
    """Render the page of `dispatch` at `path` (`render()` -> its HTML with TOTALS_MARK where
    the receipt totals go, and the tags of what it prints) and keep it for `kept_page`.

    The versions of the dispatch's own tags are read before the rendering and those of what
    it printed after it (known only then): if a write happened meanwhile (`write` moved), the
    page may hold what it changed and is not kept (_printed_versions)."""
    own = [cache_tags.EPOCH, cache_tags.dispatch(dispatch.pk)]
    before = cache_tags.versions([*own, cache_tags.WRITE])
    html, tags = render()
    head, _, tail = (part.encode() for part in html.partition(TOTALS_MARK))
    head = (head, gzip_parts.deflated(head, last=False))
    tail = (tail, gzip_parts.deflated(tail, last=True))
    page = DispatchPage(dispatch.pk, head, tail, set(tags))
    if before is None:  # the cache does not answer
        return page
    after = _printed_versions(tags, write_before=before.pop(cache_tags.WRITE))
    if after is not None:
        entry = {"pk": dispatch.pk, "before": head, "after": tail, "tags": before | after}
        cache.set(_page_key(path), entry, FRAGMENT_SECONDS)
    return page


def receipt_totals(pk, *, count) -> tuple[bytes, bytes]:
    """The receipt totals of dispatch `pk`'s page (HTML and its DEFLATE form), rendered from
    `count()` (public_receipt_totals) and kept until its `totals` tag moves (a confirmation,
    a new recipient); for a page that `kept_page` did not have, or had without them. The
    versions are read before counting: totals counted after a confirmation that has not
    bumped yet are kept under the version that bump retires."""
    key = _totals_key(pk)
    versions, found = cache_tags.versions_and(_totals_tags(pk), keys=[key])
    if (kept := found.get(key)) is not None and kept["tags"] == versions:
        return kept["html"]
    html = render_to_string(TOTALS_TEMPLATE, {"receipts": count()}).strip().encode()
    totals = (html, gzip_parts.deflated(html, last=False))
    if versions is not None:
        cache.set(key, {"html": totals, "tags": versions}, FRAGMENT_SECONDS)
    return totals


def by_versions(template_name, *, tags, context) -> SafeString:
    """`template_name` rendered with `context()` once per version of `tags` (and of the
    `epoch`): for a part of a page that prints only what those tags cover (the home's
    patterns and hotlines: the lists and the directory). The versions are read before
    `context()` reads the data, so a part rendered while a write lands is kept under the
    versions that write retires."""
    versions = cache_tags.versions({cache_tags.EPOCH, *tags})
    key = None
    if versions is not None:
        stamp = f"{_FORMAT}:{_today()}:{_site_release()}:{sorted(versions.items())}"
        digest = hashlib.blake2b(stamp.encode(), digest_size=12).hexdigest()
        key = f"fragment:part:{template_name}:{get_language()}:{digest}"
        if (html := cache.get(key)) is not None:
            return mark_safe(html)  # noqa: S308 (rendered by us)
    html = render_to_string(template_name, context())
    if key is not None:
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308


ROW_TEMPLATE = "includes/_dispatch_row.html"


class Head(NamedTuple):
    """A row of a list, as much as is needed to know whether its HTML is kept."""

    pk: int
    updated_at: datetime.datetime


def rows(heads, *, load) -> tuple[list[SafeString], set[str]]:
    """The rows of a list of chain heads (`heads`: (pk, updated_at) pairs, in order) as HTML,
    and the tags of what they print (page_tags.rows).

    A row prints its dispatch, the forwards below it and their issuers: it is kept with the
    version of its chain's tag (which a change of the dispatch or of a forward below it
    moves) and of the organisations it names, and used while they hold. A publish renders
    its own row, not the nineteen others of the page. `load(pks)` reads the rows not kept:
    the dispatches with their issuers and `forwards` (chain.forwards_below), in any order; it
    is not called when every row is kept. Two round trips to the cache: the rows with their
    chains' versions, then the versions of the organisations they name."""
    heads = [Head(*head) for head in heads]
    if not heads:
        return [], set()
    release = _release(ROW_TEMPLATE)
    chains = {head.pk: cache_tags.chain(head.pk) for head in heads}
    keys = {head.pk: _key(head, {}, kind="row", release=release) for head in heads}
    versions, stored = cache_tags.versions_and(
        {cache_tags.EPOCH, cache_tags.WRITE, *chains.values()}, keys=list(keys.values())
    )
    kept = {}
    if versions is not None:
        own = {head.pk: _own_versions(versions, chains[head.pk]) for head in heads}
        candidates = {
            head.pk: entry
            for head in heads
            if (entry := stored.get(keys[head.pk])) is not None and entry["own"] == own[head.pk]
        }
        printed = set().union(*(entry["tags"] for entry in candidates.values()))
        current = cache_tags.versions(printed) if printed else {}
        for pk, entry in candidates.items():
            if current is not None and all(current[t] == v for t, v in entry["tags"].items()):
                kept[pk] = entry
    missing = [head.pk for head in heads if head.pk not in kept]
    if missing:
        _render_rows(load(missing), kept=kept, keys=keys, versions=versions, chains=chains)
    html = [mark_safe(kept[head.pk]["html"]) for head in heads]  # noqa: S308 (ours)
    tags = set(chains.values()).union(*(kept[head.pk]["tags"] for head in heads))
    return html, tags


def _own_versions(versions, chain_tag):
    return {cache_tags.EPOCH: versions[cache_tags.EPOCH], chain_tag: versions[chain_tag]}


def _render_rows(dispatches, *, kept, keys, versions, chains):
    """Render the rows of `dispatches` into `kept` and store them, unless a write happened
    since `versions` were read (then what they print may already be out of date)."""
    rendered = {}
    for dispatch in dispatches:
        printed = page_tags.rows([dispatch]) - {chains[dispatch.pk]}
        html = render_to_string(ROW_TEMPLATE, {"dispatch": dispatch})
        rendered[dispatch.pk] = (html, printed)
        kept[dispatch.pk] = {"html": html, "tags": dict.fromkeys(printed)}
    if versions is None:
        return
    printed = set().union(*(tags for _, tags in rendered.values()))
    after = _printed_versions(printed, write_before=versions[cache_tags.WRITE])
    if after is None:
        return
    entries = {
        keys[pk]: {
            "html": html,
            "own": _own_versions(versions, chains[pk]),
            "tags": {tag: after[tag] for tag in printed},
        }
        for pk, (html, printed) in rendered.items()
    }
    cache.set_many(entries, FRAGMENT_SECONDS)
