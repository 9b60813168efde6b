#!/usr/bin/env python3
"""Load and faults: the portal under gunicorn on loopback, PostgreSQL restarted and a worker killed.

Not a test (it is timed and machine-dependent): run it by hand, read what it prints.

    .venv/bin/python bench/load_and_fault.py              # its own throwaway PostgreSQL cluster
    .venv/bin/python bench/load_and_fault.py --system-cluster   # restarts the 15/main cluster!

What it does, bounded in time (about 40 s of load) and to 127.0.0.1:
1. a PostgreSQL to abuse: by default a throwaway cluster (initdb in a temporary directory, run
   as the `postgres` user, port 5466), so other users of the machine's cluster are not hit;
   with --system-cluster it uses 127.0.0.1:5432 and `pg_ctlcluster 15 main restart`;
2. a fresh database `portal_bench`: migrate, the seed dispatches, N drafts, clerk accounts;
3. gunicorn on 127.0.0.1:8066 with production settings (DEBUG off, CONN_HEALTH_CHECKS on);
4. citizens reading and searching, clerks logging in and publishing drafts through the admin
   action, units confirming receipt through their personal links (each write acknowledged by a
   302), a readiness poller;
5. phases: steady → PostgreSQL restart → recovered → one gunicorn worker SIGKILLed → final;
6. prints requests, errors by phase, p50/p99, the time to recover, and checks that every write
   acknowledged to a client is in the database (and in the audit trail).
"""

import argparse
import contextlib
import http.cookiejar
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DB_NAME = "portal_bench"
CLERK_PASSWORD = "Bench-mat-khau-dai-" + secrets.token_hex(4)
SEARCHES = ["lừa đảo", "lua dao", "sổ liên lạc", "so lien lac dien tu", "thuế", "OTP", "công an"]
PAGES = ["/", "/van-ban/", "/thu-doan/", "/co-quan/", "/bi-lua-dao/", "/van-ban/?trang=2"]


class Stats:
    """Per-phase counts and latencies, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "steady"
        self.requests = defaultdict(int)
        self.errors = defaultdict(lambda: defaultdict(int))
        self.latencies = defaultdict(list)
        self.kinds = defaultdict(int)
        self.acknowledged = []  # dispatch ids whose publish got a 302
        self.confirmed = []  # delivery ids whose confirmation got a 302
        self.stop = threading.Event()

    def add(self, kind, seconds, error=None):
        with self.lock:
            self.requests[self.phase] += 1
            self.kinds[kind] += 1
            self.latencies[self.phase].append(seconds)
            if error:
                self.errors[self.phase][f"{kind}: {error}"] += 1


def _request(opener, url, data=None, timeout=10):
    """(status, body); a redirect is returned as is, not followed."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())


def _timed(stats, kind, opener, url, data=None, ok=(200, 301, 302)):
    """One request, timed; anything but `ok` counts as an error (503 included)."""
    started = time.perf_counter()
    try:
        status, body = _request(opener, url, data)
        error = None if status in ok else f"HTTP {status}"
    except (OSError, urllib.error.URLError) as exc:
        status, body, error = 0, "", type(exc).__name__
    stats.add(kind, time.perf_counter() - started, error)
    return status, body


def citizen(stats, base):
    opener = _opener()
    while not stats.stop.is_set():
        if random.random() < 0.4:
            url = f"{base}/tim-kiem/?" + urllib.parse.urlencode({"q": random.choice(SEARCHES)})
            _timed(stats, "search", opener, url)
        else:
            _timed(stats, "read", opener, base + random.choice(PAGES))


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in(base, username):
    """A clerk's session, opened before the clock starts (a PBKDF2 login costs seconds here)."""
    opener = _opener()
    for _ in range(5):
        _, body = _request(opener, f"{base}/quan-tri/login/", timeout=60)
        data = {
            "csrfmiddlewaretoken": _CSRF.search(body)[1],
            "username": username,
            "password": CLERK_PASSWORD,
            "next": "/quan-tri/",
        }
        if _request(opener, f"{base}/quan-tri/login/", data, timeout=60)[0] == 302:
            return opener
    raise SystemExit(f"{username} could not log in")


