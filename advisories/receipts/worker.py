"""Is the background task worker (`manage.py db_worker`) running? Read from the task table.

The receipt notices wait in django-tasks-db's table until a worker runs them; if the worker is
stopped they wait, and nothing is lost (the tasks stay READY and run when it starts again), but
staff must know. django-tasks-db 0.13 keeps no heartbeat of its workers, so liveness is read
from the tasks themselves: the worker counts as stopped when a task has been due for more than
WORKER_STALE_MINUTES and no worker has started any task since. A worker busy with a long
backlog (10,000 units: 200 tasks) starts one every few seconds, so it is not taken for stopped
although its oldest task waits.

A worker running one long task (a 50-page scan read by OCR takes minutes) starts nothing else
meanwhile: a task it started less than the longest a task may run (`longest_task_seconds`) and
has not finished counts as a sign of life. (A worker killed in the middle of a task leaves it
"running": it is then taken for stopped once that time is past.)

One aggregate query while nothing is overdue (the admin's home page and /readyz ask it on every
call); four more only when something is.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from ..documents import ocr_limits
from ..models import Delivery
from .tasks import notify_units, send_receipt_notices


@dataclass(frozen=True)
class WorkerStatus:
    stale: bool
    # Tasks due now that no worker has started.
    waiting: int = 0
    # Minutes since the worker was last seen: the later of its last task start and the moment
    # the oldest waiting task fell due (0 unless stale).
    unseen_minutes: int = 0
    # Notices (one mail per unit) those tasks will send (counted only when stale).
    notices_waiting: int = 0


def longest_task_seconds() -> float:
    """The longest a task may run: a scan of OCR_MAX_PAGES pages, each page read in a child held
    to its own limit, then the whole text parsed (advisories.scans.tasks)."""
    page = ocr_limits(1).wall_seconds
    return page * settings.OCR_MAX_PAGES + ocr_limits(settings.OCR_MAX_PAGES).wall_seconds


def worker_status(
    *, now: dt.datetime | None = None, stale_after: dt.timedelta | None = None
) -> WorkerStatus:
    """Whether the worker looks stopped, and what waits for it. `stale_after`: how long a task
    may wait with no task started before the worker counts as stopped (WORKER_STALE_MINUTES
    unless given; a clerk watching a scan is told sooner, advisories.scans.waiting)."""
    now = now or timezone.now()
    never = get_date_max()  # django-tasks-db's run_after of a task to run at once
    due = DBTaskResult.objects.filter(status=TaskResultStatus.READY).filter(
        Q(run_after=never) | Q(run_after__lte=now)
    )
    queue = due.aggregate(
        waiting=Count("pk"),
        oldest_queued=Min("enqueued_at", filter=Q(run_after=never)),
        oldest_scheduled=Min("run_after", filter=~Q(run_after=never)),
    )
    due_since = [t for t in (queue["oldest_queued"], queue["oldest_scheduled"]) if t is not None]
    threshold = stale_after or dt.timedelta(minutes=settings.WORKER_STALE_MINUTES)
    if not due_since or now - min(due_since) <= threshold:
        return WorkerStatus(stale=False, waiting=queue["waiting"])

    last_started = DBTaskResult.objects.aggregate(last=Max("started_at"))["last"]
    seen = max(min(due_since), last_started) if last_started else min(due_since)
    if now - seen <= threshold or _busy(now):
        return WorkerStatus(stale=False, waiting=queue["waiting"])
    return WorkerStatus(
        stale=True,
        waiting=queue["waiting"],
        unseen_minutes=int((now - seen).total_seconds() // 60),
        notices_waiting=_notices_in(due),
    )


def _busy(now: dt.datetime) -> bool:
    """A task is running, started recently enough to be still running: the worker is busy."""
    since = now - dt.timedelta(seconds=longest_task_seconds())
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__gte=since
    ).exists()


def _notices_in(due) -> int:
    """The mails the waiting tasks will send: the units named by each notice task, and for a
    round not yet split into notice tasks, the pending units with an address of its dispatch."""
    notices, dispatch_ids = 0, set()
    paths = [send_receipt_notices.module_path, notify_units.module_path]
    for path, args_kwargs in due.filter(task_path__in=paths).values_list(
        "task_path", "args_kwargs"
    ):
        kwargs = args_kwargs.get("kwargs", {})
        if path == send_receipt_notices.module_path:
            notices += len(kwargs.get("delivery_ids", []))
        else:
            dispatch_ids.add(kwargs.get("dispatch_id"))
    if dispatch_ids:
        notices += (
            Delivery.objects.open()
            .pending()
            .filter(dispatch_id__in=dispatch_ids)
            .exclude(organisation__email="")
            .count()
        )
    return notices
