"""The background reading of a scan (django-tasks, run by `manage.py db_worker`): each page in
its own sandboxed child (advisories.parsing.sandbox), held to OCR_SECONDS_PER_PAGE, so a
50-page scan costs the worker minutes and a web worker nothing; progress recorded per page."""

import json
import logging

from django.tasks import task

from ..documents import ocr_limits
from ..models import ScanImport
from ..parsing import UnreadableDocument
from ..parsing.ocr import BLANK_SCAN, Word, join_pages
from ..parsing.result import ParsedDispatch
from ..parsing.sandbox import run_limited
from .crops import crops_of
from .progress import (
    record_scan_failed,
    record_scan_page,
    record_scan_read,
    record_scan_started,
)

logger = logging.getLogger(__name__)


def _word(data: dict) -> Word:
    return Word(data["text"], data["conf"], data["page"], tuple(data["box"]))


@task()
def read_scan_import(*, scan_id: int) -> str:
    """Read every page of the scan, then the document; record the reading and the crops of the
    fields to check, or the Vietnamese reason it could not be read (kept as written: the
    progress page translates it for the clerk, as a message marked for the catalogue)."""
    scan = ScanImport.objects.get(pk=scan_id)
    if scan.status != ScanImport.Status.QUEUED:
        return scan.status
    record_scan_started(scan)
    data = bytes(scan.data)
    try:
        page_limits = ocr_limits(1)
        words: list[list[Word]] = []
        images: list[str] = []
        for number in range(1, scan.pages + 1):
            answer = run_limited("scan_page", b"%d\n" % number + data, page_limits)
            words.append([_word(w) for w in answer["words"]])
            images.append(answer["image"])
            record_scan_page(scan, number)
        text = join_pages(words)
        if sum(c.isalpha() for c in text.text) < 20:
            raise UnreadableDocument(BLANK_SCAN)
        reading = run_limited(
            "dispatch_ocr", json.dumps(text.to_dict()).encode(), ocr_limits(scan.pages)
        )
    except UnreadableDocument as exc:
        record_scan_failed(scan, str(exc))
        return scan.status
    parsed = ParsedDispatch.from_dict(reading["parsed"])
    crops = crops_of(parsed, reading["uncertain"], text, images)
    reading["ocr"] = None  # the words are not needed once the crops are cut
    record_scan_read(scan, reading=reading, crops=crops)
    return scan.status
