"""Preview images of shared links: one PNG per version of a dispatch, scam pattern or
organisation card, at an address that holds the version (…/<version>.png).

Because the address changes whenever the image would, a response may be kept for a year
(`immutable`); an address of an older version redirects to the current one. Not cached by
advisories.caching: the PNG is already a file (sharing.store), and the page cache would copy
it into Redis. Cross-Origin-Resource-Policy is `cross-origin` here only: the image is meant
to be shown by other sites (chat apps, e-mail clients), unlike everything else of the portal.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ..models import Dispatch, Organisation, ScamPattern
from ..sharing import meta, store

YEAR = 365 * 24 * 3600
NOT_FOUND = "Không có ảnh chia sẻ với đường dẫn này."


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def _image(request, *, stem, card, version, current_url):
    if version != card.version:
        response = redirect(current_url)
        patch_cache_control(response, public=True, max_age=300)
        return response
    etag = f'"{card.version}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        png = store.png_for(f"{stem}-{get_language()}", card)
        response = HttpResponse(png, content_type="image/png")
        response["Content-Length"] = str(len(png))
    else:
        response = not_modified
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_safe
def dispatch_image(request, pk, version):
    """The preview of a public dispatch (withdrawn ones say so); a draft is a 404."""
    dispatch = _get(Dispatch.objects.public().select_related("issuer"), pk)
    card = meta.dispatch_card(dispatch)
    return _image(
        request,
        stem=f"van-ban-{pk}",
        card=card,
        version=version,
        current_url=meta.dispatch_image_url(dispatch, card),
    )


@require_safe
def pattern_image(request, pk, version):
    pattern = _get(ScamPattern.objects.all(), pk)
    card = meta.pattern_card(pattern)
    return _image(
        request,
        stem=f"thu-doan-{pk}",
        card=card,
        version=version,
        current_url=meta.pattern_image_url(pattern, card),
    )


@require_safe
def organisation_image(request, pk, version):
    organisation = _get(Organisation.objects.all(), pk)
    card = meta.organisation_card(organisation)
    return _image(
        request,
        stem=f"co-quan-{pk}",
        card=card,
        version=version,
        current_url=meta.organisation_image_url(organisation, card),
    )
