"""Where one page's time goes: render it in-process, uncached, and split the time with cProfile.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_100000 \\
      .venv/bin/python bench/profile_page.py /van-ban/ --requests 200

Prints the page's queries, its plain time per request (no profiler) and that of the fastest of
15 batches of 50 (to compare two versions on a noisy machine), then per request under
cProfile (which inflates every figure about twofold, evenly): the whole request, SQL sent and
read by the driver, the ORM building the SQL, the template rendering (which includes the lazy
querysets it evaluates), and the functions with the most time of their own. The page cache is
off (PUBLIC_PAGE_CACHE_SECONDS=0: the cache drops a parameter the view does not read, so the
unique `_b` of each request no longer makes it miss); the parts a page is assembled from
(advisories.fragments) are kept as in production, warm after the first request. With `--cold`
the `epoch` is bumped before each request, so nothing kept is used: a page never seen.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench" / "static"))  # bench/run.py's
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")

# (label, file suffix, function name) whose cumulative time is reported.
BUCKETS = [
    ("whole request", "django/core/handlers/base.py", "get_response"),
    ("SQL (driver execute)", "django/db/backends/utils.py", "_execute"),
    ("ORM building SQL (as_sql)", "django/db/models/sql/compiler.py", "as_sql"),
    ("template rendering", "django/template/backends/django.py", "render"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="a public page, e.g. /van-ban/ or '/tim-kiem/?q=otp'")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--sort", default="tottime", choices=["tottime", "cumulative"], help="order of the rows"
    )
    parser.add_argument("--only", default="", help="rows whose file path contains this")
    parser.add_argument("--rows", type=int, default=15)
    parser.add_argument(
        "--cold",
        action="store_true",
        help="bump the epoch before each request: nothing kept is used (a page never seen)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    separator = "&" if "?" in args.path else "?"
    counter = iter(range(10**9))

    from advisories import cache_tags

    def get():
        if args.cold:
            cache_tags.bump([cache_tags.EPOCH])
        response = client.get(f"{args.path}{separator}_b={time.time_ns()}-{next(counter)}")
        if response.status_code != 200:
            sys.exit(f"{args.path} answered {response.status_code}")

    for _ in range(5):
        get()  # warm: connections, template cache, per-process caches
    with CaptureQueriesContext(connection) as queries:
        get()
    print(f"{args.path}: {len(queries.captured_queries)} queries")

    started = time.perf_counter()
    for _ in range(args.requests):
        get()
    plain = (time.perf_counter() - started) / args.requests * 1000
    print(f"plain: {plain:.2f} ms per request ({args.requests} requests, no profiler)")
    # The fastest of 15 batches of 50: what the code costs when nothing else takes the CPU
    # (a shared machine's noise only ever adds time), to compare two versions.
    batches = []
    for _ in range(15):
        started = time.perf_counter()
        for _ in range(50):
            get()
        batches.append((time.perf_counter() - started) / 50 * 1000)
    print(f"fastest batch: {min(batches):.2f} ms per request (15 batches of 50)")

    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        get()
    profile.disable()
    stats = pstats.Stats(profile)
    print("under cProfile, ms per request:")
    for label, suffix, name in BUCKETS:
        cumulative = sum(
            row[3]
            for (filename, _, function), row in stats.stats.items()
            if function == name and filename.endswith(suffix)
        )
        print(f"  {label:<28} {cumulative / args.requests * 1000:8.2f}")
    output = io.StringIO()
    rows = [args.only, args.rows] if args.only else [args.rows]
    pstats.Stats(profile, stream=output).sort_stats(args.sort).print_stats(*rows)
    print(output.getvalue().split("\n", 6)[-1].rstrip())


if __name__ == "__main__":
    main()
