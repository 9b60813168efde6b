"""The directory the public pages print beside every dispatch: organisations (names, hotlines,
e-mail) and scam patterns. An edit here shows on the public pages and in search at the next
request: the dispatches whose folded search text holds the changed words are re-indexed, and
the cached pages are invalidated (now and on commit)."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from ..models import Dispatch, Organisation, ScamPattern
from ..text import strip_accents
from .pages import invalidate_public_pages
from .search_index import index_dispatches

# The fields that compose_search_text copies into every dispatch that prints them.
_ORGANISATION_INDEXED = ("name", "short_name")
_PATTERN_INDEXED = ("name", "summary")
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


@transaction.atomic
def save_organisation(
    *, organisation: Organisation, by: AbstractBaseUser | None = None
) -> Organisation:
    """Create or update an organisation (its hotline and e-mail included)."""
    _check_may_edit(by, organisation)
    if not organisation.slug:
        organisation.slug = slug_from(
            organisation.short_name or organisation.name,
            model=Organisation,
            exclude_pk=organisation.pk,
        )
    reindex = _changed(organisation, _ORGANISATION_INDEXED)
    organisation.full_clean()
    organisation.save()
    if reindex:
        _reindex(Dispatch.objects.filter(issuer=organisation))
    invalidate_public_pages()
    return organisation


@transaction.atomic
def save_scam_pattern(*, pattern: ScamPattern, by: AbstractBaseUser | None = None) -> ScamPattern:
    """Create or update a scam pattern."""
    _check_may_edit(by, pattern)
    if not pattern.slug:
        pattern.slug = slug_from(pattern.name, model=ScamPattern, exclude_pk=pattern.pk)
    reindex = _changed(pattern, _PATTERN_INDEXED)
    pattern.full_clean()
    pattern.save()
    if reindex:
        _reindex(Dispatch.objects.filter(scam_patterns=pattern))
    invalidate_public_pages()
    return pattern
