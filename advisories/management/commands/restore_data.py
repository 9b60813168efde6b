"""`manage.py restore_data PATH`: load a backup into a freshly migrated database, verified."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ...backup import RestoreMismatch, has_data, restore


class Command(BaseCommand):
    help = (
        "Khôi phục dữ liệu từ bản sao lưu PATH vào cơ sở dữ liệu trống (đã migrate). "
        "--replace xóa toàn bộ dữ liệu hiện có trước."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Xóa toàn bộ dữ liệu hiện có (manage.py flush) rồi mới khôi phục.",
        )

    def handle(self, *args, path, replace, **options):
        if not path.exists():
            raise CommandError(f"No backup at {path}.")
        if has_data():
            if not replace:
                raise CommandError(
                    "The database already holds data: restore into a freshly migrated "
                    "database, or pass --replace to erase it first."
                )
            call_command("flush", interactive=False, verbosity=0)
        try:
            prints = restore(path)
        except RestoreMismatch as error:
            raise CommandError(str(error)) from None
        rows = sum(entry["count"] for entry in prints.values())
        self.stdout.write(f"{rows} rows of {len(prints)} models restored; checksums match.")
