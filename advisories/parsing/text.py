"""Parse the extracted text of a Vietnamese administrative document (Decree 30/2020/NĐ-CP form).

`parse_dispatch_text(text)` reads the FIRST document of `text` (see `split_documents`) and
returns a `ParsedDispatch`; nothing in it raises on odd input: a part that cannot be found is
None or an empty list. The input may be NFD, have Windows line endings, non-breaking spaces,
Markdown marks (`**`, `*`, `###`), a header flattened into one line or split over several.

Field conventions (`ParsedDispatch.to_dict()` gives the JSON shape):

- `parent_issuer` / `issuer`: the header lines as printed (upper case), Markdown removed; a name
  wrapped over two lines ("ỦY BAN NHÂN DÂN" / "TỈNH AN GIANG") is one issuer joined by a space;
  two complete body names are parent then issuer (see `advisories.parsing.issuer`).
- `doc_type`: the type title in sentence case ("KẾ HOẠCH" → "Kế hoạch"); "Công văn" when there
  is no title and the subject starts with "V/v" / "Về việc"; otherwise from the type code of the
  symbol ("KH-UBND" → "Kế hoạch"); a numbered text with none of these is a "Công văn".
- `number`: the digits as printed, None when blank ("Số: /UBND-VHTT"); `symbol`: the symbol with
  its spaces removed ("TTYT- DS.TTGDSK" → "TTYT-DS.TTGDSK").
- `place`, `date_parts` (day, month, year, each an int or None) and `date` (a `datetime.date`
  only when all three are present and valid).
- `subject`: the trích yếu, lines joined by one space, without a leading "V/v"; for a document
  with a type title, the line(s) under the title as printed.
- `addressees` / `distribution`: one string per "Kính gửi" / "Nơi nhận" entry, without the
  leading "- " and the trailing ";" or ".".
- `references`: each document cited in the body ("Công văn số 1153/UBND-KGVX ngày 06/10/2025 của
  UBND tỉnh…") once, in order of first appearance, the document's own number left out; `kind`
  is the verb of the clause that cites it ("can_cu", "thuc_hien", "sao_gui", "theo",
  "trien_khai", "tiep_theo", "kem_theo") or None.
- `directives`: the numbered tasks of the body ("1.", "2." …), each WITHOUT its number. An item
  whose numbered line is a full sentence is that paragraph plus the bullet points ("- ", "+ ",
  "a) ") under it. An item whose numbered line is a heading (no final punctuation, as the units
  named in "1. Công an Thành phố") is "Heading: paragraph paragraph…", taking every paragraph up
  to the next item or the closing paragraph ("Kính đề nghị…", "Nhận được…"). Bullet marks are
  dropped and the parts joined by one space; a final "./." becomes ".". When the body has Roman
  sections (Kế hoạch), only items under the sections that assign work (NHIỆM VỤ, TỔ CHỨC THỰC
  HIỆN, NỘI DUNG, GIẢI PHÁP, PHÂN CÔNG) count when there are such sections. Without numbered
  items, "Điều 1.", "Điều 2." … are used; without either, the list is empty.
- `signing_authority`: the "KT./TL./TM./TUQ." line(s) of the signature block ("KT. CHỦ TỊCH");
  `signer_title`: the upper-case line under it ("PHÓ CHỦ TỊCH"), or a lone title ("GIÁM ĐỐC");
  `signer_name`: the last line of the closing part that reads as a person's name.

The work is shared out: `split` cuts several documents apart, `header`, `body` and `closing`
read their parts, `issuer` tells parent from issuer, `normalize` cleans the text first.
"""

from dataclasses import dataclass

from .body import (
    BodyParts,
    body_parts_of,
    directives_of,
    parse_addressees,
    references_of,
    reflow,
)
from .closing import closing_start, parse_closing
from .header import (
    Header,
    doc_type_of,
    find_addressee_line,
    header_limit,
    parse_header,
    separate_addressee_line,
)
from .normalize import clean_line
from .result import DateParts, ParsedDispatch, Reference
from .split import split_documents

__all__ = [
    "BodyParts",
    "DateParts",
    "ParsedDispatch",
    "Reference",
    "parse_body_parts",
    "parse_dispatch_text",
    "split_documents",
]


@dataclass
class _Located:
    """Where the parts of one document are: its header, addressees and the body's line range."""

    cleaned: list[str]
    header: Header
    addressees: list[str]
    body_start: int
    body_end: int

    def body_paragraphs(self) -> list[str]:
        return reflow(self.cleaned[self.body_start : self.body_end])


def _locate(text: str) -> _Located | None:
    """The first document of `text`, cut into header, addressees, body and closing lines."""
    documents = split_documents(text)
    if not documents:
        return None
    cleaned = separate_addressee_line([clean_line(line) for line in documents[0].split("\n")])
    addressee_line = find_addressee_line(cleaned)
    limit, bounded = header_limit(cleaned, addressee_line)
    header = parse_header(cleaned, limit)
    addressees: list[str] = []
    if addressee_line is not None:
        addressees, body_start = parse_addressees(cleaned, addressee_line)
    elif header.last_line >= 0:
        body_start = header.last_line + 1
    else:
        body_start = limit if bounded else 0
    body_end = closing_start(cleaned, body_start)
    return _Located(cleaned, header, addressees, body_start, body_end)


def parse_dispatch_text(text: str) -> ParsedDispatch:
    """Parse the first document held in `text` (see the module docstring for the fields)."""
    located = _locate(text)
    if located is None:
        return ParsedDispatch()
    header = located.header
    parsed = ParsedDispatch(
        parent_issuer=header.parent,
        issuer=header.issuer,
        doc_type=doc_type_of(header),
        number=header.number,
        symbol=header.symbol,
        place=header.place,
        date_parts=header.date_parts,
        subject=header.subject,
        addressees=located.addressees,
    )
    paragraphs = located.body_paragraphs()
    parsed.references = references_of(paragraphs, (header.number, header.symbol))
    parsed.directives = directives_of(paragraphs)

    closing = parse_closing(located.cleaned[located.body_end :])
    parsed.distribution = closing.distribution
    parsed.signing_authority = closing.signing_authority
    parsed.signer_title = closing.signer_title
    parsed.signer_name = closing.signer_name
    return parsed


def parse_body_parts(text: str) -> BodyParts:
    """The body of the first document in `text` as paragraphs: the opening ones, the numbered
    tasks (label, heading, paragraphs as printed) and the closing ones; empty when none."""
    located = _locate(text)
    if located is None:
        return BodyParts()
    return body_parts_of(located.body_paragraphs())
