"""`python manage.py load_seed`: load the real seed dispatches; running it twice changes nothing.

What is already in the database is kept as staff left it (withdrawn, corrected, a new hotline):
`make run` runs this at every start. `--overwrite` puts the seed file's values back."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ...seeding import SEED_DIR, load_seed


class Command(BaseCommand):
    help = "Nạp các văn bản mẫu thật (An Giang, Vinh) cùng cơ quan và thủ đoạn lừa đảo."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=SEED_DIR, help="Thư mục chứa tệp JSON.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Ghi đè bản ghi đã có bằng giá trị trong tệp mẫu (mất các sửa đổi của cán bộ).",
        )

    def handle(self, *args, **options):
        report = load_seed(options["dir"], overwrite=options["overwrite"])
        self.stdout.write(
            f"Văn bản mẫu: {len(report.dispatches)} văn bản; "
            f"{report.created} bản ghi mới, {report.updated} thay đổi, "
            f"{report.unchanged} giữ nguyên."
        )
