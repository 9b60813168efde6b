"""`python manage.py purge_alert_subscriptions`: delete the alert requests nobody confirmed
within ALERT_CONFIRM_DAYS days (their addresses with them), and the records of alerts older
than ALERT_HISTORY_DAYS. Run it daily (cron or the worker host's scheduler)."""

from django.core.management.base import BaseCommand

from ...services.alerts import purge_alert_subscriptions


class Command(BaseCommand):
    help = "Xóa các đăng ký nhận cảnh báo không được xác nhận đúng hạn (chạy hằng ngày)."

    def handle(self, *args, **options):
        purged = purge_alert_subscriptions()
        self.stdout.write(
            f"Đã xóa {purged['subscriptions']} đăng ký quá hạn xác nhận "
            f"và {purged['events']} sự kiện cũ."
        )