def clerk(stats, base, opener, drafts):
    """Publish drafts one by one through the admin action; a 302 is the acknowledgement."""
    changelist = f"{base}/quan-tri/advisories/dispatch/"
    while not stats.stop.is_set():
        with stats.lock:
            if not drafts:
                break
            pk = drafts.pop()
        status, body = _timed(stats, "changelist", opener, changelist)
        token = _CSRF.search(body)
        if status != 200 or not token:
            continue  # this draft stays unacknowledged; it may or may not be published
        data = {
            "csrfmiddlewaretoken": token[1],
            "action": "publish_selected",
            "post": "yes",  # the confirmation step's answer
            "_selected_action": [pk],
            "index": 0,
        }
        status, _ = _timed(stats, "publish", opener, changelist, data, ok=(302,))
        if status == 302:
            with stats.lock:
                stats.acknowledged.append(pk)


def unit(stats, base, links):
    """Units confirming receipt through their personal link: GET the page (CSRF cookie and
    token), POST name and position; the 302 back to the page is the acknowledgement."""
    while not stats.stop.is_set():
        with stats.lock:
            if not links:
                break
            delivery_id, token = links.pop()
        opener = _opener()  # each unit on its own browser
        url = f"{base}/xac-nhan/{token}/"
        status, body = _timed(stats, "confirm-page", opener, url)
        csrf = _CSRF.search(body)
        if status != 200 or not csrf:
            continue  # never acknowledged: may or may not be confirmed later
        data = {
            "csrfmiddlewaretoken": csrf[1],
            "action": "confirm",
            "name": "Nguyễn Văn Đơn Vị",
            "position": "Văn thư",
        }
        status, _ = _timed(stats, "confirm", opener, url, data, ok=(302,))
        if status == 302:
            with stats.lock:
                stats.confirmed.append(int(delivery_id))


# Writers of the mixed load: clerks publishing (one thread per clerk session), units confirming.
WRITERS = [clerk]


def readiness(stats, base, marks):
    """Polls /readyz every 50 ms; notes the first 200 after the restart finished."""
    opener = _opener()
    while not stats.stop.is_set():
        try:
            status, _ = _request(opener, f"{base}/readyz", timeout=2)
        except (OSError, urllib.error.URLError):
            status = 0
        now = time.monotonic()
        if status != 200 and "first_failure" not in marks and "restart_begun" in marks:
            marks["first_failure"] = now
        if status == 200 and "restart_done" in marks and "recovered" not in marks:
            marks["recovered"] = now
        time.sleep(0.05)


class Postgres:
    """The cluster to restart: a throwaway one (default) or the machine's 15/main."""

    def __init__(self, system, port):
        self.system = system
        self.port = 5432 if system else port
        self.datadir = None

    def start(self):
        if self.system:
            return
        self.datadir = Path(tempfile.mkdtemp(prefix="portal-bench-pg-"))
        shutil.chown(self.datadir, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [
                *as_postgres,
                str(PG_BIN / "initdb"),
                "-D",
                str(self.datadir),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
        )
        self._ctl("start")

    def _ctl(self, action):
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-o",
                options,
                "-l",
                str(self.datadir / "log"),
                "-m",
                "fast",
                "-w",
                action,
            ],
            check=True,
            capture_output=True,
        )

    def restart(self):
        if self.system:
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"],
                check=True,
            )
        else:
            self._ctl("restart")

    def stop(self):
        if not self.system and self.datadir:
            self._ctl("stop")
            shutil.rmtree(self.datadir, ignore_errors=True)

    def psql(self, sql, db="postgres"):
        return subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                db,
                "-tAc",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()


def _manage(env, *args, input_text=None):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        input=input_text,
    ).stdout


