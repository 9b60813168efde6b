"""Scanned dispatches read in the background, the web side: the import page starts a reading
here; what the task worker itself records (progress, outcome) is in `advisories.scans.progress`,
as for receipt notices."""

import datetime
import secrets

from django.utils import timezone

from ..models import ScanImport


def start_scan_import(*, by, data: bytes, pages: int) -> ScanImport:
    """Keep the uploaded scan and queue its reading; the clerk follows it by its key."""
    from ..scans.tasks import read_scan_import

    # The clerk's earlier scans (their reading and crops) are kept a day, not more.
    ScanImport.objects.filter(
        created_by=by, created_at__lt=timezone.now() - datetime.timedelta(days=1)
    ).delete()
    scan = ScanImport.objects.create(
        key=secrets.token_urlsafe(16), created_by=by, data=data, pages=pages
    )
    read_scan_import.enqueue(scan_id=scan.pk)  # the queue is the database: same transaction
    return scan
