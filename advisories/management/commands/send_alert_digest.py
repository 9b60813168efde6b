"""`python manage.py send_alert_digest`: the daily digest of the e-mail alerts (run once a day
by cron or the worker host's scheduler, e.g. `0 7 * * *`).

It queues the digest tasks; the worker (`manage.py db_worker`) sends them. Each daily
subscriber gets one mail with the publications, withdrawals and corrections of the last
ALERT_DIGEST_LOOKBACK_HOURS not yet sent to them; running it twice sends nothing twice.
"""

from django.core.management.base import BaseCommand

from ...services.alerts import queue_alert_digest


class Command(BaseCommand):
    help = "Xếp lịch gửi thư tóm tắt cảnh báo hằng ngày (chạy mỗi ngày một lần)."

    def handle(self, *args, **options):
        count = queue_alert_digest()
        self.stdout.write(f"Đã xếp lịch gửi tóm tắt cho tối đa {count} người đăng ký.")
