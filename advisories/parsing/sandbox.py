"""Read an untrusted document in a child process held to hard limits of CPU, memory and time.

The cheap checks (`limits.check_size`, `pdf.inspect_pdf`) refuse the bombs we know of; this is
for the ones nobody foresaw: a page whose content stream takes minutes, a header line the
parser handles in quadratic time, a filter that decompresses without end. The child sets its
own `RLIMIT_CPU` and `RLIMIT_AS` before it reads a byte of the document, and the parent kills
it at `wall_seconds`; whatever happens, the request that asked waits at most that long, and
the memory the reading took is given back when the child ends (a worker that parsed a bomb
in-process kept 600 MB).

Why a fresh interpreter (`python -m advisories.parsing.sandbox`) rather than a fork of the
worker: gunicorn's worker is threaded, and forking a threaded process without exec is unsafe;
`subprocess` spawns and execs (no `preexec_fn`, which the documentation warns deadlocks with
threads), and the child limits itself. It gets no environment (no secrets, no database), and
answers one JSON object on stdout.

`run_limited(operation, payload, limits)` is the parent's side: it returns the operation's
value or raises the UnreadableDocument (or subclass) the child raised, worded for the clerk.
pypdf's warnings (one per object it repairs) are counted in the child, and the parent logs one
line for them.
"""

import json
import logging
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from . import errors
from .errors import DocumentTooComplex, UnreadableDocument, gettext_noop
from .limits import Limits, size_text

logger = logging.getLogger(__name__)

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
_MODULE = "advisories.parsing.sandbox"
_ERRORS = {
    cls.__name__: cls
    for cls in (
        errors.UnreadableDocument,
        errors.DocumentTooLarge,
        errors.DocumentTooComplex,
        errors.EncryptedDocument,
        errors.NoTextLayer,
        errors.GarbledText,
    )
} | {"OcrUnavailable": errors.OcrUnavailable}


def too_slow_message(limits: Limits) -> str:
    return (
        "Tệp quá phức tạp để đọc trong thời gian cho phép "
        f"({limits.wall_seconds:g} giây) nên đã dừng đọc. Hãy xuất lại tệp PDF từ phần mềm "
        "soạn thảo (hoặc dán nội dung văn bản) rồi thử lại."
    )


def too_big_message(limits: Limits) -> str:
    return (
        "Tệp quá phức tạp để đọc với bộ nhớ cho phép "
        f"({size_text(limits.memory_bytes)}) nên đã dừng đọc. Hãy xuất lại tệp PDF từ phần "
        "mềm soạn thảo (hoặc dán nội dung văn bản) rồi thử lại."
    )


# --- The parent's side -----------------------------------------------------------------------


def _child_environment() -> dict[str, str]:
    """Only what an interpreter needs: the child sees none of the portal's secrets."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LC_ALL": "C.UTF-8",
        # Tesseract's threads: one (a 2-core server shared with the web workers).
        "OMP_THREAD_LIMIT": "1",
    }


def run_limited(operation: str, payload: bytes, limits: Limits):
    """Run `operation` (a name in `OPERATIONS`) on `payload` in the child; its value, or the
    UnreadableDocument it raised. A child past its time or memory is DocumentTooComplex."""
    command = [sys.executable, "-E", "-s", "-m", _MODULE, operation, json.dumps(limits.to_dict())]
    try:
        done = subprocess.run(  # noqa: S603 - our own module, arguments we built
            command,
            input=payload,
            capture_output=True,
            timeout=limits.wall_seconds,
            cwd=_PROJECT_ROOT,
            env=_child_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        logger.warning("Đọc tệp (%s) bị dừng sau %g giây.", operation, limits.wall_seconds)
        raise DocumentTooComplex(too_slow_message(limits)) from exc
    try:
        answer = json.loads(done.stdout.decode("utf-8")) if done.returncode == 0 else None
    except ValueError:
        answer = None
    if answer is None:
        raise _failure(operation, done, limits)
    if answer.get("repairs"):
        logger.warning(
            "pypdf đã sửa %s chỗ hỏng khi đọc tệp (%s); chỗ đầu tiên: %s",
            answer["repairs"],
            operation,
            answer.get("first_repair", ""),
        )
    if "error" in answer:
        error = _ERRORS.get(answer["error"], UnreadableDocument)
        if issubclass(error, errors.NoTextLayer):
            raise error(answer["message"], pages=answer.get("pages", 1))
        raise error(answer["message"])
    return answer["value"]


def _failure(operation: str, done: subprocess.CompletedProcess, limits: Limits) -> Exception:
    """The error for a child that gave no answer: killed at its CPU limit, out of memory, or
    failed (a bug: its last lines are logged)."""
    cpu_signals = {-signal.SIGXCPU, -signal.SIGKILL}
    if done.returncode in cpu_signals:
        logger.warning("Đọc tệp (%s) bị dừng: hết thời gian CPU cho phép.", operation)
        return DocumentTooComplex(too_slow_message(limits))
    stderr = done.stderr.decode("utf-8", "replace")
    if "MemoryError" in stderr:
        logger.warning("Đọc tệp (%s) bị dừng: hết bộ nhớ cho phép.", operation)
        return DocumentTooComplex(too_big_message(limits))
    logger.error(
        "Đọc tệp (%s) thất bại (mã %s): %s", operation, done.returncode, stderr[-2000:].strip()
    )
    return UnreadableDocument(
        gettext_noop(
            "Không đọc được tệp này: trình đọc dừng bất thường. Hãy xuất lại tệp rồi thử lại."
        )
    )


# --- The child's side ------------------------------------------------------------------------


def _lower_limit(kind: int, value: int) -> None:
    """Set a resource limit (soft and hard), never above the hard limit already in force."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value))


