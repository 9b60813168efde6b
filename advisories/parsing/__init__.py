"""Reading Vietnamese administrative documents (công văn, kế hoạch, chỉ thị…) from their text.

- `parse_dispatch_text(text)` → `ParsedDispatch` (pure Python, see `advisories.parsing.text`);
- `split_documents(text)` → one text per document when a file holds several;
- `extract_text(pdf)` → the text layer of a PDF (pypdf);
- `read_document_text(path)` → the text of a .txt or .pdf file;
- `UnreadableDocument`: raised for a file with no readable text (scan, binary, empty…).
"""

from .errors import UnreadableDocument
from .files import decode_text, read_document_text
from .pdf import extract_text
from .text import DateParts, ParsedDispatch, Reference, parse_dispatch_text, split_documents

__all__ = [
    "DateParts",
    "ParsedDispatch",
    "Reference",
    "UnreadableDocument",
    "decode_text",
    "extract_text",
    "parse_dispatch_text",
    "read_document_text",
    "split_documents",
]
