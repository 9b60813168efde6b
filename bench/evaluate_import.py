"""Field accuracy of the dispatch importer on real documents, with and without OCR.

    .venv/bin/python bench/evaluate_import.py [--engine pytesseract|ocrmypdf|both]
        [--sources text,pdf,scan,photo,handwritten] [--only NAME] [--verbose]

The documents are the evaluation set in bench/eval (real public documents, their fields read
by hand in truth.json; see bench/eval/README.md). Each is read the way a clerk gets it:

- text: its text, as pasted or saved (`parse_dispatch FILE.txt`);
- pdf: a born-digital PDF (chromium prints the page as an office prints a Decree-30 document:
  the header's two columns, the title, the document's own body, the signature block; read by
  pdftotext);
- scan: that page printed and scanned as an image-only PDF (tilted, a red "ĐẾN" stamp across
  the header, blur and speckle: tests/scans.py), read by OCR;
- photo: the first page as a JPEG (a phone photo or a scanner's image file), read by OCR;
- handwritten: the scan, with the number and the day written in by hand in blue ink (documents
  that print both): the two fields must be read right or be flagged uncertain.

The printed page is laid out from the fields of truth.json and the document's body (its header
and signature lines as the document prints them), so OCR is measured on what the document
says. All but "text" need Debian's chromium; OCR needs tesseract-ocr, tesseract-ocr-vie and
poppler-utils; `--engine ocrmypdf` needs ocrmypdf (Debian package), which it runs as
`ocrmypdf -l vie --deskew --rotate-pages --force-ocr` before pdftotext and the parser.

Printed: accuracy by field and source, seconds per page for OCR (wall-clock, on whatever else
the machine is doing), the share of wrong fields listed in "uncertain" (the goal: all) and the
share of right fields listed there (the clerk's extra checks). This set is for evaluation: the
parser is not tuned to it.
"""

import argparse
import dataclasses
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from advisories.documents import read_dispatch_file  # noqa: E402
from advisories.parsing import ocr  # noqa: E402
from advisories.parsing.confidence import FIELDS  # noqa: E402
from advisories.parsing.pdf import poppler_text  # noqa: E402
from advisories.parsing.reading import read_dispatch  # noqa: E402
from tests.scans import Dispatch, born_digital_pdf, photo_of, scanned_pdf_of  # noqa: E402

EVAL = Path(__file__).resolve().parent / "eval"
SIGNATURE = ("signing_authority", "signer_title", "signer_name")
DPI = 200
_TITLES = ("QUYẾT ĐỊNH", "NGHỊ QUYẾT", "THÔNG TƯ", "THÔNG BÁO", "KẾ HOẠCH", "CHỈ THỊ")
_BODY = re.compile(r"^(?:Căn cứ|Xét|Thực hiện|Nhân dịp|Theo đề nghị|Nhằm)\b")
_CLOSING = re.compile(r"^(?:Nơi nhận|(?:KT|TM|TL|TUQ)\.)")


def load() -> list[tuple[str, str, dict]]:
    truth = json.loads((EVAL / "truth.json").read_text(encoding="utf-8"))
    return [
        (name, (EVAL / "documents" / f"{name}.txt").read_text(encoding="utf-8"), fields)
        for name, fields in truth.items()
    ]


def _clean(line: str) -> str:
    """A line of the text without the other column of a two-column layout."""
    return re.split(r"\s{3,}", line.strip())[0].strip()


