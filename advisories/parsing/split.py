"""Cutting a text that holds several documents (a dispatch and the ones it forwards) apart."""

from .issuer import split_bodies
from .normalize import clean_line, is_upper_line, normalize_text
from .patterns import BULLET, DISTRIBUTION, MOTTO, SIGNATURE_WORDS, anchor_kinds

# At most this many non-blank lines between the number line and the national name of one
# document (the subject or the date may sit between them).
_ANCHOR_GAP = 8

# At most this many issuer lines above the first anchor of a document.
_MAX_ISSUER_LINES = 5


def _starts_body_name(line: str) -> bool:
    """True when an upper-case line opens the name of a body (SỞ…, UBND…, TRUNG TÂM…)."""
    words = line.split()
    if not words:
        return False
    # A line opens a body name when splitting "X" + line cuts before the line's first word.
    return len(split_bodies("X Y " + line)) > 1


def _document_start(cleaned: list[str], anchor: int, floor: int) -> int:
    """First line of the document whose first header anchor is `anchor`: its issuer lines."""
    above: list[int] = []
    index = anchor - 1
    while index >= floor and len(above) < _MAX_ISSUER_LINES:
        line = cleaned[index]
        if not line:
            index -= 1
            continue
        if (
            not is_upper_line(line)
            or BULLET.match(line)
            or SIGNATURE_WORDS.match(line)
            or anchor_kinds(line)
            or MOTTO.search(line)
        ):
            break
        above.append(index)
        index -= 1
    # Keep the issuer lines from the topmost one that opens a body name (an upper-case signer
    # name of the previous document just above them is left to that document).
    for position in reversed(above):
        if _starts_body_name(cleaned[position]):
            return position
    return anchor


def split_documents(text: str) -> list[str]:
    """Cut a text that holds several documents into one text per document, in order.

    A document starts at its header: the issuer lines followed by the number line ("Số: …")
    and/or the national name ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), in either order; the issuer
    lines may come before the national name or right after the previous document's signer.
    Text before the first header stays with the first document. The texts are NFC with "\\n"
    line breaks, otherwise as given; a blank text gives an empty list.
    """
    lines = normalize_text(text).split("\n")
    cleaned = [clean_line(line) for line in lines]
    # Group the anchors: one number line and one national name per document, close together.
    groups: list[tuple[int, int]] = []  # (first anchor line, last anchor line)
    group_kinds: set[str] = set()
    nonblank_since_last = 0
    for index, line in enumerate(cleaned):
        kinds = anchor_kinds(line)
        if not kinds:
            if line:
                nonblank_since_last += 1
            continue
        joins = (
            groups
            and not (kinds & group_kinds)
            and nonblank_since_last <= _ANCHOR_GAP
            and not any(DISTRIBUTION.match(cleaned[i]) for i in range(groups[-1][1], index))
        )
        if joins:
            groups[-1] = (groups[-1][0], index)
            group_kinds |= kinds
        else:
            groups.append((index, index))
            group_kinds = set(kinds)
        nonblank_since_last = 0
    starts: list[int] = []
    floor = 0
    for first, last in groups:
        starts.append(_document_start(cleaned, first, floor))
        floor = last + 1
    if starts:
        starts[0] = 0
    else:
        starts = [0]
    documents = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        document = "\n".join(lines[start:end]).strip("\n")
        if document.strip():
            documents.append(document)
    return documents
