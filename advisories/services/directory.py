"""The directory the public pages print beside every dispatch: organisations (names, hotlines,
e-mail) and scam patterns. An edit here shows on the public pages and in search at the next
request: the dispatches whose folded search text holds the changed words are re-indexed, and
the cached pages that print the entry are refreshed (now and on commit; services.pages)."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from ..models import Dispatch, Organisation, ScamPattern
from ..text import strip_accents
from .indicators import sync_official_numbers
from .pages import invalidate_organisation_pages, invalidate_pattern_pages
from .search_index import index_dispatches

# The fields that compose_search_text copies into every dispatch that prints them.
_ORGANISATION_INDEXED = ("name", "short_name")
_REINDEX_BATCH = 500


def slug_from(text: str, *, model, exclude_pk=None) -> str:
    """An ASCII slug, unique for `model`: 'BVĐK Kiên Hải' → 'bvdk-kien-hai' (Django's slugify
    would drop the đ; the admin's JavaScript turns it into 'dj')."""
    base = slugify(strip_accents(text))[:100] or model._meta.model_name
    slug, n = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _changed(instance, fields) -> bool:
    if instance.pk is None:
        return False
    stored = type(instance).objects.filter(pk=instance.pk).values(*fields).first()
    return stored is not None and any(stored[f] != getattr(instance, f) for f in fields)


def _reindex(dispatches) -> None:
    ids = list(dispatches.values_list("pk", flat=True))
    for start in range(0, len(ids), _REINDEX_BATCH):
        batch = Dispatch.objects.filter(pk__in=ids[start : start + _REINDEX_BATCH])
        index_dispatches(dispatches=list(batch.select_related("issuer")))


def _check_may_edit(by, instance) -> None:
    # The directory is shared by every organisation: the portal's administrators edit it (the
    # staff roles only view it).
    action = "add" if instance.pk is None else "change"
    opts = instance._meta
    if by is not None and not by.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        raise PermissionDenied("Tài khoản này không được sửa danh mục cơ quan và thủ đoạn.")


def _save_entry(instance, *, by, slug_source: str, indexed: tuple, printed_in):
    """Check, slug, validate and save a directory entry; re-index the dispatches that print
    it (`printed_in(instance)`) when an indexed field changed. The caller refreshes the
    public pages."""
    _check_may_edit(by, instance)
    if not instance.slug:
        instance.slug = slug_from(slug_source, model=type(instance), exclude_pk=instance.pk)
    reindex = _changed(instance, indexed)
    instance.full_clean()
    instance.save()
    if reindex:
        _reindex(printed_in(instance))
    return instance


@transaction.atomic
def save_organisation(
    *, organisation: Organisation, by: AbstractBaseUser | None = None
) -> Organisation:
    """Create or update an organisation (its hotline and e-mail included); its hotline is
    kept as an official number that "Kiểm tra" recognises."""
    stored = Organisation.objects.filter(pk=organisation.pk) if organisation.pk else None
    parent_before = stored.values_list("parent_id", flat=True).first() if stored else None
    saved = _save_entry(
        organisation,
        by=by,
        slug_source=organisation.short_name or organisation.name,
        indexed=_ORGANISATION_INDEXED,
        printed_in=lambda o: Dispatch.objects.filter(issuer=o),
    )
    sync_official_numbers(organisation=saved)
    invalidate_organisation_pages(organisation=saved, parent_ids=[parent_before])
    return saved


@transaction.atomic
def save_scam_pattern(*, pattern: ScamPattern, by: AbstractBaseUser | None = None) -> ScamPattern:
    """Create or update a scam pattern, its English texts included; its own search text (the
    search page lists the patterns a query names, in either language) is refreshed with it."""
    pattern.search_text = pattern.build_search_text()
    saved = _save_entry(
        pattern,
        by=by,
        slug_source=pattern.name,
        indexed=ScamPattern.DISPATCH_INDEXED,
        printed_in=lambda p: Dispatch.objects.filter(scam_patterns=p),
    )
    invalidate_pattern_pages(pattern=saved)
    return saved