def printed_page(text: str, truth: dict) -> Dispatch:
    """The document as a Decree-30 page: header and signature from its fields (as printed),
    the title, addressees, body and distribution from its text."""
    lines = [line.strip() for line in text.splitlines()]
    kind = next((t for t in _TITLES if t in lines), "")
    has_about = any(re.match(r"^(?:Về việc|VỀ VIỆC)\b", line) for line in lines)
    subject = truth["subject"]
    if kind and has_about:
        subject = "Về việc " + subject
    elif not kind:
        subject = "V/v " + subject
    start = next((i for i, line in enumerate(lines) if _BODY.match(line)), 0)
    addressee = ""
    for i, line in enumerate(lines):
        if line.startswith("Kính gửi"):
            names = [line.partition(":")[2].strip()] if line.partition(":")[2].strip() else []
            j = i + 1
            while j < len(lines) and lines[j].startswith("-"):
                names.append(lines[j].lstrip("- ").rstrip(";."))
                j += 1
            addressee = "; ".join(names)
            start = next((k for k in range(j, len(lines)) if lines[k]), j)
            break
    end = next((i for i in range(start, len(lines)) if _CLOSING.match(lines[i])), len(lines))
    body = tuple(_clean(line) for line in lines[start:end] if _clean(line))[:14]
    after = lines[end:]
    distribution = tuple(_clean(line) for line in after if line.startswith("-") and _clean(line))[
        :8
    ]
    date = truth["date"]
    parts = truth.get("date_parts") or {}
    if date:
        day_month_year = datetime.date.fromisoformat(date)
        day, month, year = day_month_year.day, day_month_year.month, day_month_year.year
    else:
        day, month, year = parts.get("day"), parts.get("month"), parts.get("year")
    return Dispatch(
        parent=truth["parent_issuer"] or "",
        issuer=truth["issuer"],
        number=truth["number"] or "",
        symbol=truth["symbol"],
        place=truth["place"],
        day=day,
        month=month,
        year=year,
        subject=subject,
        addressee=addressee,
        body=body,
        distribution=distribution or ("- Như trên;", "- Lưu: VT."),
        authority=truth["signing_authority"] or "",
        title=truth["signer_title"] or "",
        signer=truth["signer_name"] or "",
        signed=truth["signer_name"] is not None,
        kind=kind,
    )


