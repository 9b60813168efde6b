"""Parts of a public page that change rarely, rendered once per version and kept in the cache.

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
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import cache_tags
from .models import Addressee, DistributionLine

FRAGMENT_SECONDS = 24 * 3600  # keyed by version: a day of reuse; Redis's LRU bounds them

DOCUMENT_PARTS = (
    Prefetch("addressees", Addressee.objects.select_related("organisation")),
    Prefetch("distribution", DistributionLine.objects.select_related("organisation")),
    "directives",
)


TEMPLATE = "includes/_document.html"


@functools.cache
def _release() -> str:
    """A digest of what renders the fragment besides the data: the template and the
    compiled translations."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(Path(get_template(TEMPLATE).origin.name).read_bytes())
    for folder in settings.LOCALE_PATHS:
        for catalogue in sorted(Path(folder).glob("*/LC_MESSAGES/django.mo")):
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()


def _key(dispatch, versions) -> str:
    stamp = f"{_release()}:{dispatch.updated_at.isoformat()}:{sorted(versions.items())}"
    digest = hashlib.blake2b(stamp.encode(), digest_size=12).hexdigest()
    return f"fragment:document:{get_language()}:{dispatch.pk}:{digest}"


def document(dispatch) -> tuple[SafeString, set[int]]:
    """The printed document of `dispatch` (with its issuer loaded) as HTML, and the ids of the
    organisations its recipients' lines print (the page depends on them: caching.depends_on).
    From the cache when this version was rendered before."""
    tags = [cache_tags.EPOCH, cache_tags.DIRECTORY, cache_tags.dispatch(dispatch.pk)]
    versions = cache_tags.versions(tags)
    key = _key(dispatch, versions) if versions is not None else None
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
