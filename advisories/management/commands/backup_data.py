"""`manage.py backup_data PATH`: the portal's data into a fixture and a checksum manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ...backup import backup, manifest_path


class Command(BaseCommand):
    help = "Sao lưu dữ liệu của cổng (văn bản, cơ quan, tài khoản cán bộ) vào PATH (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        prints = backup(path)
        rows = sum(entry["count"] for entry in prints.values())
        self.stdout.write(f"{rows} rows of {len(prints)} models written to {path}")
        self.stdout.write(f"manifest (counts and SHA-256 per model): {manifest_path(path)}")
