"""Validators of uploaded files: a dispatch's attachment must really be a PDF, of a sane size."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

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
    _parse_pdf(file)


def _parse_pdf(file) -> None:
    """Open the PDF with pypdf: a renamed or truncated file fails here with a clear message."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                "Tệp PDF có mật khẩu. Hãy tải lên bản không đặt mật khẩu.", code="pdf_encrypted"
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        pages = 0
    finally:
        file.seek(0)
    if pages < 1:
        raise ValidationError(
            "Không đọc được tệp PDF này (tệp hỏng hoặc không có trang nào). "
            "Hãy xuất lại tệp PDF rồi tải lên.",
            code="pdf_unreadable",
        )
