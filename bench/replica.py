#!/usr/bin/env python3
"""Read replica under load: a real streaming replica, paused (lagging) then stopped mid-run.

Not a test (timed, machine-dependent): run it by hand as root (it runs PostgreSQL as the
`postgres` user with runuser), read what it prints.

    .venv/bin/python bench/replica.py

1. a throwaway primary cluster (initdb, port 5476) with a database `portal_bench`: migrate, the
   seed dispatches and a corpus of --dispatches;
2. a streaming replica of it: `pg_basebackup -R -X stream` into a temporary directory, started
   with pg_ctl on port 5477 (hot standby);
3. gunicorn on 127.0.0.1:8076 with DATABASE_URL = the primary, DATABASE_REPLICA_URLS = the
   replica, the page cache off (every page reads the database), REPLICA_RETRY_SECONDS=2;
4. citizens reading pages and searching; a writer subscribing to alerts (a public POST, which
   pins its client to the primary) and reading the page that follows;
5. phases: steady → replica lagging (WAL replay paused on the replica) → replica stopped
   (pg_ctl stop -m immediate) → replica back → final;
6. prints per phase: requests, errors, p50/p99, and the transactions each server committed in
   the phase (pg_stat_database): in "steady" the replica serves the reads, while it is stopped
   the primary does and no page fails.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_and_fault import (
    GUNICORN,
    PG_BIN,
    Postgres,
    _manage,
    _opener,
    _percentile,
    _request,
)

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "portal_bench"
PAGES = ["/", "/van-ban/", "/thu-doan/", "/co-quan/", "/tim-kiem/?q=lua+dao", "/tim-kiem/?q=otp"]
# The consent wording's version the form must send back (advisories/alerts/consent.py).
CONSENT_VERSION = re.search(
    r'CONSENT_VERSION = "([^"]+)"', (ROOT / "advisories/alerts/consent.py").read_text()
).group(1)
PHASES = ["steady", "replica-lagging", "replica-stopped", "replica-back", "final"]


class Replica(Postgres):
    """A hot standby of `primary`, made by pg_basebackup -R (streaming, standby.signal)."""

    def __init__(self, primary, port):
        super().__init__(system=False, port=port)
        self.primary = primary

    def start(self):
        self.datadir = Path(tempfile.mkdtemp(prefix="portal-bench-replica-"))
        shutil.chown(self.datadir, "postgres", "postgres")
        self.datadir.chmod(0o700)
        subprocess.run(
            [
                *("runuser", "-u", "postgres", "--", str(PG_BIN / "pg_basebackup")),
                *("-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres"),
                *("-D", str(self.datadir), "-R", "-X", "stream", "--no-sync"),
            ],
            check=True,
            capture_output=True,
        )
        self._ctl("start")

    def pg_ctl(self, *args):
        subprocess.run(
            [
                *("runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "-D"),
                str(self.datadir),
                *args,
            ],
            check=True,
            capture_output=True,
        )


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.phase = PHASES[0]
        self.latencies = defaultdict(list)
        self.errors = defaultdict(lambda: defaultdict(int))
        self.stop = threading.Event()

    def add(self, seconds, error=None, kind=""):
        with self.lock:
            self.latencies[self.phase].append(seconds)
            if error:
                self.errors[self.phase][f"{kind}: {error}"] += 1


def _get(stats, opener, url, kind, data=None, ok=(200, 303)):
    started = time.perf_counter()
    try:
        status, _ = _request(opener, url, data)
        error = None if status in ok else f"HTTP {status}"
    except (OSError, urllib.error.URLError) as exc:
        error = type(exc).__name__
    stats.add(time.perf_counter() - started, error, kind)


def citizen(stats, base, number):
    opener = _opener()
    i = number
    while not stats.stop.is_set():
        _get(stats, opener, base + PAGES[i % len(PAGES)], "page")
        i += 1


def subscriber(stats, base):
    """A public write (alert subscription, 303) then the page after it, pinned to the primary."""
    i = 0
    while not stats.stop.is_set():
        opener = _opener()
        form = {
            "email": f"dan{i}-{secrets.token_hex(3)}@bench.example.vn",
            "frequency": "immediate",
            "consent": "1",
            "consent_version": CONSENT_VERSION,
            "target_kind": "all",
            "target": "",
        }
        _get(stats, opener, f"{base}/nhan-canh-bao/", "subscribe", data=form, ok=(303,))
        _get(stats, opener, f"{base}/nhan-canh-bao/da-gui/", "after-write")
        i += 1
        time.sleep(0.2)


def _commits(server):
    """Transactions committed so far in the bench database (reads count on a hot standby)."""
    try:
        return int(
            server.psql(f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{DB_NAME}'")
        )
    except subprocess.CalledProcessError:
        return None  # stopped


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8076)
    parser.add_argument("--pg-port", type=int, default=5476)
    parser.add_argument("--replica-port", type=int, default=5477)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--citizens", type=int, default=6)
    parser.add_argument("--dispatches", type=int, default=2000)
    parser.add_argument("--phase-seconds", type=float, default=8)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="portal-bench-replica-work-"))
    primary = Postgres(system=False, port=args.pg_port)
    replica = Replica(primary, args.replica_port)
    gunicorn = None
    try:
        primary.start()
        primary.psql(f"CREATE DATABASE {DB_NAME}")
        env = {
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{primary.port}/{DB_NAME}",
            "PUBLIC_PAGE_CACHE_SECONDS": "0",
            "REPLICA_RETRY_SECONDS": "2",
            "ALERT_SUBSCRIBE_PER_CLIENT": "100000",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "MAIL_DIR": str(work / "mail"),
            "LOG_LEVEL": "WARNING",
        }
        for name in ("EMAIL_URL", "REDIS_URL", "DATABASE_REPLICA_URLS"):
            env.pop(name, None)
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_seed")
        _manage(env, "generate_corpus", "--dispatches", str(args.dispatches))
        _manage(env, "collectstatic", "--noinput")
        replica.start()
        env["DATABASE_REPLICA_URLS"] = f"postgres://postgres@127.0.0.1:{replica.port}/{DB_NAME}"

        base = f"http://127.0.0.1:{args.port}"
        gunicorn = subprocess.Popen(
            [
                *(GUNICORN, "portal.wsgi", "-c", "portal/gunicorn.conf.py"),
                *("--access-logfile", "/dev/null", "--bind", f"127.0.0.1:{args.port}"),
                *("--workers", str(args.workers), "--log-level", "warning"),
            ],
            cwd=ROOT,
            env=env,
            stderr=(work / "gunicorn.log").open("w"),
        )
        for _ in range(200):
            try:
                if _request(_opener(), f"{base}/healthz", timeout=1)[0] == 200:
                    break
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)

        stats = Stats()
        threads = [
            threading.Thread(target=citizen, args=(stats, base, n)) for n in range(args.citizens)
        ]
        threads.append(threading.Thread(target=subscriber, args=(stats, base)))
        for thread in threads:
            thread.start()
        commits = {}
        ready = {}
        for phase in PHASES:
            stats.phase = phase
            if phase == "replica-lagging":
                replica.psql("SELECT pg_wal_replay_pause()")
            elif phase == "replica-stopped":
                replica.pg_ctl("-m", "immediate", "-w", "stop")
            elif phase == "replica-back":
                replica._ctl("start")
            before = (_commits(primary), _commits(replica))
            time.sleep(args.phase_seconds)
            after = (_commits(primary), _commits(replica))
            commits[phase] = [
                (b - a) if a is not None and b is not None else None
                for a, b in zip(before, after, strict=True)
            ]
            status, body = _request(_opener(), f"{base}/readyz")
            ready[phase] = f"{status} {body.strip()}"
        stats.stop.set()
        for thread in threads:
            thread.join(timeout=15)

        print(
            f"{'phase':16} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p99 ms':>7}"
            f" {'primary tx':>10} {'replica tx':>10}"
        )
        for phase in PHASES:
            latencies = stats.latencies[phase]
            errors = sum(stats.errors[phase].values())
            on_primary, on_replica = commits[phase]
            print(
                f"{phase:16} {len(latencies):8} {errors:6} "
                f"{_percentile(latencies, 0.5) * 1000:7.0f} "
                f"{_percentile(latencies, 0.99) * 1000:7.0f} "
                f"{on_primary!s:>10} {on_replica if on_replica is not None else 'stopped':>10}"
            )
        for phase in PHASES:
            print(f"  /readyz in {phase}: {ready[phase]}")
            for error, count in sorted(stats.errors[phase].items()):
                print(f"  {phase}: {count} × {error}")
        failed = sum(sum(e.values()) for e in stats.errors.values())
        print("every request answered" if not failed else f"{failed} requests failed")
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        for server in (replica, primary):
            try:
                server.stop()
            except subprocess.CalledProcessError:
                shutil.rmtree(server.datadir, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
