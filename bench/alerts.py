"""Benchmark of the e-mail alerts: one publish to N confirmed subscribers, on the database
DATABASE_URL names.

    .venv/bin/python bench/alerts.py                          # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/alerts.py
    .venv/bin/python bench/alerts.py --subscribers 2000 --digest

It works in a throw-away database beside the configured one (Django's test-database machinery:
`test_<name>` on PostgreSQL, a temporary file on SQLite), mails into a temporary folder with
the file mailer, and prints:
  - publish: what the staff member waits for (the event and the fan-out task are queued);
  - fan-out: the worker's first task, choosing the subscribers and queueing the batches;
  - worker: the real `db_worker` run until the queue is empty (fan-out + every batch), with
    the mails per second it wrote;
  - with --digest: the same number of daily subscribers, `send_alert_digest` then the worker.
"""

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throw-away database

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402


def check(ok, what):
    if not ok:
        sys.exit(f"benchmark sanity check failed: {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--digest", action="store_true", help="also time the daily digest")
    args = parser.parse_args()

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.subscribers, name, digest=args.digest)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def _subscribers(count, *, frequency, prefix):
    """`count` confirmed subscriptions to every advisory, as the form and its link leave them
    (written in bulk: the benchmark measures the sending, not 10,000 form posts)."""
    from advisories.alerts.consent import CONSENT_VERSION, consent_text
    from advisories.alerts.tokens import new_nonce
    from advisories.models import AlertSubscription

    now, text = timezone.now(), consent_text()
    AlertSubscription.objects.bulk_create(
        (
            AlertSubscription(
                email=f"{prefix}{i}@example.vn",
                target=AlertSubscription.Target.ALL,
                frequency=frequency,
                consent_version=CONSENT_VERSION,
                consent_text=text,
                requested_at=now,
                confirmed_at=now,
                unsubscribe_nonce=new_nonce(),
            )
            for i in range(count)
        ),
        batch_size=2000,
    )


def _draft(issuer, number):
    from advisories.models import Addressee, Dispatch, Organisation

    unit = Organisation.objects.create(name=f"Trạm Y tế {number}", slug=f"tram-{number}")
    dispatch = Dispatch.objects.create(
        issuer=issuer,
        number=number,
        symbol="SYT-VP",
        place="An Giang",
        year=2025,
        month=10,
        day=7,
        subject=f"tuyên truyền phương thức lừa đảo mới, đợt {number}",
        body="…",
        signer_name="Nguyễn Văn A",
    )
    Addressee.objects.create(dispatch=dispatch, position=1, organisation=unit)
    return dispatch


def _mails_in(folder):
    """How many alerts the file mailer wrote (each carries one List-Unsubscribe-Post)."""
    return sum(
        path.read_bytes().count(b"\nList-Unsubscribe-Post: ") for path in Path(folder).glob("*")
    )


def _run_worker():
    """(wall seconds, CPU seconds) of the real worker run until the queue is empty. The CPU
    time tells the cost on a machine shared with other work, where the wall time also counts
    the waits for a core."""
    started, cpu = time.perf_counter(), time.process_time()
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval=0", verbosity=0
    )
    return time.perf_counter() - started, time.process_time() - cpu


def run(count, db_name, *, digest):
    from django_tasks_db.models import DBTaskResult

    from advisories.alerts.tasks import ALERTS_PER_TASK, fan_out_alert
    from advisories.models import Organisation, SentAlert
    from advisories.services import publish_dispatch
    from advisories.services.alerts import queue_alert_digest

    folder = tempfile.mkdtemp()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": folder},
        }
    }
    issuer = Organisation.objects.create(name="Sở Y tế", slug="so-y-te", province="An Giang")
    _subscribers(count, frequency="immediate", prefix="ngay")

    # 1. fan-out alone, timed on a first dispatch (its batches are then dropped)
    first = _draft(issuer, 1)
    publish_dispatch(dispatch=first)
    fan_out = DBTaskResult.objects.get(task_path__endswith="fan_out_alert")
    started = time.perf_counter()
    fan_out_alert.call(**fan_out.args_kwargs["kwargs"])
    fanout_s = time.perf_counter() - started
    DBTaskResult.objects.all().delete()

    # 2. the whole path: publish, then the real worker until the queue is empty
    second = _draft(issuer, 2)
    started = time.perf_counter()
    publish_dispatch(dispatch=second)
    publish_s = time.perf_counter() - started
    worker_s, worker_cpu = _run_worker()
    mails = _mails_in(folder)
    check(mails == count, f"{mails} alerts written, {count} expected")
    check(SentAlert.objects.filter(sent_at__isnull=False).count() == count, "sent records")
    check(not DBTaskResult.objects.failed().exists(), "a task failed")

    print(f"database: {connection.vendor} ({db_name})")
    print(f"subscribers: {count} (immediate), {ALERTS_PER_TASK} per batch task")
    print(f"publish (event + fan-out task queued, in the staff request): {publish_s * 1000:.0f} ms")
    print(f"fan-out task alone (choose {count} subscribers, queue the batches): {fanout_s:.2f} s")
    print(
        f"worker, publish to last mail ({mails} mails as files): {worker_s:.2f} s, "
        f"{mails / worker_s:.0f} mails/s ({worker_cpu:.2f} s of CPU: "
        f"{mails / worker_cpu:.0f} mails per CPU second)"
    )

    if digest:
        _subscribers(count, frequency="daily", prefix="hang-ngay")
        third = _draft(issuer, 3)
        publish_dispatch(dispatch=third)
        _run_worker()  # the immediate ones get the third dispatch; the daily ones wait
        before = _mails_in(folder)
        started = time.perf_counter()
        queue_alert_digest()
        queue_s = time.perf_counter() - started
        digest_s, digest_cpu = _run_worker()
        digests = _mails_in(folder) - before
        check(digests == count, f"{digests} digests written, {count} expected")
        print(f"send_alert_digest (queue {count} daily subscribers): {queue_s:.2f} s")
        print(
            f"worker, digest ({digests} mails of 1 dispatch): {digest_s:.2f} s, "
            f"{digests / digest_s:.0f} mails/s ({digest_cpu:.2f} s of CPU)"
        )


if __name__ == "__main__":
    main()
