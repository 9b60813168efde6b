"""Write the daily open-data files (CSV and JSON of published advisories and indicators) into
OPEN_DATA_DIR. Run daily (cron); see the README."""

from django.core.management.base import BaseCommand

from advisories.opendata import export_open_data


class Command(BaseCommand):
    help = "Ghi các tệp dữ liệu mở hằng ngày (CSV, JSON) vào OPEN_DATA_DIR."

    def handle(self, *args, **options):
        for path in export_open_data():
            self.stdout.write(f"Đã ghi {path}")
