"""`python manage.py unsubscribe_alerts ADDRESS`: delete every alert subscription of an
address. For the operator who reads the List-Unsubscribe mailto: requests sent to
ALERT_UNSUBSCRIBE_MAILTO (they carry no token: the sender's address is the request)."""

from django.core.management.base import BaseCommand

from ...services.alerts import unsubscribe_address


class Command(BaseCommand):
    help = "Hủy mọi đăng ký nhận cảnh báo của một địa chỉ thư (xóa địa chỉ)."

    def add_arguments(self, parser):
        parser.add_argument("address", help="Địa chỉ thư điện tử đã gửi yêu cầu hủy.")

    def handle(self, *args, address, **options):
        count = unsubscribe_address(email=address)
        self.stdout.write(f"Đã xóa {count} đăng ký của địa chỉ này.")
