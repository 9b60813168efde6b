"""Time a set of searches in-process, uncached: ms per request and queries, one line each.

"cpu ms" is the process's CPU time per request (SQLite runs in the process): steadier than the
wall clock on a machine others share.

    DATABASE_URL=sqlite:////tmp/search_bench.sqlite3 .venv/bin/python bench/search_timings.py

For comparing the search page before and after a change on the same corpus (`manage.py
generate_corpus --dispatches 10000`, plus `load_seed` for the real chain): a common term, a
phrase, a rare term, typos, words joined or split, and queries that find nothing. Every request
is rendered afresh (PUBLIC_PAGE_CACHE_SECONDS=0).
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
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))
os.environ.setdefault("LOG_LEVEL", "WARNING")
# The page cache keys only the parameters a view declares, so a unique extra parameter would
# still hit it: turn the cache off instead.
os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"

QUERIES = [
    "otp",
    "lua dao",
    "lua dao so lien lac",
    '"so lien lac dien tu"',
    "bitcoin",
    "gia danh cong an",
    "lua dau",
    "lu dao",
    "luadao",
    "sso lien lac",
    "lua daoo",
    "tuyen truyenn",
    "mua ban online",
    "0912 345 678",
    "vietcombank-xacminh.com",
    "xyzzy qwerty",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="timed requests per query")
    parser.add_argument("queries", nargs="*", help="queries instead of the built-in list")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():  # pages need the manifest
        call_command("collectstatic", interactive=False, verbosity=0)
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Each request would clear the query log that CaptureQueriesContext reads.
    request_started.disconnect(reset_queries)
    client = Client(HTTP_HOST="127.0.0.1")

    def get(q):
        response = client.get("/tim-kiem/", {"q": q})
        if response.status_code not in (200, 302):
            sys.exit(f"{q!r} answered {response.status_code}")

    print(f"{connection.vendor}, {args.requests} requests per query, uncached")
    print(f"{'query':<28} {'queries':>7} {'median ms':>10} {'p90 ms':>8} {'cpu ms':>8}")
    for q in args.queries or QUERIES:
        for _ in range(3):
            get(q)  # warm: connections, template cache, per-process caches
        with CaptureQueriesContext(connection) as queries:
            get(q)
        times, cpu = [], []
        for _ in range(args.requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            get(q)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        times.sort()
        p90 = times[int(len(times) * 0.9) - 1]
        print(
            f"{q:<28} {len(queries.captured_queries):>7} "
            f"{statistics.median(times):>10.2f} {p90:>8.2f} {statistics.median(cpu):>8.2f}"
        )


if __name__ == "__main__":
    main()
