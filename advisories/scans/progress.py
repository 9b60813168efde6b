"""What the task worker records of a scan it reads: progress per page, then the reading (with
the crops) or the reason it failed. The web side starts readings in `advisories.services.scans`."""

from ..models import ScanImport


def record_scan_started(scan: ScanImport) -> None:
    scan.status = ScanImport.Status.RUNNING
    scan.save(update_fields=["status"])


def record_scan_page(scan: ScanImport, pages_done: int) -> None:
    """One more page read: what the progress page shows."""
    scan.pages_done = pages_done
    scan.save(update_fields=["pages_done"])


def record_scan_read(scan: ScanImport, *, reading: dict, crops: dict[str, str]) -> None:
    """The reading is ready; the scan's bytes are dropped (nothing keeps them after)."""
    scan.status = ScanImport.Status.DONE
    scan.reading, scan.crops, scan.data = reading, crops, b""
    scan.pages_done = scan.pages
    scan.save(update_fields=["status", "reading", "crops", "data", "pages_done"])


def record_scan_failed(scan: ScanImport, message: str) -> None:
    scan.status = ScanImport.Status.FAILED
    scan.error, scan.data = message, b""
    scan.save(update_fields=["status", "error", "data"])
