"""Benchmark: a mixed, realistic workload against gunicorn, beside the static file.

For each database and corpus size (built as bench/run.py builds it), starts gunicorn with
production settings (DEBUG off, Redis page cache) and runs wrk with bench/mixed.lua for
--seconds: 75 % dispatch pages drawn with a Zipf distribution over every public dispatch (a few
viral, most rare), 20 % searches from a vocabulary of real queries with and without diacritics,
5 % lists and scam-pattern pages; meanwhile bench/mixed_writer.py publishes a dispatch through
the service every 10 s and confirms a receipt every second. Prints throughput, p50/p99, the
cache hit ratio (from each answer's X-Cache header), the ratio to the static file measured in the
same run, and the workers' resident memory at start and end.

    .venv/bin/python bench/mixed.py --sizes 10000 100000 --databases sqlite postgresql
"""

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as base

SCRIPT = Path(__file__).resolve().parent / "mixed.lua"
WRITER = Path(__file__).resolve().parent / "mixed_writer.py"

# What citizens type: with and without diacritics, short and long, common and rare.
QUERIES = [
    "lừa đảo",
    "lua dao",
    "otp",
    "mã OTP",
    "sổ liên lạc điện tử",
    "so lien lac dien tu",
    "giả danh công an",
    "gia danh cong an",
    "cán bộ thuế",
    "can bo thue",
    "VNeID",
    "dinh danh dien tu",
    "ngân hàng",
    "nang han muc the",
    "tuyển cộng tác viên",
    "lam nhiem vu online",
    "bảo hiểm xã hội",
    "dien luc cat dien",
    "đầu tư tài chính",
    "san giao dich ao",
    "bitcoin",
    "đặt cọc",
    "benh vien cap cuu",
    "phụ huynh học sinh",
]

_URLS = """
import random
import secrets
from advisories.models import Dispatch, Organisation, ScamPattern
rows = list(Dispatch.objects.public().select_related("issuer").only(
    "pk", "year", "number", "symbol", "unnumbered", "issuer__slug"))
random.Random(7).shuffle(rows)
with open("{folder}/details.txt", "w") as out:
    for d in rows:
        out.write(d.get_absolute_url() + "\\n")
with open("{folder}/lists.txt", "w") as out:
    for path in ["/", "/van-ban/", "/thu-doan/", "/van-ban/?trang=2"]:
        out.write(path + "\\n")
    for p in ScamPattern.objects.all()[:30]:
        out.write(p.get_absolute_url() + "\\n")
    for o in Organisation.objects.order_by("pk")[:30]:
        out.write(o.get_absolute_url() + "\\n")
"""


def write_workload(env, folder):
    folder.mkdir(parents=True, exist_ok=True)
    base.manage(env, "shell", "-v0", "-c", _URLS.format(folder=folder))
    from urllib.parse import quote_plus

    (folder / "searches.txt").write_text(
        "".join(f"/tim-kiem/?q={quote_plus(q)}\n" for q in QUERIES)
    )
    return sum(1 for _ in (folder / "details.txt").open())


def worker_rss_mib(master_pid):
    """Resident memory of each gunicorn worker (the master's children), in MiB."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid):
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def mixed(url, folder, *, seconds, connections, plain=False):
    env = os.environ | {"MIXED_DIR": str(folder)}
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(SCRIPT), url]
    command += base.wrk_headers(plain)
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    result = json.loads(line[6:])
    result["rps"] = result["requests"] / result["seconds"]
    answered = result["hits"] + result["misses"]
    result["hit_ratio"] = result["hits"] / answered if answered else 0.0
    return result


def measure(database, size, args):
    url = base.database_url(database, size, args.pg)
    base.ensure_database(database, url)
    env = os.environ | {
        "DATABASE_URL": url,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": args.redis,
        "STATIC_ROOT": str(base.VAR / "static"),
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": f"http://127.0.0.1:{args.port}",
    }
    print(f"== {database}, {size} dispatches", flush=True)
    _, static = base.prepare(env, size, args.organisations, args.seed)
    folder = base.VAR / f"mixed-{database}-{size}"
    count = write_workload(env, folder)
    subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=False, capture_output=True)
    server = base.start_gunicorn(env, port=args.port, workers=args.workers)
    root = f"http://127.0.0.1:{args.port}"
    try:
        base.wait_for(root + static)
        time.sleep(1)
        rss_start = worker_rss_mib(server.pid)
        load = {"connections": args.connections, "plain": args.plain}
        base.wrk(root + static, bust=False, seconds=2, **load)
        static_run = base.wrk(root + static, bust=False, seconds=args.seconds // 3 or 1, **load)
        writer = subprocess.Popen(
            [base.PYTHON, str(WRITER), str(args.seconds)],
            cwd=base.ROOT, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        result = mixed(root + "/", folder, seconds=args.seconds, **load)
        writes = json.loads(writer.communicate(timeout=120)[0].split("WRITES ", 1)[1])
        rss_end = worker_rss_mib(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    result |= {
        "dispatches": count,
        "static_rps": static_run["rps"],
        "ratio": result["rps"] / static_run["rps"],
        "rss_start": max(rss_start, default=0),
        "rss_end": max(rss_end, default=0),
        **writes,
    }
    print(
        f"  mixed {result['rps']:.0f} req/s ({result['ratio']:.2f}× static {static_run['rps']:.0f})"
        f"  p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f} ms"
        f"  hits {result['hit_ratio']:.0%}  errors {result['errors']}"
        f"  published {writes['published']}  confirmed {writes['confirmed']}"
        f"  worker RSS {result['rss_start']:.0f} → {result['rss_end']:.0f} MiB",
        flush=True,
    )
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8057)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument(
        "--plain", action="store_true", help="send no Accept-Encoding (browsers send gzip)"
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    args = parser.parse_args()
    base.VAR.mkdir(parents=True, exist_ok=True)
    rows = [(db, size, measure(db, size, args)) for db in args.databases for size in args.sizes]
    print("\n| database | dispatches | req/s | × static | p50 ms | p99 ms | cache hits | errors "
          "| published | confirmed | worker RSS MiB start → end |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for db, size, r in rows:
        print(
            f"| {db} | {size} | {r['rps']:.0f} | {r['ratio']:.2f} | {r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['hit_ratio']:.0%} | {r['errors']} | {r['published']} | "
            f"{r['confirmed']} | {r['rss_start']:.0f} → {r['rss_end']:.0f} |"
        )
    for db in args.databases:
        by_size = sorted((size, r["rps"]) for d, size, r in rows if d == db)
        if len(by_size) > 1:
            (small, fast), (large, slow) = by_size[0], by_size[-1]
            print(f"{db}: {large} vs {small} dispatches: {(fast - slow) / fast:+.0%} slower")


if __name__ == "__main__":
    sys.exit(main())
