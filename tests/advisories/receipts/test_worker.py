"""A stopped task worker: the notices wait in the queue, the admin's home page and /readyz say
so, and everything is sent once the worker runs again (the real db_worker command).

The queue is aged by moving its tasks' times back, as if the minutes had passed.
"""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from advisories.receipts.worker import WorkerStatus, worker_status
from advisories.services import publish_dispatch
from tests.advisories.conftest import make_addressed_draft, read_mails

pytestmark = pytest.mark.django_db(transaction=True)

BANNER = "Bộ xử lý nền chưa hoạt động từ"


def _age_queue(minutes):
    DBTaskResult.objects.update(enqueued_at=F("enqueued_at") - dt.timedelta(minutes=minutes))


def test_a_stopped_worker_is_shown_and_nothing_is_lost_when_it_runs_again(
    admin_client_logged_in, client, mail_dir, run_worker, settings
):
    settings.WORKER_STALE_MINUTES = 5
    dispatch, orgs, _ = make_addressed_draft(units=3)
    publish_dispatch(dispatch=dispatch)
    _age_queue(12)  # no worker for 12 minutes

    status = worker_status()
    assert (status.stale, status.waiting, status.notices_waiting) == (True, 1, 3)
    assert status.unseen_minutes == 12
    home = admin_client_logged_in.get("/quan-tri/").content.decode()
    assert f"{BANNER} 12 phút; thư thông báo đang chờ: 3 (1 việc)" in home
    ready = client.get("/readyz")
    assert ready.status_code == 200  # the pages do not need the worker
    assert ready.json() == {"status": "ok", "worker": "stale", "tasks_waiting": 1}
    assert read_mails(mail_dir) == []

    run_worker()  # the worker is started again

    assert sorted(m["To"] for m in read_mails(mail_dir)) == sorted(o.email for o in orgs)
    assert not worker_status().stale
    assert BANNER not in admin_client_logged_in.get("/quan-tri/").content.decode()
    assert client.get("/readyz").json() == {"status": "ok", "worker": "ok"}


def test_the_banner_counts_the_mails_of_notice_tasks_already_split(mail_dir, run_worker):
    dispatch, _, _ = make_addressed_draft(units=3)
    publish_dispatch(dispatch=dispatch)
    run_worker("--max-tasks=1")  # the round is split into notice tasks, then the worker stops
    later = timezone.now() + dt.timedelta(minutes=20)
    status = worker_status(now=later)
    assert (status.stale, status.waiting, status.notices_waiting) == (True, 1, 3)
    assert status.unseen_minutes == 20


def test_a_worker_busy_with_a_backlog_is_not_taken_for_stopped(mail_dir, run_worker, settings):
    settings.WORKER_STALE_MINUTES = 5
    for _ in range(2):
        dispatch, _, _ = make_addressed_draft(units=1)
        publish_dispatch(dispatch=dispatch)
    _age_queue(12)
    run_worker("--max-tasks=1")  # it has just started one: it runs, the other still waits
    status = worker_status()
    assert status.waiting >= 1
    assert not status.stale


def test_a_task_due_later_or_recently_queued_is_not_a_sign_of_a_stopped_worker(settings):
    settings.WORKER_STALE_MINUTES = 5
    assert worker_status() == WorkerStatus(stale=False, waiting=0)
    dispatch, _, _ = make_addressed_draft(units=1)
    publish_dispatch(dispatch=dispatch)
    assert not worker_status().stale  # queued a moment ago
    DBTaskResult.objects.update(run_after=timezone.now() + dt.timedelta(minutes=30))
    _age_queue(60)  # queued an hour ago, but to run in half an hour (a retry)
    assert worker_status() == WorkerStatus(stale=False, waiting=0)
