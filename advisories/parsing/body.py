"""The body of a document: addressees, paragraphs, numbered directives, cited documents."""

import datetime
import re
from dataclasses import dataclass

from .normalize import collapse_spaces, is_upper_line
from .patterns import (
    ADDRESSEES,
    BODY_OPENING,
    BULLET,
    DISTRIBUTION,
    SYMBOL,
    clean_symbol,
    is_bullet,
    strip_entry,
)
from .result import DateParts, Reference

_TERMINAL = ".;!?…"

# A numbered item: "1. text", "2) text", "3/ text" (but not "1.1. text" nor "1/10/2025").
_NUMBERED = re.compile(r"^(?P<num>\d{1,2})\s*[.)/]\s*(?!\d)(?P<text>\S.*)$")

# A Roman section heading of a plan: "I. MỤC ĐÍCH, YÊU CẦU", "III. TỔ CHỨC THỰC HIỆN".
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,4})\s*[.)]\s*(?P<text>\S.*)$")

# An article of a decision: "Điều 1. …", "Điều 2: …".
_ARTICLE = re.compile(r"^Điều\s+(?P<num>\d{1,2})\s*[.:]\s*(?P<text>.*)$")

# Roman sections whose numbered items are tasks.
_TASK_SECTION = re.compile(
    r"NHIỆM VỤ|TỔ CHỨC THỰC HIỆN|NỘI DUNG|GIẢI PHÁP|PHÂN CÔNG|TRÁCH NHIỆM", re.I
)

# The closing paragraph after the tasks: it ends a heading item.
_CLOSING_PARAGRAPH = re.compile(
    r"^(?:Nhận được|Kính đề nghị|Đề nghị|Yêu cầu|Trên đây|Trong quá trình|Quá trình|"
    r"Mọi vướng mắc|Đây là|Kính gửi|Kính báo|Rất mong)\b"
)

# A page number left alone on a line by a PDF extraction.
_PAGE_NUMBER = re.compile(r"^(?:Trang\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?$")

# The document types a reference may name, longest first; matched in any case.
_REFERENCE_TYPES = (
    "Thông tư liên tịch",
    "Thông báo kết luận",
    "Công văn",
    "Văn bản",
    "Kế hoạch",
    "Chỉ thị",
    "Quyết định",
    "Thông báo",
    "Nghị quyết",
    "Nghị định",
    "Thông tư",
    "Công điện",
    "Hướng dẫn",
    "Tờ trình",
    "Báo cáo",
    "Chương trình",
    "Đề án",
    "Phương án",
    "Quy chế",
    "Quy định",
    "Kết luận",
    "Pháp lệnh",
    "Luật",
    "CV",
)

_REFERENCE_TYPE_ALTERNATIVES = "|".join(re.escape(t) for t in _REFERENCE_TYPES)

# A cited document: type, up to four words that are no type ("Luật An ninh mạng số …",
# "Công văn hỏa tốc số …"), "số", then NUMBER/SYMBOL; or "Công văn 1153/UBND-KGVX".
_REFERENCE = re.compile(
    r"(?<!\w)(?P<type>" + _REFERENCE_TYPE_ALTERNATIVES + r")(?!\w)"
    r"(?:(?:\s+(?!(?:" + _REFERENCE_TYPE_ALTERNATIVES + r")(?!\w))[^\s\d/,;.()]+){0,4}?"
    r"\s+số\s*:?\s*|\s+)"
    r"(?P<number>\d+)\s*/\s*(?P<symbol>" + SYMBOL + r")",
    re.I,
)

# The date printed right after a cited document: ", ngày 07/10/2025" / " ngày 6 tháng 10 năm 2025".
_REFERENCE_DATE = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?ngày\s*(?:(?P<d1>\d{1,2})\s*[/.-]\s*(?P<m1>\d{1,2})\s*[/.-]\s*"
    r"(?P<y1>\d{4})|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))",
    re.I,
)

# The issuer printed after a cited document: " của Sở Y tế tỉnh An Giang" up to "về", a comma…
_REFERENCE_ISSUER = re.compile(
    r"^\s*,?\s*của\s+(?P<issuer>.+?)(?=\s+(?:về|V/v|đến|gửi|trên|nhằm|để|tại|và|đã|với|do|"
    r"đính|kèm|theo|trong|ngày|cho)(?!\w)|\s*[,;:(]|\.(?:\s|$)|\s*$)",
    re.I,
)

