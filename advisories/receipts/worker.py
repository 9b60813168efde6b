"""Is the background task worker (`manage.py db_worker`) running? Read from the task table.

The receipt notices wait in django-tasks-db's table until a worker runs them; if the worker is
stopped they wait, and nothing is lost (the tasks stay READY and run when it starts again), but
staff must know. django-tasks-db 0.13 keeps no heartbeat of its workers, so liveness is read
from the tasks themselves: the worker counts as stopped when a task has been due for more than
WORKER_STALE_MINUTES and no worker has started any task since. A worker busy with a long
backlog (10,000 units: 200 tasks) starts one every few seconds, so it is not taken for stopped
although its oldest task waits.

One aggregate query while nothing is overdue (the admin's home page and /readyz ask it on every
call); three more only when something is.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

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


def worker_status(*, now: dt.datetime | None = None) -> WorkerStatus:
    """Whether the worker looks stopped, and what waits for it."""
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
    threshold = dt.timedelta(minutes=settings.WORKER_STALE_MINUTES)
    if not due_since or now - min(due_since) <= threshold:
        return WorkerStatus(stale=False, waiting=queue["waiting"])

    last_started = DBTaskResult.objects.aggregate(last=Max("started_at"))["last"]
    seen = max(min(due_since), last_started) if last_started else min(due_since)
    if now - seen <= threshold:
        return WorkerStatus(stale=False, waiting=queue["waiting"])
    return WorkerStatus(
        stale=True,
        waiting=queue["waiting"],
        unseen_minutes=int((now - seen).total_seconds() // 60),
        notices_waiting=_notices_in(due),
    )


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
