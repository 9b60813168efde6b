"""Reads for the public pages: each a fixed number of queries whatever the amount of data."""

from django.db.models import Prefetch

from .models import Addressee, Directive, Dispatch, DistributionLine, Organisation, Reference


def public_dispatch_detail(*, issuer_slug, year, number=None, pk=None, symbol=None):
    """The public dispatch with every printed part prefetched, or Dispatch.DoesNotExist."""
    queryset = Dispatch.objects.public().select_related("issuer", "issuer__parent")
    queryset = queryset.prefetch_related(
        Prefetch(
            "addressees",
            Addressee.objects.select_related("organisation").prefetch_related("members"),
        ),
        Prefetch(
            "distribution",
            DistributionLine.objects.select_related("organisation"),
        ),
        Prefetch(
            "references",
            Reference.objects.select_related("target", "target__issuer"),
        ),
        Prefetch("directives", Directive.objects.prefetch_related("assignees")),
        "warnings",
        "scam_patterns",
        "attachments",
        "corrections",
    )
    lookup = {"issuer__slug": issuer_slug, "year": year}
    if number is not None:
        lookup |= {"number": number, "symbol__iexact": symbol}
    else:
        lookup |= {"pk": pk, "number__isnull": True}
    return queryset.get(**lookup)


def organisations_with_hotline():
    return Organisation.objects.filter(is_active=True).exclude(hotline="").order_by("name")
