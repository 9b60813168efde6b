"""Erase the personal data of scam reports older than REPORT_RETENTION_DAYS (what happened, the
contact, the screenshots); the anonymous facts stay for statistics. Run daily (cron or the
worker's schedule), see the README."""

from django.conf import settings
from django.core.management.base import BaseCommand

from advisories.services.reports import erase_expired_personal_data


class Command(BaseCommand):
    help = "Xóa dữ liệu cá nhân của phản ánh quá thời hạn lưu (REPORT_RETENTION_DAYS)."

    def handle(self, *args, **options):
        erased = erase_expired_personal_data()
        self.stdout.write(
            f"Đã xóa dữ liệu cá nhân của {erased} phản ánh quá "
            f"{settings.REPORT_RETENTION_DAYS} ngày."
        )