# The verbs that say why a document is cited, with their `kind`; "Kèm theo" before "theo".
_REFERENCE_VERBS = (
    ("kèm theo", "kem_theo"),
    ("tiếp theo", "tiep_theo"),
    ("thực hiện", "thuc_hien"),
    ("căn cứ", "can_cu"),
    ("sao gửi", "sao_gui"),
    ("triển khai", "trien_khai"),
    ("theo", "theo"),
)

_REFERENCE_VERB = re.compile(
    r"(?<!\w)(?P<verb>" + "|".join(v for v, _ in _REFERENCE_VERBS) + r")(?!\w)", re.I
)

_VERB_KINDS = dict(_REFERENCE_VERBS)

# Where a clause ends: ";" or "." followed by a space, or the end of a line.
_CLAUSE_END = re.compile(r"[;.](?=\s|$)|\n")


def parse_addressees(cleaned: list[str], index: int) -> tuple[list[str], int]:
    """Entries under "Kính gửi" (the line at `index`) and the index of the first body line."""
    items: list[str] = []
    inline = ADDRESSEES.sub("", cleaned[index], count=1).strip()
    if inline:
        if is_bullet(inline):
            items.extend(p for p in re.split(r"(?<=[;.])\s*(?=[-–—+•]\s)", inline) if p.strip())
        else:
            # "Kính gửi: Sở Y tế; Sở Giáo dục và Đào tạo." names two addressees.
            parts = [p for p in re.split(r"(?<=;)\s+", inline) if p.strip()]
            items.extend(parts)
    position = index + 1
    while position < len(cleaned):
        line = cleaned[position]
        if not line:
            following = next((c for c in cleaned[position + 1 :] if c), "")
            if items and not is_bullet(following):
                break
            position += 1
            continue
        last = items[-1] if items else ""
        last_closed = last.rstrip().endswith((";", "."))
        if is_bullet(line):
            items.append(line)
        elif items and not last_closed and line[0].islower():
            items[-1] = f"{last} {line}"
        elif (
            (not items or last.rstrip().endswith(";"))
            and not BODY_OPENING.match(line)
            and not DISTRIBUTION.match(line)
            and len(line.split()) <= 25
        ):
            items.append(line)
        else:
            break
        position += 1
    entries = [strip_entry(collapse_spaces(item)) for item in items]
    return [entry for entry in entries if entry], position


def _paragraph_marker(text: str) -> bool:
    """True when a line opens a new paragraph by its mark (bullet, number, section, article)."""
    return bool(
        BULLET.match(text) or _NUMBERED.match(text) or _ROMAN.match(text) or _ARTICLE.match(text)
    )


def reflow(lines: list[str]) -> list[str]:
    """Join the lines of the body into paragraphs.

    A blank line or a list mark always starts a paragraph, a line opening in lower case never
    does. Text wrapped at a fixed width (a PDF) starts a paragraph after a line that is short
    for the page; text with one paragraph per line (Markdown, Word) at every other line.
    """
    lengths = sorted(len(line) for line in lines if line)
    typical = None
    if len(lengths) >= 8:
        p80 = lengths[int(len(lengths) * 0.8)]
        typical = p80 if 40 <= p80 <= 160 else None
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for line in lines:
        if _PAGE_NUMBER.match(line):
            continue  # a page number between two halves of a paragraph
        if not line:
            flush()
            continue
        if current:
            previous = current[-1]
            starts_new = True
            if _paragraph_marker(line):
                starts_new = True
            elif line[0].islower():
                starts_new = False
            elif typical is not None:
                short = len(previous) < 0.6 * typical
                ended = previous.endswith(tuple(_TERMINAL + ":")) and len(previous) < 0.85 * typical
                starts_new = short or ended
            if starts_new:
                flush()
        current.append(line)
    flush()
    return [collapse_spaces(p) for p in paragraphs]


def _clean_directive(text: str) -> str:
    """Single spaces and a final "./." made ".": the text of one directive."""
    text = collapse_spaces(text)
    text = re.sub(r"\./\.\W*$", ".", text)
    return text


