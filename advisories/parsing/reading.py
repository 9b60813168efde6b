"""Everything the portal reads from one document, in one pass: `read_dispatch(text)`.

The import form and `manage.py parse_dispatch` both need the parts of the first document, the
number of documents the text holds, its body cut into tasks and its warning texts. Made in one
function so that the sandbox (advisories.parsing.sandbox) can run the whole parse in its child
and send back a `DocumentReading` as JSON.
"""

from dataclasses import dataclass, field

from .body import BodyParts
from .confidence import uncertain_fields
from .errors import gettext_noop
from .ocr import OcrText
from .result import ParsedDispatch
from .split import split_documents
from .text import parse_body_parts, parse_dispatch_text
from .warnings import extract_warning_texts


@dataclass
class DocumentReading:
    """The first document of a text: its parts, its body, its warning texts, and how many
    documents the text holds (a dispatch followed by the ones it forwards)."""

    documents: int = 1
    parsed: ParsedDispatch = field(default_factory=ParsedDispatch)
    parts: BodyParts = field(default_factory=BodyParts)
    warnings: list[str] = field(default_factory=list)
    # Keys of `parsed.to_dict()` whose value the clerk must check (see `confidence`).
    uncertain: list[str] = field(default_factory=list)
    # What the clerk should know about the reading itself (Vietnamese): read by OCR, cut off…
    notices: list[str] = field(default_factory=list)
    # The OCR reading (words, confidences, boxes) when the file was a scan, else None.
    ocr: OcrText | None = None

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "parsed": self.parsed.to_dict(),
            "parts": self.parts.to_dict(),
            "warnings": list(self.warnings),
            "uncertain": list(self.uncertain),
            "notices": list(self.notices),
            "ocr": self.ocr.to_dict() if self.ocr else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "DocumentReading":
        return cls(
            documents=data["documents"],
            parsed=ParsedDispatch.from_dict(data["parsed"]),
            parts=BodyParts.from_dict(data["parts"]),
            warnings=list(data["warnings"]),
            uncertain=list(data.get("uncertain", [])),
            notices=list(data.get("notices", [])),
            ocr=OcrText.from_dict(data["ocr"]) if data.get("ocr") else None,
        )


NO_SIGNATURE = gettext_noop(
    "Văn bản không có phần ký (chức vụ, họ tên người ký): có thể nội dung bị cắt mất phần cuối. "
    "Hãy kiểm tra lại tệp hoặc đoạn văn bản đã dán."
)
READ_BY_OCR = gettext_noop(
    "Văn bản được đọc bằng nhận dạng ký tự (OCR) từ bản scan: hãy đối chiếu các trường được "
    "đánh dấu với bản gốc trước khi đăng."
)


def read_dispatch(text: str, ocr: OcrText | None = None) -> DocumentReading:
    """Parse the first document held in `text` (see `advisories.parsing.text`); `ocr` is the
    OCR reading `text` comes from, for the confidence of its words."""
    documents = split_documents(text)
    first = documents[0] if documents else text
    parsed = parse_dispatch_text(first)
    notices = [READ_BY_OCR] if ocr is not None else []
    if not (parsed.signer_name or parsed.signer_title or parsed.signing_authority):
        notices.append(NO_SIGNATURE)
    return DocumentReading(
        documents=len(documents),
        parsed=parsed,
        parts=parse_body_parts(first),
        warnings=extract_warning_texts(first),
        uncertain=uncertain_fields(parsed, ocr),
        notices=notices,
        ocr=ocr,
    )