SETUP = """
from django.contrib.auth import get_user_model
from advisories.models import Dispatch
from tests.factories import DispatchFactory
User = get_user_model()
for i in range({clerks}):
    User.objects.create_superuser(f"vanthu{{i}}", f"vanthu{{i}}@example.vn", "{password}")
issuer = Dispatch.objects.first().issuer
ids = [DispatchFactory(issuer=issuer, draft=True, symbol="UBND-BENCH").pk for _ in range({drafts})]
# Units that will confirm receipt: a published dispatch addressed to a group of {units} stations,
# each with its personal link (token) printed as "delivery_id:token".
from advisories.models import Addressee
from advisories.services import issue_token, publish_dispatch
from advisories.models import Delivery
from tests.factories import OrganisationFactory
units = [OrganisationFactory(parent=issuer) for _ in range({units})]
notice = DispatchFactory(issuer=issuer, draft=True, symbol="UBND-BENCH-NHAN")
Addressee.objects.create(dispatch=notice, position=1, text="Các đơn vị").members.set(units)
publish_dispatch(dispatch=notice)
links = [f"{{d.pk}}:{{issue_token(delivery=d)}}" for d in Delivery.objects.filter(dispatch=notice)]
print(" ".join(links))
print(",".join(map(str, ids)))
"""


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8066)
    parser.add_argument("--pg-port", type=int, default=5466)
    parser.add_argument("--system-cluster", action="store_true")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--citizens", type=int, default=6)
    parser.add_argument("--clerks", type=int, default=2)
    parser.add_argument("--drafts", type=int, default=400)
    parser.add_argument("--units", type=int, default=300, help="units confirming receipt")
    parser.add_argument("--confirmers", type=int, default=2, help="threads of confirming units")
    parser.add_argument("--phase-seconds", type=float, default=8.0)
    args = parser.parse_args()

    postgres = Postgres(args.system_cluster, args.pg_port)
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    gunicorn = None
    try:
        postgres.start()
        postgres.psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
        postgres.psql(f"CREATE DATABASE {DB_NAME}")
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}},
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/{DB_NAME}",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "MAIL_DIR": str(work / "mail"),
            "LOG_LEVEL": "WARNING",
            "AXES_FAILURE_LIMIT": "1000",
        }
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_seed")
        _manage(env, "collectstatic", "--noinput")
        setup = SETUP.format(
            clerks=args.clerks, password=CLERK_PASSWORD, drafts=args.drafts, units=args.units
        )
        output = _manage(env, "shell", "--no-imports", "-c", setup)
        *_, link_line, draft_line = output.strip().splitlines()
        drafts = [int(x) for x in draft_line.split(",")]
        links = [tuple(pair.split(":", 1)) for pair in link_line.split()]

        base = f"http://127.0.0.1:{args.port}"
        pidfile = work / "gunicorn.pid"
        gunicorn = subprocess.Popen(
            [
                GUNICORN,
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "20",
                "--graceful-timeout",
                "5",
                "--pid",
                str(pidfile),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stderr=(work / "gunicorn.log").open("w"),
        )
        for _ in range(100):
            try:
                if _request(_opener(), f"{base}/healthz", timeout=1)[0] == 200:
                    break
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)

        stats, marks = Stats(), {}
        threads = [
            threading.Thread(target=citizen, args=(stats, base)) for _ in range(args.citizens)
        ]
        sessions = [log_in(base, f"vanthu{i}") for i in range(args.clerks)]
        threads += [
            threading.Thread(target=writer, args=(stats, base, session, drafts))
            for session in sessions
            for writer in WRITERS
        ]
        threads += [
            threading.Thread(target=unit, args=(stats, base, links)) for _ in range(args.confirmers)
        ]
        threads.append(threading.Thread(target=readiness, args=(stats, base, marks)))
        for thread in threads:
            thread.start()

        started = time.monotonic()
        time.sleep(args.phase_seconds)
        stats.phase = "pg-restart"
        marks["restart_begun"] = time.monotonic()
        postgres.restart()
        marks["restart_done"] = time.monotonic()
        while "recovered" not in marks and time.monotonic() - marks["restart_done"] < 30:
            time.sleep(0.05)
        stats.phase = "recovered"
        time.sleep(args.phase_seconds)
        workers = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", pidfile.read_text().strip()],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        stats.phase = "worker-killed"
        victim = int(random.choice(workers))
        os.kill(victim, signal.SIGKILL)
        time.sleep(args.phase_seconds / 2)
        stats.phase = "final"
        time.sleep(args.phase_seconds)
        stats.stop.set()
        for thread in threads:
            thread.join(timeout=15)
        elapsed = time.monotonic() - started

        acknowledged = sorted(stats.acknowledged)
        ids = ",".join(map(str, acknowledged)) or "0"
        published = int(
            postgres.psql(
                f"SELECT count(*) FROM advisories_dispatch WHERE id IN ({ids}) "
                "AND status = 'published'",
                DB_NAME,
            )
        )
        audited = int(
            postgres.psql(
                "SELECT count(DISTINCT target_id) FROM advisories_auditevent WHERE kind='publish' "
                f"AND target_id IN ({','.join(repr(str(i)) for i in acknowledged) or repr('0')})",
                DB_NAME,
            )
        )
        in_flight = int(
            postgres.psql(
                "SELECT count(*) FROM advisories_dispatch WHERE status='published' "
                f"AND symbol='BENCH' AND id NOT IN ({ids})",
                DB_NAME,
            )
        )
        half_written = int(
            postgres.psql(
                "SELECT count(*) FROM advisories_dispatch WHERE status='published' AND id NOT IN "
                "(SELECT target_id::bigint FROM advisories_auditevent WHERE kind='publish') "
                "AND symbol='BENCH'",
                DB_NAME,
            )
        )

        print(
            f"\nload and faults: {elapsed:.1f} s, gunicorn {args.workers} workers, "
            f"{args.citizens} citizens, {args.clerks} clerks, PostgreSQL on port {postgres.port}"
        )
        print(f"{'phase':<14}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}")
        all_latencies = []
        for phase in ["steady", "pg-restart", "recovered", "worker-killed", "final"]:
            lat = stats.latencies[phase]
            all_latencies += lat
            errors = sum(stats.errors[phase].values())
            print(
                f"{phase:<14}{stats.requests[phase]:>9}{errors:>8}"
                f"{_percentile(lat, 0.5) * 1000:>9.1f}{_percentile(lat, 0.99) * 1000:>9.1f}"
            )
        total = sum(stats.requests.values())
        print(
            f"{'all':<14}{total:>9}{sum(sum(e.values()) for e in stats.errors.values()):>8}"
            f"{_percentile(all_latencies, 0.5) * 1000:>9.1f}"
            f"{_percentile(all_latencies, 0.99) * 1000:>9.1f}"
        )
        print("requests by kind:", dict(sorted(stats.kinds.items())))
        for phase, errors in stats.errors.items():
            for kind, count in sorted(errors.items()):
                print(f"  error in {phase}: {kind} x{count}")
        restart = marks["restart_done"] - marks["restart_begun"]
        recovery = marks.get("recovered", float("nan")) - marks["restart_done"]
        print(
            f"PostgreSQL restart took {restart:.2f} s; /readyz answered 200 again "
            f"{recovery:.2f} s after it finished"
        )
        print(
            f"killed gunicorn worker {victim}; errors after the kill: "
            f"{sum(stats.errors['worker-killed'].values())}"
        )
        print(
            f"publishes acknowledged to clients: {len(acknowledged)}; "
            f"in the database as published: {published}; with an audit event: {audited}; "
            f"published without an audit event (half-written): {half_written}"
        )
        print(f"publishes committed but not acknowledged (in flight at a fault): {in_flight}")
        confirmed_ids = ",".join(map(str, stats.confirmed)) or "0"
        confirmed_in_db = int(
            postgres.psql(
                f"SELECT count(*) FROM advisories_delivery WHERE id IN ({confirmed_ids}) "
                "AND confirmed_at IS NOT NULL",
                DB_NAME,
            )
        )
        quoted = ",".join(repr(str(i)) for i in stats.confirmed) or repr("0")
        confirmed_audited = int(
            postgres.psql(
                "SELECT count(DISTINCT target_id) FROM advisories_auditevent WHERE kind='confirm' "
                f"AND target_id IN ({quoted})",
                DB_NAME,
            )
        )
        print(
            f"confirmations acknowledged to units: {len(stats.confirmed)}; "
            f"in the database as confirmed: {confirmed_in_db}; with an audit event: "
            f"{confirmed_audited}"
        )
        ok = (
            0 < published == len(acknowledged) == audited
            and half_written == 0
            and 0 < confirmed_in_db == len(stats.confirmed) == confirmed_audited
        )
        print("CHECK every acknowledged write is in the database:", "PASS" if ok else "FAIL")
        log = (work / "gunicorn.log").read_text()
        print("server errors logged:", len(re.findall(r"^\S*Error: .*$", log, re.M)))
        for line in sorted(set(re.findall(r"^\S*Error: .*$", log, re.M)))[:8]:
            print("  ", line[:160])
        return 0 if ok else 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=15)
        with contextlib.suppress(subprocess.CalledProcessError):
            postgres.psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        postgres.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
