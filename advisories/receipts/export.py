"""The receipt status of a dispatch as CSV for Excel: UTF-8 with a BOM, formulas neutralised."""

import csv

from ..models import Dispatch

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADER = [
    "Đơn vị",
    "Thư điện tử",
    "Điện thoại",
    "Trạng thái",
    "Xác nhận lúc",
    "Người xác nhận",
    "Chức vụ",
    "Ghi chú",
    "Xác nhận qua",
    "Gửi thư thành công lúc",
    "Số lần gửi thư",
    "Lỗi gửi thư gần nhất",
]


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _when(value):
    return value.astimezone().strftime("%d/%m/%Y %H:%M") if value else ""


class _Echo:
    def write(self, value):
        return value


def csv_rows(*, dispatch: Dispatch):
    """Yields encoded CSV lines, the BOM first, streaming the deliveries in chunks."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    # Through the related manager each row knows its dispatch (whether it is still open).
    deliveries = dispatch.deliveries.select_related("organisation").order_by(
        "organisation__name", "pk"
    )
    for d in deliveries.iterator(chunk_size=2000):
        status = (
            "Đã xác nhận" if d.is_confirmed else ("Quá hạn" if d.is_overdue else "Chưa xác nhận")
        )
        yield writer.writerow(
            safe_cell(v)
            for v in [
                d.organisation.name,
                d.organisation.email,
                d.organisation.hotline,
                status,
                _when(d.confirmed_at),
                d.confirmed_by_name,
                d.confirmed_by_position,
                d.confirmation_note,
                d.get_confirmed_via_display() if d.confirmed_via else "",
                _when(d.notified_at),
                d.notice_attempts,
                d.last_error,
            ]
        )
