"""The writes of the mixed workload (bench/mixed.py), through the services as staff make them:
a publish every PUBLISH_EVERY seconds (a new dispatch copied from a published one of an issuer
with units, addressed to five of them, so it has deliveries), a confirmation of receipt every
CONFIRM_EVERY seconds (by a unit's personal link). Prints one JSON line with what it did.

    python bench/mixed_writer.py SECONDS
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from django.db.models import Count  # noqa: E402

from advisories.models import Addressee, Delivery, Dispatch, Organisation  # noqa: E402
from advisories.services import (  # noqa: E402
    confirm_receipt,
    create_draft,
    issue_token,
    publish_dispatch,
    save_draft_parts,
)

PUBLISH_EVERY = float(os.environ.get("MIXED_PUBLISH_EVERY", "10"))
CONFIRM_EVERY = float(os.environ.get("MIXED_CONFIRM_EVERY", "1"))
UNITS_PER_PUBLISH = round(2 * PUBLISH_EVERY / CONFIRM_EVERY)
_SKIP = {"id", "status", "published_at", "created_at", "updated_at", "number", "search_text"}


def _template():
    """A published dispatch of the issuer with the most units (so that publishing a copy
    creates enough deliveries for a confirmation every second)."""
    issuer = (
        Organisation.objects.annotate(units=Count("children"))
        .filter(units__gt=0, dispatches__status=Dispatch.Status.PUBLISHED)
        .order_by("-units", "pk")
        .first()
    )
    if issuer is None:
        return None
    return (
        Dispatch.objects.public()
        .filter(issuer=issuer, number__isnull=False)
        .select_related("issuer")
        .order_by("-pk")
        .first()
    )


def _publish(template, n):
    values = {
        field.attname: getattr(template, field.attname)
        for field in Dispatch._meta.concrete_fields
        if field.attname not in _SKIP and not field.primary_key
    }
    values["number"] = 800_000 + n
    draft = create_draft(by=None, **values)
    # Addressed to UNITS_PER_PUBLISH of the issuer's units: deliveries to confirm until the
    # next publish (CONFIRM_EVERY seconds apart).
    units = list(template.issuer.children.order_by("pk")[:UNITS_PER_PUBLISH])
    addressees = [
        (Addressee(dispatch=draft, position=i, organisation=unit), {})
        for i, unit in enumerate(units, start=1)
    ]
    save_draft_parts(dispatch=draft, by=None, saved=addressees)
    publish_dispatch(dispatch=draft)
    return draft


def _confirm():
    delivery = Delivery.objects.open().pending().order_by("-pk").first()
    if delivery is None:
        return False
    confirm_receipt(token=issue_token(delivery=delivery), name="Nguyễn Văn An", position="Văn thư")
    return True


def main():
    seconds = float(sys.argv[1])
    template = _template()
    started = time.monotonic()
    next_publish, next_confirm = started, started + CONFIRM_EVERY
    published = confirmed = 0
    write_ms = []
    while (now := time.monotonic()) < started + seconds:
        if now >= next_publish and template is not None:
            t = time.perf_counter()
            _publish(template, int(time.time() * 1000) % 100_000_000 + published)
            write_ms.append((time.perf_counter() - t) * 1000)
            published += 1
            next_publish += PUBLISH_EVERY
        if now >= next_confirm:
            t = time.perf_counter()
            confirmed += _confirm()
            write_ms.append((time.perf_counter() - t) * 1000)
            next_confirm += CONFIRM_EVERY
        time.sleep(max(0.0, min(next_publish, next_confirm) - time.monotonic()))
    write_ms.sort()
    print(
        "WRITES "
        + json.dumps(
            {
                "published": published,
                "confirmed": confirmed,
                "write_p50_ms": round(write_ms[len(write_ms) // 2], 1) if write_ms else None,
            }
        )
    )


if __name__ == "__main__":
    main()
