"""The reads behind the lists that show a chain once, on the corpus DATABASE_URL names.

    DATABASE_URL=sqlite:///var/bench/bench-20000.sqlite3 .venv/bin/python bench/lists.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench_20000 \\
      .venv/bin/python bench/lists.py

Build the corpus first (`manage.py generate_corpus --dispatches 20000`: it has forwarding
chains). Prints the median time (ms) of each read, every public dispatch listed (as before)
beside a chain once with the forwards under each row (what /van-ban/ and the home page run):
the total (counted once per version of the lists, VersionedCountPaginator), page 1 and page 50 of
20 rows, the home page's 6 rows, and the scam patterns by their latest warning.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection  # noqa: E402

from advisories.chain import forwards_below  # noqa: E402
from advisories.models import Dispatch, ScamPattern  # noqa: E402


def median_ms(read, repeat):
    read()  # warm
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        read()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    public = Dispatch.objects.public()

    def heads(start, stop):
        rows = public.chain_heads().for_listing()[start:stop]
        return forwards_below(rows, visible=public)

    reads = [
        ("total", lambda: public.count(), lambda: public.chain_heads().count()),
        ("page 1", lambda: list(public.for_listing()[:20]), lambda: heads(0, 20)),
        ("page 50", lambda: list(public.for_listing()[980:1000]), lambda: heads(980, 1000)),
        ("home, 6 rows", lambda: list(public.for_listing()[:6]), lambda: heads(0, 6)),
    ]
    print(
        f"{connection.vendor}: {public.count()} public dispatches, "
        f"{public.chain_heads().count()} rows with a chain once"
    )
    print(f"{'read':<14}{'every dispatch':>16}{'a chain once':>14}  (median ms)")
    for label, before, after in reads:
        print(
            f"{label:<14}{median_ms(before, args.repeat):>16.1f}"
            f"{median_ms(after, args.repeat):>14.1f}"
        )
    patterns = median_ms(lambda: list(ScamPattern.objects.latest_warned_first()), args.repeat)
    print(f"scam patterns by latest warning: {patterns:.1f} ms")


if __name__ == "__main__":
    main()
