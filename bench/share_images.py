"""Benchmark of the share preview images (1200×630 PNG), on the database DATABASE_URL names.

    .venv/bin/python bench/share_images.py              # 20 dispatches, SQLite (temporary)
    .venv/bin/python bench/share_images.py --count 50

It works in a throw-away database (Django's test-database machinery) and a temporary image
folder, makes `--count` published dispatches with distinct subjects of varied length (one in
four withdrawn), and prints, over them:
  - draw: cards.render_png alone (Pillow drawing, palette, PNG compression), mean and max ms
    of wall time, and mean CPU time of this process (less disturbed by a busy machine);
  - bytes: the PNG's size, mean and max;
  - first request: the image view when the file does not exist yet (query, draw, write);
  - later request: the same address again (query, read the file), with its query count.
"""

import argparse
import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # a throw-away database

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SUBJECTS = [
    "tuyên truyền phương thức lừa đảo “Sổ liên lạc điện tử”",
    "phòng chống tình trạng lừa đảo trong việc thực hiện dịch vụ công trực tuyến",
    "cảnh giác với cuộc gọi giả danh cán bộ thuế, công an yêu cầu nộp tiền để hoàn thiện thủ "
    "tục thuế và mua tài liệu phòng cháy chữa cháy cho hộ kinh doanh mới đăng ký",
    "giả danh nhân viên ngân hàng đề nghị cập nhật sinh trắc học",
]


def check(ok, what):
    if not ok:
        sys.exit(f"benchmark sanity check failed: {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SHARE_IMAGE_DIR = Path(tempfile.mkdtemp()) / "share-images"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.count)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


def _dispatches(count):
    from advisories.models import Dispatch, Organisation

    issuer = Organisation.objects.create(name="Sở Y tế tỉnh An Giang", slug="so-y-te")
    dispatches = []
    for i in range(count):
        withdrawn = i % 4 == 3
        dispatches.append(
            Dispatch.objects.create(
                issuer=issuer,
                number=1000 + i,
                symbol="SYT-CNTTTT",
                place="An Giang",
                year=2025,
                month=10,
                day=1 + i % 28,
                subject=f"{SUBJECTS[i % len(SUBJECTS)]} (đợt {i + 1})",
                body="Thời gian gần đây xuất hiện thủ đoạn lừa đảo mới.",
                signer_name="Nguyễn Văn A",
                status=Dispatch.Status.WITHDRAWN if withdrawn else Dispatch.Status.PUBLISHED,
                published_at=timezone.now(),
                withdrawn_on=timezone.localdate() if withdrawn else None,
                withdrawal_reason="Ban hành nhầm." if withdrawn else "",
            )
        )
    return Dispatch.objects.select_related("issuer").filter(pk__in=[d.pk for d in dispatches])


def _ms(start):
    return (time.perf_counter() - start) * 1000


def run(count):
    from PIL import Image

    from advisories.sharing import cards, meta, store

    dispatches = list(_dispatches(count))
    card_list = [meta.dispatch_card(d) for d in dispatches]
    check(len({c.version for c in card_list}) == count, "every dispatch has its own card")
    cards.render_png(card_list[0])  # fonts loaded once per process, as in a worker

    draw_ms, draw_cpu_ms, sizes = [], [], []
    for card in card_list:
        start, cpu = time.perf_counter(), time.process_time()
        png = cards.render_png(card)
        draw_ms.append(_ms(start))
        draw_cpu_ms.append((time.process_time() - cpu) * 1000)
        sizes.append(len(png))

    client = Client()
    first_ms, later_ms, later_queries = [], [], set()
    for dispatch, card in zip(dispatches, card_list, strict=True):
        url = meta.dispatch_image_url(dispatch, card)
        start = time.perf_counter()
        response = client.get(url)
        first_ms.append(_ms(start))
        check(response.status_code == 200, f"{url} answered {response.status_code}")
        with Image.open(io.BytesIO(response.content)) as image:
            check(image.size == (1200, 630), "1200×630")
        drawn = store.render_count()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            again = client.get(url)
            later_ms.append(_ms(start))
        check(store.render_count() == drawn, "a later request draws nothing")
        check(again.content == response.content, "the same bytes")
        later_queries.add(len(queries))

    print(f"share images: {count} distinct dispatches ({connection.vendor})")
    print(f"  draw          mean {statistics.mean(draw_ms):6.1f} ms   max {max(draw_ms):6.1f} ms")
    print(f"  draw, CPU     mean {statistics.mean(draw_cpu_ms):6.1f} ms   (this process only)")
    print(f"  bytes         mean {statistics.mean(sizes):8,.0f}   max {max(sizes):8,}")
    print(
        f"  first request mean {statistics.mean(first_ms):6.1f} ms   (query, draw, write the file)"
    )
    print(
        f"  later request mean {statistics.mean(later_ms):6.1f} ms   "
        f"(query, read the file), queries {sorted(later_queries)}"
    )


if __name__ == "__main__":
    main()