def limit_this_process(limits: Limits) -> None:
    """CPU seconds (then SIGXCPU ends the process), address space, and no core file."""
    _lower_limit(resource.RLIMIT_CORE, 0)
    _lower_limit(resource.RLIMIT_CPU, max(1, int(limits.cpu_seconds)))
    _lower_limit(resource.RLIMIT_AS, int(limits.memory_bytes))


def _attachment(payload: bytes, limits: Limits) -> dict:
    """An attachment's check: a PDF within the limits that opens without a password."""
    from .pdf import inspect_pdf

    return {"pages": inspect_pdf(payload, limits, try_empty_password=False)}


def _dispatch_file(payload: bytes, limits: Limits) -> dict:
    """The reading of a dispatch file (PDF with a text layer, or text in any encoding)."""
    from .files import document_text
    from .reading import read_dispatch

    return read_dispatch(document_text(payload, limits)).to_dict()


def _dispatch_scan(payload: bytes, limits: Limits) -> dict:
    """The reading of a scan by OCR: an image-only PDF (every page) or a JPEG/PNG/HEIC image."""
    from . import ocr
    from .pdf import inspect_pdf, looks_like_pdf
    from .reading import read_dispatch

    if ocr.looks_like_image(payload):
        reading = ocr.read_image_file(payload, limits)
    elif looks_like_pdf(payload):
        reading = ocr.read_scanned_pdf(payload, inspect_pdf(payload, limits), limits)
    else:
        raise UnreadableDocument("Tệp không phải bản scan PDF hay ảnh JPEG/PNG/HEIC.")
    return read_dispatch(reading.text, reading).to_dict()


def _scan_page(payload: bytes, limits: Limits) -> dict:
    """One page of a scan read by OCR (the background import): its words and the prepared page
    as a black-and-white PNG (base64), for the crops the clerk compares. The payload is the
    page number, a line break, then the file."""
    from . import ocr

    number, _, data = payload.partition(b"\n")
    return ocr.read_one_page(data, int(number), limits)


def _dispatch_ocr(payload: bytes, limits: Limits) -> dict:
    """The reading of the text and words OCR gave (JSON of `OcrText`)."""
    from .ocr import OcrText
    from .reading import read_dispatch

    reading = OcrText.from_dict(json.loads(payload))
    return read_dispatch(reading.text, reading).to_dict()


def _dispatch_text(payload: bytes, limits: Limits) -> dict:
    """The reading of a pasted text (UTF-8)."""
    from .reading import read_dispatch

    return read_dispatch(payload.decode("utf-8")).to_dict()


OPERATIONS: dict[str, Callable[[bytes, Limits], dict]] = {
    "attachment": _attachment,
    "dispatch_file": _dispatch_file,
    "dispatch_scan": _dispatch_scan,
    "dispatch_ocr": _dispatch_ocr,
    "scan_page": _scan_page,
    "dispatch_text": _dispatch_text,
}


def main(argv: list[str]) -> int:
    operation, limits = OPERATIONS[argv[0]], Limits.from_dict(json.loads(argv[1]))
    limit_this_process(limits)
    payload = sys.stdin.buffer.read()
    from .pdf import counted_pypdf_warnings

    with counted_pypdf_warnings() as repairs:
        try:
            answer = {"value": operation(payload, limits)}
        except UnreadableDocument as exc:
            answer = {"error": type(exc).__name__, "message": str(exc)}
            if isinstance(exc, errors.NoTextLayer):
                answer["pages"] = exc.pages
        except MemoryError:
            answer = {"error": "DocumentTooComplex", "message": too_big_message(limits)}
    answer |= {"repairs": repairs.count, "first_repair": repairs.first}
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
