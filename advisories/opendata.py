"""Daily open-data files: the published advisories and the indicators they name (and verified
reports count), as CSV and JSON, with the licence. Written by `export_open_data` (daily, cron)
into OPEN_DATA_DIR, atomically (a temporary file renamed), and written on first request of the
day when the schedule has not run, so a fresh install serves them too."""

import csv
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from .models import Dispatch, Indicator

LICENCE = (
    "Dữ liệu mở của Cổng cảnh báo lừa đảo, giấy phép CC BY 4.0 (ghi nguồn: tên cổng và "
    "đường dẫn). Văn bản hành chính không thuộc đối tượng bảo hộ quyền tác giả (Luật Sở hữu "
    "trí tuệ, điều 15)."
)
FILES = {
    "van-ban.csv": "advisories",
    "van-ban.json": "advisories",
    "dau-hieu.csv": "indicators",
    "dau-hieu.json": "indicators",
}
_BATCH = 2000


def _site(path):
    return settings.SITE_URL.rstrip("/") + path


def advisory_rows():
    queryset = Dispatch.objects.public().select_related("issuer").order_by("pk")
    for dispatch in queryset.iterator(chunk_size=_BATCH):
        yield {
            "id": dispatch.pk,
            "reference": dispatch.number_symbol,
            "doc_type": dispatch.doc_type,
            "title": dispatch.subject,
            "issuer": dispatch.issuer.name,
            "province": dispatch.issuer.province,
            "date": dispatch.short_date,
            "status": dispatch.status,
            "url": _site(dispatch.get_absolute_url()),
        }


def indicator_rows():
    queryset = (
        Indicator.objects.annotate(
            advisories=Count(
                "dispatches",
                filter=Q(dispatches__status=Dispatch.Status.PUBLISHED),
                distinct=True,
            ),
            verified_reports=Count("reports", filter=Q(reports__verified=True), distinct=True),
        )
        .filter(Q(advisories__gt=0) | Q(verified_reports__gt=0))
        .order_by("kind", "value")
    )
    for sign in queryset.iterator(chunk_size=_BATCH):
        yield {
            "kind": sign.kind,
            "value": sign.value,
            "display": sign.display_value,
            "advisories": sign.advisories,
            "verified_reports": sign.verified_reports,
        }


def _write(path: Path, rows, fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
        if fmt == "csv":
            writer = None
            out.write(f"# {LICENCE}\n")
            for row in rows:
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
        else:
            licence = json.dumps(LICENCE, ensure_ascii=False)
            generated = json.dumps(timezone.now().isoformat())
            out.write(f'{{"licence": {licence}, "generated": {generated}, "items": [')
            for n, row in enumerate(rows):
                out.write(("," if n else "") + json.dumps(row, ensure_ascii=False))
            out.write("]}\n")
    os.replace(temporary, path)


def export_open_data(directory: Path | None = None) -> list[Path]:
    """Write every file; returns their paths."""
    directory = Path(directory or settings.OPEN_DATA_DIR)
    written = []
    for name, what in FILES.items():
        rows = advisory_rows() if what == "advisories" else indicator_rows()
        _write(directory / name, rows, name.rsplit(".", 1)[1])
        written.append(directory / name)
    return written


def current_file(name: str) -> Path:
    """The file, written today (now if the daily run has not happened yet)."""
    path = Path(settings.OPEN_DATA_DIR) / name
    today = timezone.localdate()
    written = (
        datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.get_current_timezone()).date()
        if path.exists()
        else None
    )
    if written is None or written < today:
        export_open_data()
    return path
