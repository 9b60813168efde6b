"""Validators of uploaded files: a dispatch's attachment must really be a PDF, of a sane size.

The size and the `%PDF-` header are checked here; the rest (it opens, needs no password, has
at most ATTACHMENT_MAX_PAGES pages and no image past IMAGE_MAX_PIXELS) in a child process with
hard limits (advisories.documents), so a crafted PDF costs seconds and no log flood.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from .parsing import errors

PDF_MAGIC = b"%PDF-"


def validate_pdf(file) -> None:
    """Refuse anything that is not a readable PDF, judged by content, never by its name."""
    size = file.size
    if size is not None and size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            "Tệp quá lớn (%(size)s). Tệp đính kèm tối đa %(limit)s.",
            code="file_too_large",
            params={
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
            },
        )
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    # The PDF header may follow a little junk (up to 1 KB), as readers accept.
    if PDF_MAGIC not in head:
        raise ValidationError(
            "Tệp này không phải PDF. Chỉ nhận văn bản dạng PDF (bản quét hoặc bản điện tử).",
            code="not_pdf",
        )
    _check_pdf(file)


def _check_pdf(file) -> None:
    """Open the PDF in the sandbox: a renamed, truncated, encrypted or oversized file fails
    here with a clear message."""
    from .documents import check_attachment

    try:
        data = file.read(settings.ATTACHMENT_MAX_BYTES + 1)
    finally:
        file.seek(0)
    try:
        check_attachment(data)
    except errors.EncryptedDocument as exc:
        raise ValidationError(
            "Tệp PDF có mật khẩu. Hãy tải lên bản không đặt mật khẩu.", code="pdf_encrypted"
        ) from exc
    except errors.DocumentTooLarge as exc:
        raise ValidationError(str(exc), code="pdf_too_large") from exc
    except errors.DocumentTooComplex as exc:
        raise ValidationError(str(exc), code="pdf_too_complex") from exc
    except errors.UnreadableDocument as exc:
        raise ValidationError(
            "Không đọc được tệp PDF này (tệp hỏng hoặc không có trang nào). "
            "Hãy xuất lại tệp PDF rồi tải lên.",
            code="pdf_unreadable",
        ) from exc
