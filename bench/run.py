"""Benchmark: the portal under gunicorn against a static file served by the same server.

For each database (SQLite, PostgreSQL) and corpus size, builds the corpus once (reused when it
has the right size), collects static files, starts gunicorn on loopback with production
settings (DEBUG off, Redis page cache), then measures with wrk (16 connections) requests/s and
p50/p99 latency of: the static file, the Django floor (/healthz: the same middleware, no database,
no template), home, list, detail, a common search term (~30 % of the dispatches) and a rare one
(~0.2 %), each cached (same URL again, page cache on) and uncached (a second server with the page
cache off, so every request goes to the view, which assembles the page from the parts it keeps
per version, as after a write that did not change them: advisories.fragments; a page never
seen is timed by bench/profile_page.py --cold). Prints a table with ratios to the static file.

    .venv/bin/python bench/run.py --sizes 10000 100000 --databases sqlite postgresql
"""

import argparse
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
VAR = ROOT / "var" / "bench"
SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
COMMON, RARE = "otp", "bitcoin"  # corpus/vocabulary.py: COMMON_TERM, RARE_TERM


def database_url(database, size, pg_base):
    if database == "sqlite":
        return f"sqlite:///{VAR / f'bench-{size}.sqlite3'}"
    return f"{pg_base}_{size}"


def manage(env, *args, capture=False):
    command = [PYTHON, str(ROOT / "manage.py"), *args]
    if capture:
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    subprocess.run(command, env=env, check=True)
    return ""


def ensure_database(database, url):
    if database == "postgresql":
        name = url.rsplit("/", 1)[1]
        base = url.rsplit("/", 1)[0]
        subprocess.run(
            ["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"],
            capture_output=True,
            check=False,
        )


_PROBE = """
from advisories.models import Dispatch
d = Dispatch.objects.public().order_by("pk")
n = d.count()
print(n)
print(d.select_related("issuer")[n // 2].get_absolute_url() if n else "-")
"""


def prepare(env, size, organisations, seed):
    """Migrate, build the corpus unless it is there, collect static files; the detail URL."""
    manage(env, "migrate", "--noinput", "-v0")
    total = int(manage(env, "shell", "-v0", "-c", _PROBE, capture=True).split()[-2])
    if abs(total - size) > size * 0.05:  # ~2 % are withdrawn (still public)
        print(f"  generating {size} dispatches …", flush=True)
        started = time.monotonic()
        manage(
            env,
            "generate_corpus",
            f"--dispatches={size}",
            f"--organisations={organisations}",
            f"--seed={seed}",
            "--replace",
        )
        print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
    manage(env, "collectstatic", "--noinput", "-v0")
    detail = manage(env, "shell", "-v0", "-c", _PROBE, capture=True).split()[-1]
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return detail, "/static/" + manifest["paths"]["css/portal.css"]


def start_gunicorn(env, *, port, workers):
    """gunicorn serving the portal on loopback, in its own process group (killpg stops it)."""
    command = [GUNICORN, "portal.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url}")


# What a browser sends: pages come gzipped (from the page cache, compressed once) and the static
# file as WhiteNoise's .gz made ahead. `--plain` measures clients that accept no encoding.
BROWSER_HEADERS = ["-H", "Accept-Encoding: gzip, deflate, br"]


def wrk_headers(plain):
    return [] if plain else BROWSER_HEADERS


def wrk(url, *, bust, seconds, connections, plain=False):
    env = os.environ | {"BENCH_BUST": "1" if bust else "0", "BENCH_RUN": str(time.time_ns())}
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(SCRIPT), url]
    command += wrk_headers(plain)
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    result = json.loads(line[6:])
    result["rps"] = result["requests"] / result["seconds"]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["errors"] += int(non_2xx.group(1)) if non_2xx else 0
    return result


def measure(database, size, args):
    url = database_url(database, size, args.pg)
    ensure_database(database, url)
    env = os.environ | {
        "DATABASE_URL": url,
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": args.redis,
        "STATIC_ROOT": str(VAR / "static"),
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
    }
    print(f"== {database}, {size} dispatches", flush=True)
    detail, static = prepare(env, size, args.organisations, args.seed)
    # Two servers on the same database: one with the page cache (the "cached" rows) and one
    # without it (PUBLIC_PAGE_CACHE_SECONDS=0: every request goes to the view, which assembles
    # the page from its kept parts: the "uncached" rows).
    # A cache-busting query parameter alone would not do: the page cache drops parameters a
    # page does not read, so `?_b=N` is the same cached page.
    servers = {
        cached: start_gunicorn(
            env | ({} if cached else {"PUBLIC_PAGE_CACHE_SECONDS": "0"}),
            port=args.port + (0 if cached else 1),
            workers=args.workers,
        )
        for cached in (True, False)
    }
    base = {True: f"http://127.0.0.1:{args.port}", False: f"http://127.0.0.1:{args.port + 1}"}
    pages = [
        ("static file", static, False),
        # The cheapest answer Django gives through the same middleware: no database, no
        # template. No page can do better, so it bounds every "uncached" ratio below.
        ("Django floor (/healthz)", "/healthz", False),
        ("home", "/", True),
        ("list", "/van-ban/", True),
        ("detail", detail, True),
        (f"search common ({COMMON})", f"/tim-kiem/?q={COMMON}", True),
        (f"search rare ({RARE})", f"/tim-kiem/?q={RARE}", True),
    ]
    rows = []
    try:
        wait_for(base[True] + static)
        wait_for(base[False] + static)
        for name, path, dynamic in pages:
            # (label, cache busting, connections): a search is also timed alone, one request at
            # a time, for its latency; under 16 connections p50 is mostly queueing.
            modes = [("", False, args.connections)]
            if dynamic:
                modes = [("uncached", True, args.connections), ("cached", False, args.connections)]
            if path.startswith("/tim-kiem/"):
                modes.insert(1, ("uncached 1 conn", True, 1))
            for mode, bust, connections in modes:
                root = base[not bust]
                warm = {"bust": bust, "connections": connections, "plain": args.plain}
                wrk(root + path, seconds=2, **warm)  # warm up
                result = wrk(root + path, seconds=args.seconds, **warm)
                rows.append((f"{name} {mode}".strip(), result))
                print(
                    f"  {rows[-1][0]:<40} {result['rps']:8.1f} rps  p50 {result['p50_ms']:7.2f}"
                    f" ms  p99 {result['p99_ms']:7.2f} ms",
                    flush=True,
                )
    finally:
        for server in servers.values():
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return rows


def print_table(results):
    print("\n| database | dispatches | page | req/s | p50 ms | p99 ms | × static | errors |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for (database, size), rows in results.items():
        static = rows[0][1]["rps"]
        for name, r in rows:
            print(
                f"| {database} | {size} | {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
                f"{r['p99_ms']:.1f} | {r['rps'] / static:.2f} | {r['errors']} |"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"]
    )
    parser.add_argument("--organisations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8055)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument(
        "--plain", action="store_true", help="send no Accept-Encoding (browsers send gzip)"
    )
    parser.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"),
        help="PostgreSQL URL without the size suffix (_10000 is appended)",
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    results = {}
    for database in args.databases:
        for size in args.sizes:
            results[(database, size)] = measure(database, size, args)
    print_table(results)


if __name__ == "__main__":
    sys.exit(main())
