"""The consent a reporter gives (Law 91/2025/QH15 on personal data protection and Decree
356/2025/NĐ-CP): purpose, who receives the data, how long it is kept, how to withdraw. The
exact words shown are stored with the report."""

from django.conf import settings
from django.utils.translation import gettext as _


def consent_text() -> str:
    """The words above the consent box, in the reader's language."""
    return _(
        "Tôi đồng ý để cổng cảnh báo lừa đảo xử lý thông tin tôi gửi, kể cả dữ liệu cá nhân "
        "(nội dung sự việc, ảnh chụp, liên hệ nếu có), với mục đích: xác minh thủ đoạn lừa "
        "đảo, cảnh báo người dân và chuyển cho cơ quan có thẩm quyền. Người nhận: cán bộ tiếp "
        "nhận của tỉnh, thành phố tôi chọn và Công an tỉnh, thành phố đó. Thời gian lưu: dữ "
        "liệu cá nhân bị xóa sau %(days)s ngày; chỉ giữ số liệu không định danh (kênh, số "
        "tiền, tỉnh, dấu hiệu). Tôi có thể rút phản ánh và xóa dữ liệu cá nhân bất cứ lúc nào "
        "bằng mã tra cứu tại trang Tra cứu phản ánh."
    ) % {"days": settings.REPORT_RETENTION_DAYS}
