"""Everything the portal reads from one document, in one pass: `read_dispatch(text)`.

The import form and `manage.py parse_dispatch` both need the parts of the first document, the
number of documents the text holds, its body cut into tasks and its warning texts. Made in one
function so that the sandbox (advisories.parsing.sandbox) can run the whole parse in its child
and send back a `DocumentReading` as JSON.
"""

from dataclasses import dataclass, field

from .body import BodyParts
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

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "parsed": self.parsed.to_dict(),
            "parts": self.parts.to_dict(),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "DocumentReading":
        return cls(
            documents=data["documents"],
            parsed=ParsedDispatch.from_dict(data["parsed"]),
            parts=BodyParts.from_dict(data["parts"]),
            warnings=list(data["warnings"]),
        )


def read_dispatch(text: str) -> DocumentReading:
    """Parse the first document held in `text` (see `advisories.parsing.text`)."""
    documents = split_documents(text)
    first = documents[0] if documents else text
    return DocumentReading(
        documents=len(documents),
        parsed=parse_dispatch_text(first),
        parts=parse_body_parts(first),
        warnings=extract_warning_texts(first),
    )
