#!/usr/bin/env python3
"""Load and faults: the portal under gunicorn on loopback; PostgreSQL restarted, Redis stopped,
the task worker stopped, a gunicorn worker killed.

Not a test (it is timed and machine-dependent): run it by hand, read what it prints.

    .venv/bin/python bench/load_and_fault.py              # its own throwaway PostgreSQL cluster
    .venv/bin/python bench/load_and_fault.py --system-cluster   # restarts the 15/main cluster!

What it does, bounded in time (about 80 s of load) and to 127.0.0.1:
1. a PostgreSQL to abuse: by default a throwaway cluster (initdb in a temporary directory, run
   as the `postgres` user, port 5466), so other users of the machine's cluster are not hit;
   with --system-cluster it uses 127.0.0.1:5432 and `pg_ctlcluster 15 main restart`; and a
   throwaway Redis (redis-server on port 6467, nothing saved) as the page cache;
2. a fresh database `portal_bench`: migrate, the seed dispatches, N drafts each addressed to
   three units with an e-mail address (every publish queues three notices), clerk accounts;
3. gunicorn on 127.0.0.1:8066 with production settings (DEBUG off, CONN_HEALTH_CHECKS on) and
   the background task worker (`manage.py db_worker`), mail written as files;
4. citizens reading and searching, clerks logging in and publishing drafts through the admin
   action, units confirming receipt through their personal links (each write acknowledged by a
   302), a readiness poller reading /readyz's JSON;
5. phases: steady → PostgreSQL restart → recovered → Redis stopped → Redis back → task worker
   stopped (SIGTERM) → worker back → one gunicorn worker SIGKILLed → final;
6. prints requests, errors by phase, p50/p99, what /readyz said in each phase, the time to
   recover, the notices queued while the worker was stopped and sent after, and checks that
   every write acknowledged to a client is in the database (and in the audit trail) and that
   every notice was sent once.
"""

import argparse
import contextlib
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
DB_NAME = "portal_bench"
CLERK_PASSWORD = "Bench-mat-khau-dai-" + secrets.token_hex(4)
SEARCHES = ["lừa đảo", "lua dao", "sổ liên lạc", "so lien lac dien tu", "thuế", "OTP", "công an"]
PAGES = ["/", "/van-ban/", "/thu-doan/", "/co-quan/", "/bi-lua-dao/", "/van-ban/?trang=1"]
PHASES = [
    "steady",
    "pg-restart",
    "recovered",
    "redis-stopped",
    "redis-back",
    "worker-stopped",
    "worker-back",
    "gunicorn-kill",
    "final",
]
MAIL_SEPARATOR = b"-" * 79 + b"\n"  # Django's file mailer ends each message with it


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
        # /readyz in each phase: (status, its "cache" field, its "worker" field) -> count
        self.ready = defaultdict(Counter)
        self.fault = None  # the fault whose recovery the readiness poller times
        self.marks = defaultdict(dict)  # fault -> begun/done/first_failure/recovered
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


def readiness(stats, base):
    """Polls /readyz every 50 ms: what it says in each phase, and the first 200 after the
    current fault was repaired."""
    opener = _opener()
    while not stats.stop.is_set():
        try:
            status, body = _request(opener, f"{base}/readyz", timeout=2)
            answer = json.loads(body) if body.startswith("{") else {}
        except (OSError, urllib.error.URLError):
            status, answer = 0, {}
        now = time.monotonic()
        with stats.lock:
            seen = (status, answer.get("cache", "-"), answer.get("worker", "-"))
            stats.ready[stats.phase][seen] += 1
            marks = stats.marks[stats.fault] if stats.fault else {}
        if marks and status != 200 and "first_failure" not in marks:
            marks["first_failure"] = now
        if marks and status == 200 and "done" in marks and "recovered" not in marks:
            marks["recovered"] = now
        time.sleep(0.05)


