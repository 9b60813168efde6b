"""`python manage.py load_seed`: load the real seed dispatches; running it twice changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ...seeding import SEED_DIR, load_seed


class Command(BaseCommand):
    help = "Nạp các văn bản mẫu thật (An Giang, Vinh) cùng cơ quan và thủ đoạn lừa đảo."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=SEED_DIR, help="Thư mục chứa tệp JSON.")

    def handle(self, *args, **options):
        report = load_seed(options["dir"])
        self.stdout.write(
            f"Văn bản mẫu: {len(report.dispatches)} văn bản; "
            f"{report.created} bản ghi mới, {report.updated} thay đổi, "
            f"{report.unchanged} không đổi."
        )
