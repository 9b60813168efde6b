"""Public pages: what a write must do so that no citizen sees a stale page, and no more.

Each function bumps the cache tags (advisories.cache_tags) of the pages that show what the
write changed, now and again once the transaction commits (a page rendered meanwhile from the
old data would otherwise be stored under the new versions). The pages that do not show it stay
cached.
"""

from django.db import transaction

from .. import cache_tags as tags
from ..alerts.matching import ancestor_ids as organisation_ancestor_ids
from ..chain import ancestor_ids
from ..models import Addressee, Dispatch, DistributionLine, Organisation, ScamPattern


def _bump(changed) -> None:
    changed = frozenset(changed)
    tags.bump(changed)
    transaction.on_commit(lambda: tags.bump(changed))


def invalidate_public_pages() -> None:
    """Make every cached public page stale (the `epoch` tag): for writes too broad to name
    what they change (the seed loaded, a corpus generated or deleted)."""
    _bump([tags.EPOCH])


def _recipient_ids(dispatch_id) -> set[int]:
    """The organisations a dispatch names as recipients, or reaches through a group line
    (Dispatch.objects.reaching): their pages list it as received."""
    found = set()
    for model in (Addressee, DistributionLine):
        lines = model.objects.filter(dispatch_id=dispatch_id)
        for organisation_id, member_id in lines.values_list("organisation_id", "members__id"):
            found.update({organisation_id, member_id})
    found.discard(None)
    return found


def dispatch_tags(dispatch: Dispatch) -> set[str]:
    """The tags of every page that shows `dispatch`: its chain's pages (and those of any chain
    it belongs to), every list, the pages of its issuer and the organisations above it (their
    feeds include their units), of the organisations it reaches, of its scam patterns; and its
    receipt totals."""
    changed = {tags.LISTS, tags.dispatch(dispatch.pk), tags.totals(dispatch.pk)}
    changed |= {tags.chain(pk) for pk in ancestor_ids(dispatch.pk)}
    issuer = Organisation.objects.select_related("parent").get(pk=dispatch.issuer_id)
    organisations = {*organisation_ancestor_ids(issuer), *_recipient_ids(dispatch.pk)}
    changed |= {tags.org_dispatches(pk) for pk in organisations}
    patterns = ScamPattern.objects.filter(dispatches=dispatch).values_list("pk", flat=True)
    changed |= {tags.pattern_dispatches(pk) for pk in patterns}
    return changed


def invalidate_dispatch_pages(*, dispatch: Dispatch) -> None:
    """A public dispatch was published, withdrawn, corrected or re-indexed: the pages that
    show it render afresh (dispatch_tags), the others stay cached."""
    _bump(dispatch_tags(dispatch))


def invalidate_receipt_totals(*, dispatch_id: int) -> None:
    """A unit confirmed receipt (or reported progress): the dispatch's public totals, and the
    statistics of confirmations."""
    _bump([tags.totals(dispatch_id), tags.RECEIPTS])


def invalidate_report_pages() -> None:
    """A verified citizen's report was counted or uncounted: the statistics, and "Kiểm tra"
    (it prints how many verified reports name a sign)."""
    _bump([tags.REPORTS])


def invalidate_indicator_pages() -> None:
    """Signs were linked to a dispatch or a report, or an official number changed: the
    answers of "Kiểm tra"."""
    _bump([tags.INDICATORS])


def invalidate_organisation_pages(*, organisation: Organisation, parent_ids=()) -> None:
    """An organisation was created or edited: its page, the pages that print it (they carry
    its `org:` tag), the pages of its parent(s) before and after (`parent_ids`: they list it as
    a unit), the lists and the directory pages."""
    changed = {tags.org(organisation.pk), tags.LISTS, tags.DIRECTORY}
    changed |= {tags.org_children(pk) for pk in {organisation.parent_id, *parent_ids} if pk}
    _bump(changed)


def invalidate_pattern_pages(*, pattern: ScamPattern) -> None:
    """A scam pattern was created or edited: its page, the dispatch pages that print it, the
    lists and the directory pages."""
    _bump([tags.pattern(pattern.pk), tags.LISTS, tags.DIRECTORY])