@dataclass(frozen=True)
class DirectiveItem:
    """One numbered task: its printed label ("1.", "Điều 2."), the heading a headed item opens
    with (the unit it is given to, else ""), and its paragraphs as printed (bullet marks kept)."""

    label: str
    heading: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The paragraphs, one a line."""
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class BodyParts:
    """The body cut where a reader sees it cut: the paragraphs before the numbered tasks, the
    tasks, and the paragraphs after them ("Nhận được Công văn này…")."""

    body: tuple[str, ...] = ()
    directives: tuple[DirectiveItem, ...] = ()
    closing: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready form (lists for tuples)."""
        return {
            "body": list(self.body),
            "directives": [
                {"label": d.label, "heading": d.heading, "paragraphs": list(d.paragraphs)}
                for d in self.directives
            ],
            "closing": list(self.closing),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "BodyParts":
        """Back from `to_dict()`."""
        return cls(
            body=tuple(data["body"]),
            directives=tuple(
                DirectiveItem(d["label"], d["heading"], tuple(d["paragraphs"]))
                for d in data["directives"]
            ),
            closing=tuple(data["closing"]),
        )


@dataclass
class _Item:
    """A numbered item as found: where it starts and ends among the body paragraphs."""

    label: str
    head: str
    parts: list[tuple[bool, str]]  # (is a bullet point, paragraph as printed)
    is_heading: bool
    start: int
    end: int

    @property
    def heading(self) -> str:
        """The head when it names who the item is for rather than saying what to do."""
        if self.is_heading and self.head and not self.head.endswith(":") and self.parts:
            return self.head
        return ""

    def as_text(self) -> str:
        """The one-string form of `directives_of` (see `advisories.parsing.text`)."""
        parts = [BULLET.sub("", text, count=1) if bullet else text for bullet, text in self.parts]
        if not parts:
            text = self.head
        elif self.heading:
            text = f"{self.head}: {' '.join(parts)}"
        else:
            text = " ".join([self.head, *parts]) if self.head else " ".join(parts)
        return _clean_directive(text)

    def as_item(self, extra: list[str]) -> DirectiveItem:
        """The structured form, with `extra` paragraphs that stood after it outside any item."""
        paragraphs = [text for _bullet, text in self.parts] + extra
        if not self.heading and self.head:
            paragraphs.insert(0, self.head)
        return DirectiveItem(
            label=self.label,
            heading=self.heading,
            paragraphs=tuple(_clean_directive(p) for p in paragraphs if p.strip()),
        )


def _sections(paragraphs: list[str]) -> list[tuple[str | None, int, list[str]]]:
    """The paragraphs cut at upper-case Roman headings: (heading, index of first, paragraphs)."""
    sections: list[tuple[str | None, int, list[str]]] = [(None, 0, [])]
    for index, paragraph in enumerate(paragraphs):
        roman = _ROMAN.match(paragraph)
        if roman and is_upper_line(roman.group("text")):
            sections.append((roman.group("text"), index + 1, []))
        else:
            sections[-1][2].append(paragraph)
    return sections


def _find_items(paragraphs: list[str]) -> list[_Item]:
    """Every numbered task among the body paragraphs, positions counted in `paragraphs`."""
    sections = _sections(paragraphs)
    task_sections = [s for s in sections if s[0] and _TASK_SECTION.search(s[0])]
    chosen = task_sections or sections
    items: list[_Item] = []
    for _heading, offset, section in chosen:
        items.extend(_items_of(section, _NUMBERED, offset))
    if not items:
        for _heading, offset, section in sections:
            items.extend(_items_of(section, _ARTICLE, offset))
    return items


def directives_of(paragraphs: list[str]) -> list[str]:
    """The numbered tasks among body paragraphs (the form is in `advisories.parsing.text`)."""
    return [item.as_text() for item in _find_items(paragraphs)]


def body_parts_of(paragraphs: list[str]) -> BodyParts:
    """The body paragraphs split into opening, numbered tasks and closing.

    Without numbered tasks the closing starts at the first closing paragraph ("Nhận được…",
    "Kính đề nghị…"). A paragraph between two tasks that belongs to neither stays with the
    task before it, so that no printed text is lost.
    """
    items = _find_items(paragraphs)
    if not items:
        cut = next(
            (i for i, p in enumerate(paragraphs) if i and _CLOSING_PARAGRAPH.match(p)),
            len(paragraphs),
        )
        return BodyParts(
            body=tuple(paragraphs[:cut]), closing=tuple(_clean_closing(p) for p in paragraphs[cut:])
        )
    directives = []
    for item, following in zip(items, [*items[1:], None], strict=True):
        between = paragraphs[item.end : following.start] if following else []
        directives.append(item.as_item(between))
    return BodyParts(
        body=tuple(paragraphs[: items[0].start]),
        directives=tuple(directives),
        closing=tuple(_clean_closing(p) for p in paragraphs[items[-1].end :]),
    )


def _clean_closing(text: str) -> str:
    """A closing paragraph with extraction debris after its final "./." removed."""
    return re.sub(r"(\./\.)[\W_]+$", r"\1", text)


def _items_of(paragraphs: list[str], marker: re.Pattern, offset: int = 0) -> list[_Item]:
    """Items opened by `marker` ("1." or "Điều 1.") in one run of paragraphs; positions are
    counted from `offset`."""
    items: list[_Item] = []
    previous_number = 0
    index = 0

    def opens_item(text: str, after: int) -> bool:
        match = marker.match(text)
        return bool(match) and int(match.group("num")) in {after + 1, 1}

    while index < len(paragraphs):
        match = marker.match(paragraphs[index])
        if not match or not opens_item(paragraphs[index], previous_number):
            index += 1
            continue
        start = index
        previous_number = int(match.group("num"))
        label = paragraphs[index][: match.start("text")].strip()
        head = match.group("text").strip()
        parts: list[tuple[bool, str]] = []
        index += 1
        is_heading = not head or not head.endswith(tuple(_TERMINAL)) or head.endswith(":")
        while index < len(paragraphs):
            paragraph = paragraphs[index]
            if opens_item(paragraph, previous_number) or _CLOSING_PARAGRAPH.match(paragraph):
                break
            bullet = bool(BULLET.match(paragraph)) and not marker.match(paragraph)
            if not is_heading and not bullet:
                break
            parts.append((bullet, paragraph))
            index += 1
        items.append(_Item(label, head, parts, is_heading, start + offset, index + offset))
    return items


def _reference_kind(text: str, position: int) -> str | None:
    """The verb of the clause that holds `position` ("Căn cứ" → "can_cu"), None without one."""
    clause_start = 0
    for match in _CLAUSE_END.finditer(text, 0, position):
        clause_start = match.end()
    verbs = list(_REFERENCE_VERB.finditer(text, clause_start, position))
    if not verbs:
        return None
    return _VERB_KINDS[verbs[-1].group("verb").lower()]


def _canonical_type(text: str) -> str:
    """A cited type as the module spells it: 'CÔNG VĂN' → 'Công văn', 'CV' → 'Công văn'."""
    if text.upper() == "CV":
        return "Công văn"
    for doc_type in _REFERENCE_TYPES:
        if doc_type.lower() == text.lower():
            return doc_type
    return text.capitalize()


def references_of(paragraphs: list[str], own: tuple[str | None, str | None]) -> list[Reference]:
    """Cited documents, each once (by number and symbol), in order of first appearance."""
    references: list[Reference] = []
    seen: set[tuple[str, str]] = {(own[0] or "", (own[1] or "").upper())} if own[1] else set()
    for paragraph in paragraphs:
        for match in _REFERENCE.finditer(paragraph):
            number = match.group("number")
            symbol = clean_symbol(match.group("symbol"))
            key = (number, symbol.upper())
            if key in seen:
                continue
            seen.add(key)
            rest = paragraph[match.end() :]
            date = None
            date_match = _REFERENCE_DATE.match(rest)
            if date_match:
                rest = rest[date_match.end() :]
                date = _reference_date(date_match)
            issuer_match = _REFERENCE_ISSUER.match(rest)
            issuer = None
            if issuer_match and len(issuer_match.group("issuer").split()) <= 12:
                issuer = issuer_match.group("issuer").strip()
                if date is None:
                    date_match = _REFERENCE_DATE.match(rest[issuer_match.end() :])
                    date = _reference_date(date_match) if date_match else None
            references.append(
                Reference(
                    doc_type=_canonical_type(match.group("type")),
                    number=number,
                    symbol=symbol,
                    date=date,
                    kind=_reference_kind(paragraph, match.start()),
                    issuer=issuer,
                )
            )
    return references


def _reference_date(match: re.Match) -> datetime.date | None:
    """The date of a `_REFERENCE_DATE` match, None when it is no calendar date."""
    day = match.group("d1") or match.group("d2")
    month = match.group("m1") or match.group("m2")
    year = match.group("y1") or match.group("y2")
    return DateParts(int(day), int(month), int(year)).to_date()
