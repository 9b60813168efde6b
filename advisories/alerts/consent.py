"""The consent wording of the subscription form: shown next to the box the person ticks, and
stored word for word (with its version and the time) on the subscription it allowed.

Changing the wording means a new CONSENT_VERSION: a form sent from a page showing the previous
wording is then refused and shown again with the new one, so the stored text is always the one
that was read.
"""

from django.conf import settings
from django.utils.translation import gettext as _

CONSENT_VERSION = "2025-1"


def consent_statement() -> str:
    """The sentence next to the tick box."""
    return _(
        "Tôi đồng ý để Cổng cảnh báo lừa đảo lưu địa chỉ thư điện tử này và gửi tới đó "
        "các cảnh báo lừa đảo tôi đã chọn."
    )


def consent_details() -> list[str]:
    """Purpose, retention and how to withdraw, in the active language."""
    days = settings.ALERT_CONFIRM_DAYS
    return [
        _(
            "Mục đích: chỉ để gửi cảnh báo (văn bản mới, văn bản bị thu hồi hoặc đính chính). "
            "Địa chỉ không dùng vào việc khác và không chuyển cho ai."
        ),
        _(
            "Chúng tôi gửi một thư xác nhận; chỉ khi bạn bấm xác nhận trong thư mới bắt đầu "
            "nhận cảnh báo. Không xác nhận trong %(days)s ngày thì địa chỉ bị xóa."
        )
        % {"days": days},
        _(
            "Rút lại đồng ý bất cứ lúc nào bằng đường dẫn “Hủy nhận cảnh báo” trong mỗi thư: "
            "địa chỉ của bạn bị xóa ngay."
        ),
        _("Căn cứ: Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15."),
    ]


def consent_text() -> str:
    """Everything the form shows about consent, as stored on the subscription."""
    return "\n".join([consent_statement(), *consent_details()])
