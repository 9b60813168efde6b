"""Reading Vietnamese administrative documents (công văn, kế hoạch, chỉ thị…) from their text.

- `parse_dispatch_text(text)` → `ParsedDispatch` (pure Python, see `advisories.parsing.text`);
- `parse_body_parts(text)` → `BodyParts`: opening paragraphs, numbered tasks, closing ones;
- `extract_warning_texts(text)` → the quoted texts meant to reach citizens verbatim;
- `split_documents(text)` → one text per document when a file holds several;
- `extract_text(pdf)` → the text layer of a PDF (poppler's pdftotext, else pypdf);
- `read_document_text(path)` → the text of a .txt or .pdf file;
- `ocr` reads scans (image-only PDFs, JPEG/PNG/HEIC) with Tesseract; `confidence` says which fields
  the clerk must check (`DocumentReading.uncertain`);
- `UnreadableDocument`: raised for a file with no readable text (scan, binary, empty…).
"""

from .errors import UnreadableDocument
from .files import decode_text, read_document_text
from .pdf import extract_text
from .text import (
    BodyParts,
    DateParts,
    ParsedDispatch,
    Reference,
    parse_body_parts,
    parse_dispatch_text,
    split_documents,
)
from .warnings import extract_warning_texts

__all__ = [
    "BodyParts",
    "DateParts",
    "ParsedDispatch",
    "Reference",
    "UnreadableDocument",
    "decode_text",
    "extract_text",
    "extract_warning_texts",
    "parse_body_parts",
    "parse_dispatch_text",
    "read_document_text",
    "split_documents",
]
