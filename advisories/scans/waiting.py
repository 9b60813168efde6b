"""Is a clerk's scan waiting for a stopped task worker? Then its progress page says so.

Without a worker (`manage.py db_worker` not started, or stopped) a queued scan is never read
and the progress page would reload forever without a word. A scan still queued after
SCAN_QUEUE_WARNING_SECONDS while no task has been started for as long (and none is running,
advisories.receipts.worker) is waiting for a stopped worker: nothing is lost, it is read once
the worker runs, but the clerk must know and tell the administrator.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from ..models import ScanImport
from ..receipts.worker import worker_status


def waits_for_stopped_worker(scan: ScanImport, *, now: dt.datetime | None = None) -> bool:
    """True when `scan` is still queued past SCAN_QUEUE_WARNING_SECONDS and the worker looks
    stopped over that delay. No query while the scan is young or already being read."""
    now = now or timezone.now()
    delay = dt.timedelta(seconds=settings.SCAN_QUEUE_WARNING_SECONDS)
    if scan.status != ScanImport.Status.QUEUED or now - scan.created_at <= delay:
        return False
    return worker_status(now=now, stale_after=delay).stale
