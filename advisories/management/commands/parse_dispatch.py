"""`python manage.py parse_dispatch FILE [--json]`: show what the parser reads in a dispatch file.

FILE is a PDF (told by its `%PDF-` header, whatever its name), a JPEG/PNG image or a text file
(UTF-8, UTF-16 or Windows-1258); a scanned PDF or an image is read by OCR. `--json` prints the
parsed fields plus "uncertain": the keys whose value the clerk must check, and "indicators": the
signs of a scam the text names (phone numbers, links, accounts, app and sender names), as the
import form proposes them. When the file holds several documents, the first one is parsed.
The file is read as the import form reads an upload (advisories.documents): refused past
IMPORT_MAX_BYTES or PDF_MAX_PAGES before parsing, parsed in a child process cut off at
PARSE_TIMEOUT_SECONDS; a refusal exits with status 1 and its Vietnamese message.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...documents import read_dispatch_file
from ...parsing import ParsedDispatch, UnreadableDocument
from ...parsing.files import read_file_bytes
from ...prefill import indicator_proposals

_MISSING = "(không có)"
_KIND_LABELS = {
    "can_cu": "căn cứ",
    "thuc_hien": "thực hiện",
    "sao_gui": "sao gửi",
    "theo": "theo",
    "trien_khai": "triển khai",
    "tiep_theo": "tiếp theo",
    "kem_theo": "kèm theo",
}


def _number_and_symbol(parsed: ParsedDispatch) -> str:
    """'29/TTYT-DS.TTGDSK', '…/UBND-VHTT' for a blank number, or the missing mark."""
    if not parsed.symbol and not parsed.number:
        return _MISSING
    return f"{parsed.number or '…'}/{parsed.symbol or '…'}"


def _date_text(parsed: ParsedDispatch) -> str:
    """'08/10/2025', or the printed parts with a note when the day or the month is blank."""
    parts = parsed.date_parts
    if parts.year is None:
        return _MISSING
    if parsed.date:
        return parsed.date.strftime("%d/%m/%Y")
    day = f"{parts.day:02d}" if parts.day else "…"
    month = f"{parts.month:02d}" if parts.month else "…"
    return f"{day}/{month}/{parts.year} (thiếu ngày hoặc tháng)"


def format_readable(parsed: ParsedDispatch) -> str:
    """The parsed fields with Vietnamese labels, one per line, lists indented under them."""
    lines = [
        f"Cơ quan chủ quản: {parsed.parent_issuer or _MISSING}",
        f"Cơ quan ban hành: {parsed.issuer or _MISSING}",
        f"Loại văn bản: {parsed.doc_type or _MISSING}",
        f"Số, ký hiệu: {_number_and_symbol(parsed)}",
        f"Địa danh: {parsed.place or _MISSING}",
        f"Ngày ban hành: {_date_text(parsed)}",
        f"Trích yếu: {parsed.subject or _MISSING}",
    ]

    def block(label: str, entries: list[str], numbered: bool = False) -> None:
        lines.append(f"{label}:" if entries else f"{label}: {_MISSING}")
        for position, entry in enumerate(entries, start=1):
            lines.append(f"  {position}. {entry}" if numbered else f"  - {entry}")

    block("Kính gửi", parsed.addressees)
    references = []
    for reference in parsed.references:
        text = f"{reference.doc_type} số {reference.number}/{reference.symbol}"
        if reference.date:
            text += f" ngày {reference.date.strftime('%d/%m/%Y')}"
        if reference.issuer:
            text += f" của {reference.issuer}"
        if reference.kind:
            text += f" ({_KIND_LABELS.get(reference.kind, reference.kind)})"
        references.append(text)
    block("Văn bản được dẫn", references)
    block("Nhiệm vụ", parsed.directives, numbered=True)
    block("Nơi nhận", parsed.distribution)
    lines += [
        f"Thẩm quyền ký: {parsed.signing_authority or _MISSING}",
        f"Chức vụ người ký: {parsed.signer_title or _MISSING}",
        f"Người ký: {parsed.signer_name or _MISSING}",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Đọc một công văn (tệp .txt, .pdf, bản scan hoặc ảnh chụp) và in các phần nhận diện được: "
        "cơ quan, số, ngày, trích yếu, kính gửi, nhiệm vụ, nơi nhận, người ký."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .txt (UTF-8, UTF-16, Windows-1258) hoặc .pdf.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="In đúng một đối tượng JSON (tiếng Việt giữ nguyên, không mã hóa \\u).",
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            data = read_file_bytes(path, settings.IMPORT_MAX_BYTES)
            if not data.strip():
                raise UnreadableDocument(f"Tệp {path} rỗng, không có nội dung.")
            reading = read_dispatch_file(data)
        except UnreadableDocument as exc:
            raise CommandError(str(exc)) from exc
        count, parsed = reading.documents, reading.parsed
        if options["json"]:
            # The parser's fields and the ones the clerk must check, plus the signs of a scam
            # the text names (as the import form proposes them): that key is added here,
            # outside the parser.
            answer = parsed.to_dict() | {
                "uncertain": reading.uncertain,
                "indicators": indicator_proposals(reading),
            }
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        if count > 1:
            self.stdout.write(f"Tệp có {count} văn bản; dưới đây là văn bản đầu tiên.\n")
        self.stdout.write(format_readable(parsed))
        if reading.uncertain:
            self.stdout.write("Cần kiểm tra: " + ", ".join(reading.uncertain))
        for notice in reading.notices:
            self.stdout.write(f"Lưu ý: {notice}")
