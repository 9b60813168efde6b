"""Feeds and sitemaps rendered in-process, uncached: mean and median time per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_feeds_bench \\
      .venv/bin/python bench/feeds.py --requests 50

Run it on a corpus (`manage.py generate_corpus --dispatches 100000`). The page cache is off
(PUBLIC_PAGE_CACHE_SECONDS=0), so every request renders from the database: what a reader or a
crawler costs right after a publish. Prints, per address, its queries, response size, then
milliseconds per request: wall-clock mean, p50 and p95, and this process's CPU time (mean; the
database's own time is not in it), which a busy machine inflates less than the wall clock.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"  # every request renders


def _addresses():
    """A feed of each kind on the corpus's largest subjects, and every kind of sitemap page."""
    from urllib.parse import urlencode

    from django.db.models import Count
    from django.urls import reverse

    from advisories.models import Organisation, ScamPattern
    from advisories.sitemaps import SITEMAPS

    pattern = ScamPattern.objects.annotate(n=Count("dispatches")).order_by("-n").first()
    top = Organisation.objects.annotate(n=Count("children")).order_by("-n").first()
    province = (
        Organisation.objects.exclude(province="")
        .values_list("province", flat=True)
        .order_by("province")
        .first()
    )
    feed, search = reverse("advisories:dispatch_feed"), reverse("advisories:search_feed")
    last_page = SITEMAPS["van-ban"]().paginator.num_pages
    return [
        feed,
        f"{feed}?{urlencode({'tinh': province})}",
        reverse("advisories:pattern_feed", args=[pattern.slug]),
        reverse("advisories:organisation_feed", args=[top.slug]),
        f"{search}?q=otp",  # corpus/vocabulary.py: COMMON_TERM, in ~30 % of the dispatches
        f"{search}?q=bitcoin",  # RARE_TERM, ~0.2 %
        f"{search}?{urlencode({'q': 'lua dao', 'tinh': province, 'nam': 2025})}",
        reverse("sitemap_index"),
        reverse("sitemap_section", args=["trang"]),
        reverse("sitemap_section", args=["van-ban"]),
        reverse("sitemap_section", args=["van-ban"]) + f"?p={last_page}",
        reverse("sitemap_section", args=["thu-doan"]),
        reverse("sitemap_section", args=["co-quan"]),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from advisories.models import Dispatch

    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"{connection.vendor}, {Dispatch.objects.public().count()} public dispatches, "
        f"{args.requests} requests each, page cache off"
    )
    print(f"{'address':<58} {'queries':>7} {'KiB':>7} {'mean':>8} {'p50':>8} {'p95':>8} {'cpu':>8}")
    for address in _addresses():
        for _ in range(3):  # warm: connection, templates, per-process caches
            response = client.get(address)
            if response.status_code != 200:
                sys.exit(f"{address} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        query_count = len(queries)  # now: the next request clears the connection's log
        times, cpu = [], 0.0
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(address)
            times.append((time.perf_counter() - started) * 1000)
            cpu += (time.process_time() - started_cpu) * 1000
        p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
        print(
            f"{address[:58]:<58} {query_count:>7} {len(response.content) / 1024:>7.0f} "
            f"{statistics.mean(times):>8.1f} {statistics.median(times):>8.1f} {p95:>8.1f} "
            f"{cpu / args.requests:>8.1f}"
        )


if __name__ == "__main__":
    main()
