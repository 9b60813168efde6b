"""`python manage.py send_receipt_reminders`: remind units still pending (for a daily schedule).

The reminders go through the task queue like every notice; the worker sends them.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from ...services import send_reminders


class Command(BaseCommand):
    help = "Nhắc các đơn vị chưa xác nhận đã nhận văn bản (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=settings.RECEIPT_DUE_HOURS,
            help="Chỉ nhắc đơn vị đã nhận văn bản quá số giờ này (mặc định RECEIPT_DUE_HOURS).",
        )

    def handle(self, *args, older_than_hours, **options):
        rounds = send_reminders(older_than_hours=older_than_hours)
        self.stdout.write(f"Đã xếp lịch nhắc cho {len(rounds)} văn bản.")
