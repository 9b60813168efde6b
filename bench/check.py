"""p50/p99 of the citizen's "talk back" requests, in-process and uncached, on the corpus
DATABASE_URL names: /kiem-tra/ for a phone number, a domain and an account; the API's list
(page 1 and a later cursor) and one advisory; and a report's submit.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python \\
      manage.py generate_corpus --dispatches 10000 --indicators 30000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/check.py

The signs looked up are the corpus's "hot" ones (named by one dispatch in a hundred, and by a
verified report), plus one named by a single dispatch and one on no record. Every page is
rendered afresh (PUBLIC_PAGE_CACHE_SECONDS=0), each request comes from its own client address
(no rate limit in the way), and the proof-of-work is solved before the submit is timed. Each
line also prints the queries of one request: it must not grow with the corpus.
The submits write reports; the script deletes them at the end.
"""

import argparse
import itertools
import json
import os
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DEBUG", "False")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
os.environ["API_CACHE_SECONDS"] = "0"
os.environ.setdefault("REPORT_CHALLENGE_MAXNUMBER", "2000")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.signals import request_started  # noqa: E402
from django.db import reset_queries  # noqa: E402

# Each request would empty the query log: keep it, to count a request's queries.
request_started.disconnect(reset_queries)
warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic: not served

# Pages link their static files without a collectstatic run first: no manifest needed.
settings.STORAGES = settings.STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from advisories.models import Dispatch, Indicator, ScamReport  # noqa: E402
from advisories.reports import challenge  # noqa: E402
from corpus.indicators import hot_signs, sign_value  # noqa: E402

_ADDRESSES = itertools.count(1)


def _client() -> Client:
    n = next(_ADDRESSES)
    address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    return Client(REMOTE_ADDR=address, HTTP_HOST="127.0.0.1")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(label, request, repeat, expect):
    """Time `request()` `repeat` times (after one warm-up); print p50, p99 and its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = request()
    if response.status_code != expect:
        raise SystemExit(f"{label}: {response.status_code}, not {expect}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = request()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != expect:
            raise SystemExit(f"{label}: {response.status_code}, not {expect}")
    print(
        f"{label:<42}{percentile(times, 0.5):>8.1f}{percentile(times, 0.99):>8.1f}{len(queries):>8}"
    )


def _report_submit():
    client = _client()
    page = client.get("/phan-anh/").content.decode()
    data = re.search(r'data-challenge="([^"]+)"', page).group(1)
    answer = challenge.solve(json.loads(data.replace("&quot;", '"')))
    form = {
        "what_happened": "Có người xưng là giáo viên gọi, gửi link cài Sổ liên lạc điện tử.",
        "channel": "call",
        "used": "0912 345 678",
        "amount_lost": "2000000",
        "province": "An Giang",
        "consent": "on",
        "altcha": answer,
    }
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    if submission:
        form["submission"] = submission.group(1)
    return lambda: client.post("/phan-anh/", form)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    hot = hot_signs(args.seed)
    single = Indicator.objects.get(kind="phone", value=sign_value("phone", 100, args.seed)[0])
    published = Dispatch.objects.published().order_by("-pk")
    middle = published[published.count() // 2].pk
    print(
        f"{connection.vendor}: {Dispatch.objects.count()} dispatches, "
        f"{Indicator.objects.count()} indicators, "
        f"{ScamReport.objects.filter(verified=True).count()} verified reports; "
        f"{args.repeat} requests each (busy shared machine)"
    )
    print(f"{'request':<42}{'p50 ms':>8}{'p99 ms':>8}{'queries':>8}")
    checks = [
        ("kiem-tra phone, hot (named 100×)", hot["phone"].label),
        ("kiem-tra phone, one advisory", single.label),
        ("kiem-tra domain, hot (link as pasted)", hot["domain"].label),
        ("kiem-tra account, hot", hot["bank_account"].value),
        ("kiem-tra phone, no record", "0987 654 321"),
    ]
    for label, query in checks:
        measure(label, lambda q=query: _client().get("/kiem-tra/", {"q": q}), args.repeat, 200)
    measure("api list, page 1 (20)", lambda: _client().get("/api/v1/advisories"), args.repeat, 200)
    cursor = _client().get("/api/v1/advisories").json()["next_cursor"]
    measure(
        "api list, next cursor",
        lambda: _client().get("/api/v1/advisories", {"cursor": cursor}),
        args.repeat,
        200,
    )
    measure(
        "api list, q=otp",
        lambda: _client().get("/api/v1/advisories", {"q": "otp"}),
        args.repeat,
        200,
    )
    measure(
        "api one advisory (chain, indicators)",
        lambda: _client().get(f"/api/v1/advisories/{middle}"),
        args.repeat,
        200,
    )
    measure(
        "api check, hot phone",
        lambda: _client().get("/api/v1/check", {"q": hot["phone"].label}),
        args.repeat,
        200,
    )

    before = set(ScamReport.objects.values_list("pk", flat=True))
    submits = [_report_submit() for _ in range(args.repeat + 1)]
    measure("report submit (POST /phan-anh/)", lambda: submits.pop()(), args.repeat, 201)
    ScamReport.objects.exclude(pk__in=before).delete()


if __name__ == "__main__":
    main()
