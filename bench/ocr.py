"""OCR figures: seconds per page, field accuracy with and without OCR, and the share of wrong
fields that were flagged uncertain.

    .venv/bin/python bench/ocr.py [--dpi 200]

The documents are made here (tests/scans.py): a few Decree-30 dispatches printed to PDF by
chromium (Liberation Serif), read from their text layer, then scanned (tilted, noisy, a red
receipt stamp) as image-only PDFs and as JPEG photos, and read through the same path as
`manage.py parse_dispatch` (the sandbox, the settings' limits). Times are wall-clock on
whatever else the machine is doing: say so when quoting them.
"""

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django

django.setup()

from advisories.documents import read_dispatch_file  # noqa: E402
from tests.scans import Dispatch, born_digital_pdf, photo_of, scanned_pdf_of  # noqa: E402

DOCUMENTS = [
    Dispatch(),
    Dispatch(
        parent="BỘ CÔNG AN",
        issuer="CỤC AN NINH MẠNG VÀ PHÒNG, CHỐNG TỘI PHẠM SỬ DỤNG CÔNG NGHỆ CAO",
        number="3489",
        symbol="A05-P4",
        place="Hà Nội",
        day=21,
        month=8,
        year=2025,
        subject="V/v cảnh báo thủ đoạn giả danh cơ quan công an gọi điện lừa đảo",
        addressee="Công an các tỉnh, thành phố trực thuộc Trung ương",
        distribution=("- Như trên;", "- Lưu: VT, P4."),
        authority="KT. CỤC TRƯỞNG",
        title="PHÓ CỤC TRƯỞNG",
        signer="Nguyễn Minh Chính",
    ),
    Dispatch(
        parent="",
        issuer="ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG",
        number="815",
        symbol="UBND-NCPC",
        place="Kiên Giang",
        day=3,
        month=11,
        year=2025,
        subject="V/v tăng cường phòng, chống lừa đảo chiếm đoạt tài sản trên mạng",
        addressee="Giám đốc các Sở, ban, ngành tỉnh",
        distribution=("- Như trên;", "- Lưu: VT, NCPC."),
        authority="TM. ỦY BAN NHÂN DÂN",
        title="CHỦ TỊCH",
        signer="Lâm Minh Thành",
        pages=2,
    ),
]


def score(answer, doc: Dispatch, tally: Counter, by_field: Counter) -> None:
    expected = doc.expected()
    parsed = answer.parsed.to_dict()
    for key, value in expected.items():
        tally["fields"] += 1
        if parsed[key] == value:
            tally["right"] += 1
            tally["right_flagged"] += key in answer.uncertain
            by_field[key] += 1
        else:
            tally["wrong"] += 1
            tally["flagged"] += key in answer.uncertain
            mark = " [đánh dấu]" if key in answer.uncertain else ""
            print(f"    sai {key}: {parsed[key]!r} (đúng: {value!r}){mark}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpi", type=int, default=200)
    dpi = parser.parse_args().dpi
    kinds = {
        "text layer": lambda d: born_digital_pdf(d),
        "scanned PDF": lambda d: scanned_pdf_of(d, dpi),
        "JPEG photo": lambda d: photo_of(d, dpi, 1.2, "JPEG"),
    }
    for kind, build in kinds.items():
        tally, by_field = Counter(), Counter()
        seconds = pages = 0
        for doc in DOCUMENTS:
            data = build(doc)
            start = time.perf_counter()
            answer = read_dispatch_file(data)
            seconds += time.perf_counter() - start
            pages += doc.pages if kind != "JPEG photo" else 1
            print(f"  {kind} {doc.number}/{doc.symbol}:")
            score(answer, doc, tally, by_field)
        accuracy = tally["right"] / tally["fields"]
        flagged = tally["flagged"] / tally["wrong"] if tally["wrong"] else 1.0
        print(
            f"{kind}: {pages} pages, {seconds / pages:.1f} s/page, fields right "
            f"{tally['right']}/{tally['fields']} ({accuracy:.0%}), wrong flagged uncertain "
            f"{tally['flagged']}/{tally['wrong']} ({flagged:.0%}), right fields flagged too "
            f"{tally['right_flagged']}/{tally['right']}"
        )
        fields = DOCUMENTS[0].expected()
        print("  by field: " + ", ".join(f"{k} {by_field[k]}/{len(DOCUMENTS)}" for k in fields))


if __name__ == "__main__":
    main()