class Redis:
    """A throwaway redis-server for the page cache: stopped and started again mid-run."""

    def __init__(self, port):
        self.port, self.process = port, None

    def start(self):
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn,
            ):
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.05)
        raise SystemExit("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None


class TaskWorker:
    """`manage.py db_worker`, as run beside gunicorn in production; stopped with SIGTERM (it
    finishes the task in hand, as a process manager's stop does) and started again."""

    def __init__(self, env, log):
        self.env, self.log, self.process = env, log, None

    def start(self):
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval=1"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
            self.process = None


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
from advisories.models import Addressee
from advisories.services import issue_token, publish_dispatch
from advisories.models import Delivery
from tests.factories import OrganisationFactory
# Every draft is addressed to three units with an e-mail address: each publish queues a round of
# three notices for the task worker.
mailed = [OrganisationFactory(parent=issuer, email=f"tram{{i}}@bench.example.vn") for i in range(3)]
ids = []
for _ in range({drafts}):
    draft = DispatchFactory(issuer=issuer, draft=True, symbol="UBND-BENCH")
    Addressee.objects.create(dispatch=draft, position=1, text="Các trạm").members.set(mailed)
    ids.append(draft.pk)
# Units that will confirm receipt (no e-mail address: they get their link below): a published
# dispatch addressed to a group of {units} stations, each link printed as "delivery_id:token".
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


def _count(postgres, sql):
    return int(postgres.psql(sql, DB_NAME))


NOTICES_DUE = (
    "SELECT count(*) FROM advisories_delivery d "
    "JOIN advisories_dispatch p ON p.id = d.dispatch_id "
    "JOIN advisories_organisation o ON o.id = d.organisation_id "
    "WHERE p.symbol = 'UBND-BENCH' AND o.email <> ''"
)
NOTICES_SENT = NOTICES_DUE + " AND d.notified_at IS NOT NULL"
TASKS_WAITING = (
    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')"
)


def _mails_written(folder):
    """Messages Django's file mailer wrote into the folder."""
    return sum(path.read_bytes().count(MAIL_SEPARATOR) for path in folder.glob("*"))


def _await_recovery(stats, fault, seconds=30):
    deadline = time.monotonic() + seconds
    while "recovered" not in stats.marks[fault] and time.monotonic() < deadline:
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8066)
    parser.add_argument("--pg-port", type=int, default=5466)
    parser.add_argument("--redis-port", type=int, default=6467)
    parser.add_argument("--system-cluster", action="store_true")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--citizens", type=int, default=6)
    parser.add_argument("--clerks", type=int, default=2)
    parser.add_argument("--drafts", type=int, default=800)
    parser.add_argument("--units", type=int, default=300, help="units confirming receipt")
    parser.add_argument("--confirmers", type=int, default=2, help="threads of confirming units")
    parser.add_argument("--phase-seconds", type=float, default=8.0)
    args = parser.parse_args()

    postgres = Postgres(args.system_cluster, args.pg_port)
    redis = Redis(args.redis_port)
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    mail_dir = work / "mail"
    gunicorn = task_worker = None
    try:
        postgres.start()
        redis.start()
        postgres.psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
        postgres.psql(f"CREATE DATABASE {DB_NAME}")
        env = {
            **os.environ,
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{postgres.port}/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            # After a Redis failure each process skips it this long (10 s in production).
            "CACHE_RETRY_SECONDS": "2",
            # 6 s, so that a stop of 12 s shows in /readyz (5 minutes in production).
            "WORKER_STALE_MINUTES": "0.1",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "MAIL_DIR": str(mail_dir),
            "SITE_URL": f"http://127.0.0.1:{args.port}",
            "LOG_LEVEL": "WARNING",
            "AXES_FAILURE_LIMIT": "1000",
        }
        env.pop("EMAIL_URL", None)
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
                "-c",
                "portal/gunicorn.conf.py",
                "--access-logfile",
                "/dev/null",
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
        task_worker = TaskWorker(env, work / "worker.log")
        task_worker.start()
        for _ in range(100):
            try:
                if _request(_opener(), f"{base}/healthz", timeout=1)[0] == 200:
                    break
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)

        stats = Stats()
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
        threads.append(threading.Thread(target=readiness, args=(stats, base)))
        for thread in threads:
            thread.start()

        def phase(name, seconds=args.phase_seconds):
            stats.phase = name
            time.sleep(seconds)

        def fault(name, begun):
            stats.fault = name
            stats.marks[name]["begun"] = time.monotonic()
            begun()

        started = time.monotonic()
        phase("steady")

        stats.phase = "pg-restart"
        fault("pg", postgres.restart)
        stats.marks["pg"]["done"] = time.monotonic()
        _await_recovery(stats, "pg")
        phase("recovered")

        stats.phase = "redis-stopped"
        fault("redis", redis.stop)
        phase("redis-stopped")
        redis.start()
        stats.marks["redis"]["done"] = time.monotonic()
        stats.phase = "redis-back"
        _await_recovery(stats, "redis")
        phase("redis-back", args.phase_seconds / 2)

        stats.fault = None
        stats.phase = "worker-stopped"
        # django-tasks-db's worker exits on a lost database connection (the PostgreSQL restart
        # above): a process manager must restart it. Say so if it is already gone.
        died = task_worker.process.poll()
        task_worker.stop()
        stopped_at = {
            "sent": _count(postgres, NOTICES_SENT),
            "files": _mails_written(mail_dir),
            "waiting": _count(postgres, TASKS_WAITING),
        }
        time.sleep(args.phase_seconds * 1.5)
        before_restart = {
            "sent": _count(postgres, NOTICES_SENT),
            "files": _mails_written(mail_dir),
            "waiting": _count(postgres, TASKS_WAITING),
            "due": _count(postgres, NOTICES_DUE),
        }
        task_worker.start()
        phase("worker-back")

        workers = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", pidfile.read_text().strip()],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        stats.phase = "gunicorn-kill"
        victim = int(random.choice(workers))
        os.kill(victim, signal.SIGKILL)
        time.sleep(args.phase_seconds / 2)
        phase("final")
        stats.stop.set()
        for thread in threads:
            thread.join(timeout=15)
        elapsed = time.monotonic() - started

        # The worker drains what the load queued (bounded).
        drain_started = time.monotonic()
        while _count(postgres, TASKS_WAITING) and time.monotonic() - drain_started < 120:
            time.sleep(0.5)
        drained = time.monotonic() - drain_started

        acknowledged = sorted(stats.acknowledged)
        ids = ",".join(map(str, acknowledged)) or "0"
        published = _count(
            postgres,
            f"SELECT count(*) FROM advisories_dispatch WHERE id IN ({ids}) "
            "AND status = 'published'",
        )
        audited = _count(
            postgres,
            "SELECT count(DISTINCT target_id) FROM advisories_auditevent WHERE kind='publish' "
            f"AND target_id IN ({','.join(repr(str(i)) for i in acknowledged) or repr('0')})",
        )
        in_flight = _count(
            postgres,
            "SELECT count(*) FROM advisories_dispatch WHERE status='published' "
            f"AND symbol='UBND-BENCH' AND id NOT IN ({ids})",
        )
        half_written = _count(
            postgres,
            "SELECT count(*) FROM advisories_dispatch WHERE status='published' AND id::text NOT IN "
            "(SELECT target_id FROM advisories_auditevent WHERE kind='publish') "
            "AND symbol='UBND-BENCH'",
        )

        print(
            f"\nload and faults: {elapsed:.1f} s, gunicorn {args.workers} workers, "
            f"{args.citizens} citizens, {args.clerks} clerks, PostgreSQL on port {postgres.port}, "
            f"Redis on port {redis.port}, one task worker"
        )
        print(f"{'phase':<15}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p99 ms':>9}  /readyz")
        all_latencies = []
        for name in PHASES:
            lat = stats.latencies[name]
            all_latencies += lat
            errors = sum(stats.errors[name].values())
            ready = ", ".join(
                f"{status} cache={cache} worker={worker} x{count}"
                for (status, cache, worker), count in stats.ready[name].most_common(3)
            )
            print(
                f"{name:<15}{stats.requests[name]:>9}{errors:>8}"
                f"{_percentile(lat, 0.5) * 1000:>9.1f}{_percentile(lat, 0.99) * 1000:>9.1f}"
                f"  {ready}"
            )
        total = sum(stats.requests.values())
        print(
            f"{'all':<15}{total:>9}{sum(sum(e.values()) for e in stats.errors.values()):>8}"
            f"{_percentile(all_latencies, 0.5) * 1000:>9.1f}"
            f"{_percentile(all_latencies, 0.99) * 1000:>9.1f}"
        )
        print("requests by kind:", dict(sorted(stats.kinds.items())))
        for name, errors in stats.errors.items():
            for kind, count in sorted(errors.items()):
                print(f"  error in {name}: {kind} x{count}")

        def took(fault_name, key="done"):
            marks = stats.marks[fault_name]
            return marks.get("recovered", float("nan")) - marks[key]

        pg = stats.marks["pg"]
        print(
            f"PostgreSQL restart took {pg['done'] - pg['begun']:.2f} s; /readyz answered 200 "
            f"again {took('pg'):.2f} s after it finished"
        )
        redis_pages = stats.requests["redis-stopped"]
        redis_errors = sum(stats.errors["redis-stopped"].values())
        redis_503 = sum(
            count
            for (status, cache, _), count in stats.ready["redis-stopped"].items()
            if status == 503 and cache != "-"
        )
        redis_polls = sum(stats.ready["redis-stopped"].values())
        print(
            f"Redis stopped for {args.phase_seconds:.0f} s: {redis_pages} requests, "
            f"{redis_errors} errors (pages from the database); /readyz 503 naming the cache "
            f"{redis_503}/{redis_polls} polls; 200 again {took('redis'):.2f} s after Redis "
            "was back"
        )
        if died is not None:
            print(f"the task worker had already exited (code {died}) before it was stopped")
        print(
            f"task worker stopped for {args.phase_seconds * 1.5:.0f} s: notices sent at the stop "
            f"{stopped_at['sent']} (mail files {stopped_at['files']}), before the restart "
            f"{before_restart['sent']} (mail files {before_restart['files']}) of "
            f"{before_restart['due']} due; tasks waiting at the stop {stopped_at['waiting']}, "
            f"before the restart {before_restart['waiting']}"
        )
        due, sent = _count(postgres, NOTICES_DUE), _count(postgres, NOTICES_SENT)
        files = _mails_written(mail_dir)
        left = _count(postgres, TASKS_WAITING)
        print(
            f"after the restart: queue drained {drained:.1f} s after the load ended, "
            f"tasks left {left}; notices due {due}, sent {sent}, mail files {files}"
        )
        failed_tasks = postgres.psql(
            "SELECT task_path || ' ' || exception_class_path || ' started '"
            " || to_char(started_at, 'HH24:MI:SS.MS') FROM django_tasks_database_dbtaskresult"
            " WHERE status = 'FAILED' ORDER BY started_at",
            DB_NAME,
        )
        for line in failed_tasks.splitlines():
            print("  failed task:", line)
        print(
            f"killed gunicorn worker {victim}; errors after the kill: "
            f"{sum(stats.errors['gunicorn-kill'].values())}"
        )
        print(
            f"publishes acknowledged to clients: {len(acknowledged)}; "
            f"in the database as published: {published}; with an audit event: {audited}; "
            f"published without an audit event (half-written): {half_written}"
        )
        print(f"publishes committed but not acknowledged (in flight at a fault): {in_flight}")
        confirmed_ids = ",".join(map(str, stats.confirmed)) or "0"
        confirmed_in_db = _count(
            postgres,
            f"SELECT count(*) FROM advisories_delivery WHERE id IN ({confirmed_ids}) "
            "AND confirmed_at IS NOT NULL",
        )
        quoted = ",".join(repr(str(i)) for i in stats.confirmed) or repr("0")
        confirmed_audited = _count(
            postgres,
            "SELECT count(DISTINCT target_id) FROM advisories_auditevent WHERE kind='confirm' "
            f"AND target_id IN ({quoted})",
        )
        print(
            f"confirmations acknowledged to units: {len(stats.confirmed)}; "
            f"in the database as confirmed: {confirmed_in_db}; with an audit event: "
            f"{confirmed_audited}"
        )
        writes_ok = (
            0 < published == len(acknowledged) == audited
            and half_written == 0
            and 0 < confirmed_in_db == len(stats.confirmed) == confirmed_audited
        )
        print("CHECK every acknowledged write is in the database:", "PASS" if writes_ok else "FAIL")
        redis_ok = redis_errors == 0 and redis_503 > 0 and "recovered" in stats.marks["redis"]
        print(
            "CHECK Redis stopped: pages served, /readyz names the cache, then recovers:",
            "PASS" if redis_ok else "FAIL",
        )
        worker_ok = (
            before_restart["sent"] == stopped_at["sent"]
            and before_restart["waiting"] > 0
            and left == 0
            and 0 < due == sent == files
        )
        print(
            "CHECK worker stopped: notices wait, all sent once after the restart:",
            "PASS" if worker_ok else "FAIL",
        )
        log = (work / "gunicorn.log").read_text()
        print("server errors logged:", len(re.findall(r"^\S*Error: .*$", log, re.M)))
        for line in sorted(set(re.findall(r"^\S*Error: .*$", log, re.M)))[:8]:
            print("  ", line[:160])
        return 0 if writes_ok and redis_ok and worker_ok else 1
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=15)
        if task_worker is not None:
            task_worker.stop()
        redis.stop()
        with contextlib.suppress(subprocess.CalledProcessError):
            postgres.psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        postgres.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
