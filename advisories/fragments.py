"""Parts of a public page that change rarely, rendered once per version and kept in the cache.

Two fragments make a dispatch's page: the printed document (`document`) and the panels around
it (`panels`: corrections, scam patterns, cited documents, original files).

The printed document of a dispatch (includes/_document.html: header, addressees, body,
directives, distribution, signature) does not change until the dispatch is corrected, and is
the same on every page view until then; a page that is not cached (its chain or totals moved,
or it was never asked for) assembles it from the stored fragment, without the three queries
of its parts nor its rendering.

The key holds the language, the dispatch, its `updated_at` (read with the row, so the row's
fields and the key agree even if a write lands before the versions are read) and the versions
of the `dispatch:<pk>` tag (every service that changes a dispatch bumps it), of `directory`
(the organisation names an addressee line prints) and of `epoch`. The versions are read
before the parts are, as the page cache does: a write during the rendering leaves the
fragment under versions that are already out of date. And a digest of the template and of the
translations, so a fragment kept for a day is never one of the previous release.

The panels also print other objects (the patterns' red flags, a cited dispatch's number and
issuer), known only once they are read: their entry is stored with the tags of those objects
and the versions these had when it was rendered, and used only while they still have them
(one get_many, as the page cache checks its entries).
"""

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import cache_tags
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


def _key(dispatch, versions, *, kind, release) -> str:
    stamp = f"{release}:{dispatch.updated_at.isoformat()}:{sorted(versions.items())}"
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
    # The versions of what they print are read after it was (its tags are known only then):
    # a write meanwhile (`write` moved) may have changed it, so they are then not stored.
    printed = cache_tags.versions(rendered.tags() | {cache_tags.WRITE})
    if printed is not None and printed.pop(cache_tags.WRITE) == write_before:
        cache.set(key, {"panels": rendered.to_stored(), "tags": printed}, FRAGMENT_SECONDS)
    return rendered
