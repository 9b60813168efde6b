"""Benchmark of receipt tracking at 10,000 units, on the database DATABASE_URL names.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/receipts.py
    .venv/bin/python bench/receipts.py            # SQLite (a temporary file)
    .venv/bin/python bench/receipts.py --units 2000

It works in a throw-away database beside the configured one (Django's test-database machinery:
`test_<name>` on PostgreSQL, a temporary file on SQLite), and prints:
  - publish: creating the deliveries and queueing the notices (what the staff member waits for);
  - fan-out: the worker's first task, queueing the mail tasks (in the background);
  - one mail task: sending NOTICES_PER_TASK mails (file mailer) with their personal links;
  - dashboard: rendering the admin's follow-up page for that dispatch, with its query count.
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
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def check(ok, what):
    if not ok:
        sys.exit(f"benchmark sanity check failed: {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    args = parser.parse_args()

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.units, name)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def run(units, db_name):
    from django_tasks_db.models import DBTaskResult

    from advisories.models import Addressee, Delivery, Dispatch, Organisation
    from advisories.receipts.tasks import NOTICES_PER_TASK, notify_units, send_receipt_notices
    from advisories.services import publish_dispatch

    issuer = Organisation.objects.create(name="Sở Y tế", slug="so-y-te", email="vp@example.vn")
    Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"Trạm Y tế số {i}",
                slug=f"tram-{i}",
                email=f"tram{i}@example.vn",
                parent=issuer,
            )
            for i in range(units)
        ),
        batch_size=2000,
    )
    dispatch = Dispatch.objects.create(
        issuer=issuer,
        number=1,
        symbol="SYT-VP",
        place="An Giang",
        year=2025,
        month=10,
        day=7,
        subject="tuyên truyền",
        body="…",
    )
    line = Addressee.objects.create(dispatch=dispatch, position=1, text="Các Trạm Y tế")
    line.members.set(Organisation.objects.filter(parent=issuer))

    started = time.perf_counter()
    publish_dispatch(dispatch=dispatch)
    publish_s = time.perf_counter() - started
    check(Delivery.objects.filter(dispatch=dispatch).count() == units, "deliveries")

    task = DBTaskResult.objects.get()
    started = time.perf_counter()
    notify_units.call(**task.args_kwargs["kwargs"])
    fanout_s = time.perf_counter() - started
    batches = DBTaskResult.objects.exclude(pk=task.pk)
    check(batches.count() == -(-units // NOTICES_PER_TASK), "queued mail tasks")

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": tempfile.mkdtemp()},
        }
    }
    batch = batches.order_by("enqueued_at").first()
    started = time.perf_counter()
    send_receipt_notices.call(**batch.args_kwargs["kwargs"])
    batch_s = time.perf_counter() - started

    pending = Delivery.objects.filter(dispatch=dispatch).order_by("pk")
    Delivery.objects.filter(pk__in=pending.values("pk")[: units // 2]).update(
        confirmed_at=timezone.now(),
        confirmed_by_name="Lê Văn B",
        confirmed_by_position="Văn thư",
    )
    user = get_user_model().objects.create_superuser("bench", "b@example.vn", None)
    client = Client()
    client.force_login(user)
    url = reverse("admin:receipt_dashboard", args=[dispatch.pk])
    client.get(url)  # warm-up: templates compiled, connection open
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    dashboard_s = time.perf_counter() - started
    check(response.status_code == 200, "dashboard status")

    print(f"database: {connection.vendor} ({db_name})")
    print(f"units: {units}")
    print(f"publish (create {units} deliveries + queue notices): {publish_s:.2f} s")
    print(
        f"fan-out in the worker (queue {batches.count()} mail tasks of {NOTICES_PER_TASK}): "
        f"{fanout_s:.2f} s"
    )
    print(f"one mail task in the worker ({NOTICES_PER_TASK} mails as files): {batch_s:.2f} s")
    print(
        f"dashboard render ({units} units, half confirmed): {dashboard_s * 1000:.0f} ms, "
        f"{len(queries)} queries"
    )


if __name__ == "__main__":
    main()