def pdf_pages(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def ocrmypdf_reading(data: bytes, *, image: bool):
    """The reading of a scan OCR'd by OCRmyPDF (one job, one Tesseract thread, as the portal's
    worker runs), then pdftotext and the parser: no word confidences, so "uncertain" only holds
    the fields that break a Decree-30 rule."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / ("in.jpg" if image else "in.pdf")
        target = Path(folder) / "out.pdf"
        source.write_bytes(data)
        command = [
            "ocrmypdf",
            "-l",
            "vie",
            "--deskew",
            "--rotate-pages",
            "--force-ocr",
            "--jobs",
            "1",
            "--quiet",
            *(["--image-dpi", str(DPI)] if image else []),
            str(source),
            str(target),
        ]
        subprocess.run(
            command,
            check=True,
            capture_output=True,
            env=os.environ | {"OMP_THREAD_LIMIT": "1"},
            timeout=600,
        )
        out = target.read_bytes()
    text = poppler_text(out, pdf_pages(out), 120) or ""
    return read_dispatch(text)


def score(reading, truth: dict, keys, tally: Counter, by_field: Counter, wrong_out: list):
    parsed = reading.parsed.to_dict()
    for key in keys:
        tally["fields"] += 1
        by_field[key, "total"] += 1
        flagged = key in reading.uncertain
        if parsed[key] == truth[key]:
            tally["right"] += 1
            by_field[key, "right"] += 1
            tally["right_flagged"] += flagged
        else:
            tally["wrong"] += 1
            tally["wrong_flagged"] += flagged
            wrong_out.append((key, parsed[key], truth[key], flagged))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("pytesseract", "ocrmypdf", "both"), default="both")
    parser.add_argument("--sources", default="text,pdf,scan,photo,handwritten")
    parser.add_argument("--only", help="one document of bench/eval/documents (its name)")
    parser.add_argument("--verbose", action="store_true", help="print every wrong field")
    args = parser.parse_args()
    sources = args.sources.split(",")
    documents = [d for d in load() if not args.only or d[0] == args.only]

    if shutil.which("chromium") is None:
        print("chromium is not installed (Debian: chromium): only the text source is read")
        sources = ["text"]
    ocr_sources = {"scan", "photo", "handwritten"}
    if ocr_sources & set(sources) and not ocr.available(pdf=True):
        print(
            "Tesseract with its Vietnamese model is not installed (Debian: tesseract-ocr "
            "tesseract-ocr-vie poppler-utils): OCR sources skipped"
        )
        sources = [s for s in sources if s not in ocr_sources]
    engines = ["pytesseract", "ocrmypdf"] if args.engine == "both" else [args.engine]
    if "ocrmypdf" in engines and shutil.which("ocrmypdf") is None:
        print("ocrmypdf is not installed (Debian: ocrmypdf): its column skipped")
        engines.remove("ocrmypdf")

    columns = []
    for source in sources:
        if source in ocr_sources and source != "handwritten":
            columns += [f"{source}[{engine}]" for engine in engines if engine]
        elif source == "handwritten" and "pytesseract" in engines:
            columns.append("handwritten")
        elif source not in ocr_sources:
            columns.append(source)

    results = {}
    for column in columns:
        tally, by_field = Counter(), Counter()
        seconds = pages = 0.0
        wrong_by_doc = defaultdict(list)
        hand = Counter()
        for name, text, truth in documents:
            page = printed_page(text, truth)
            keys = FIELDS
            source, _, engine = column.partition("[")
            engine = engine.rstrip("]")
            if source == "text":
                data = text.encode("utf-8")
            elif source == "pdf":
                data = born_digital_pdf(page)
            elif source == "scan":
                data = scanned_pdf_of(page, DPI)
            elif source == "photo":
                data = photo_of(page, DPI, 1.2, "JPEG")
                if pdf_pages(born_digital_pdf(page)) > 1:
                    keys = tuple(k for k in FIELDS if k not in SIGNATURE)  # not on page 1
            else:  # handwritten
                if not (truth["number"] and truth["date"]):
                    continue
                data = scanned_pdf_of(dataclasses.replace(page, ink="blue"), DPI)
            start = time.perf_counter()
            if engine == "ocrmypdf":
                reading = ocrmypdf_reading(data, image=source == "photo")
            else:
                reading = read_dispatch_file(data)
            elapsed = time.perf_counter() - start
            if source in ocr_sources:
                seconds += elapsed
                pages += 1 if source == "photo" else pdf_pages(data)
            score(reading, truth, keys, tally, by_field, wrong_by_doc[name])
            if source == "handwritten":
                for key in ("number", "date"):
                    right = reading.parsed.to_dict()[key] == truth[key]
                    hand[key, "right"] += right
                    hand[key, "flagged"] += key in reading.uncertain
                    hand[key, "total"] += 1
        results[column] = (tally, by_field, seconds, pages, hand)
        print(f"\n== {column}: {len(documents)} documents", flush=True)
        for name, wrongs in wrong_by_doc.items():
            if args.verbose:
                for key, got, expected, flagged in wrongs:
                    mark = " [uncertain]" if flagged else " [NOT FLAGGED]"
                    print(f"  {name} {key}: {got!r} (truth {expected!r}){mark}")
        print(summary(column, tally, seconds, pages))
        if hand:
            print(
                "  written in by hand: "
                + ", ".join(
                    f"{key} right {hand[key, 'right']}/{hand[key, 'total']}, "
                    f"flagged {hand[key, 'flagged']}/{hand[key, 'total']}"
                    for key in ("number", "date")
                )
            )

    print("\nField accuracy by field and source (right/scored)")
    width = max(len(c) for c in columns) + 2
    print(f"{'field':<18}" + "".join(f"{c:>{width}}" for c in columns))
    for key in FIELDS:
        row = ""
        for column in columns:
            by_field = results[column][1]
            row += f"{by_field[key, 'right']}/{by_field[key, 'total']:<3}".rjust(width)
        print(f"{key:<18}{row}")
    row = ""
    for column in columns:
        tally = results[column][0]
        share = tally["right"] / tally["fields"] if tally["fields"] else 0
        row += f"{share:.0%}".rjust(width)
    print(f"{'all fields':<18}{row}")
    print("\n" + "\n".join(summary(c, *results[c][:1], *results[c][2:4]) for c in columns))


def summary(column: str, tally: Counter, seconds: float, pages: float) -> str:
    wrong, right = tally["wrong"], tally["right"]
    timing = f", {seconds / pages:.1f} s/page" if pages else ""
    return (
        f"{column}: right {right}/{tally['fields']}{timing}; wrong fields flagged uncertain "
        f"{tally['wrong_flagged']}/{wrong}"
        + (f" ({tally['wrong_flagged'] / wrong:.0%})" if wrong else "")
        + f"; right fields flagged {tally['right_flagged']}/{right}"
    )


if __name__ == "__main__":
    main()
