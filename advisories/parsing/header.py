"""The header of a document: issuer block, number and symbol, place and date, title, subject.

Header lines are cut at the marks they hold ("CỘNG HÒA…", "Số:", "V/v", the date) so that a
header flattened into one line, or two columns printed on the same lines, reads like one mark
per line; each piece is then classified and the fields are read from the pieces.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from .issuer import parse_issuer_block
from .normalize import collapse_spaces, is_upper_line
from .patterns import (
    ADDRESSEES,
    AUTHORITY,
    BODY_OPENING,
    DATE_END,
    DISTRIBUTION,
    MOTTO,
    NATIONAL_NAME,
    NATIONAL_NAME_FIRST_LINE,
    NUMBER_LINE,
    PARTY_NAME,
    SIGNATURE_WORDS,
    SUBJECT_PREFIX,
    anchor_kinds,
    clean_symbol,
)
from .result import DateParts

_NATIONAL_NAME_WRAPPED = re.compile(NATIONAL_NAME_FIRST_LINE.pattern + r"|VIỆT\s*NAM")

# The place and date line: "Kiên Hải, ngày 08 tháng 10 năm 2025"; the day or the month may be
# blank ("ngày tháng 3 năm 2024", "ngày … tháng … năm 2024"), and all three in a document
# signed electronically, whose signature fills them in ("Hà Nội, ngày tháng năm": nothing may
# follow then). `prefix` holds what precedes. Unaccented "ngay … thang … nam" is accepted too.
_PLACE_DATE = re.compile(
    r"(?P<prefix>.*?)[,\s]*\bng[àa]y\b[\s.…_-]*(?P<day>\d{1,2})?[\s.…_-]*\bth[áa]ng\b"
    r"[\s.…_-]*(?P<month>\d{1,2})?[\s.…_-]*\bn[ăa]m\b[\s.…_-]*(?:(?P<year>\d{4})|[\s.…_-]*$)",
    re.I,
)

# The same with a numeric date: "An Giang, ngày 08/10/2025".
_PLACE_NUMERIC_DATE = re.compile(
    r"(?P<prefix>.*?)[,\s]*\bng[àa]y\b\s*(?P<day>\d{1,2})\s*[/.-]\s*(?P<month>\d{1,2})\s*[/.-]\s*"
    r"(?P<year>\d{4})",
    re.I,
)

# The same, found inside a flattened line (the text before it is cut off).
_SUBJECT_PREFIX_INSIDE = re.compile(r"(?<!\w)(?:V/[vV]|v/v)(?!\w)")

# The subject prefix "V/v" alone (a titled document keeps a leading "Về việc" as printed).
_VV_PREFIX = re.compile(r"^(?:[Vv]\s*/\s*[vV]|V\.v)\b\s*[:.]?\s*")

# Lines of urgency or copy status that sit in the header but name no body.
_HEADER_STAMP = re.compile(
    r"^(?:THƯỢNG KHẨN|KHẨN|HỎA TỐC|HOẢ TỐC|HẸN GIỜ|MẬT|TỐI MẬT|TUYỆT MẬT|DỰ THẢO|BẢN SAO|"
    r"SAO Y BẢN CHÍNH|SAO Y)\W*$"
)

# A line made only of rule characters ("________", "-----", "***", "===").
_RULE = re.compile(r"^[\s_\-–—=.…~*]{3,}$")

# Runs of rule characters inside a header line: "SỞ Y TẾ ______".
_RULE_INSIDE = re.compile(r"[_=~]{3,}|[-–—]{4,}|\.{4,}|…{2,}")

# The type titles of Decree 30 (upper case, as printed above the subject), longest first.
_TITLES = (
    "THÔNG BÁO KẾT LUẬN",
    "THÔNG CÁO BÁO CHÍ",
    "GIẤY GIỚI THIỆU",
    "GIẤY ỦY QUYỀN",
    "GIẤY UỶ QUYỀN",
    "THƯ KÊU GỌI",
    "LỜI KÊU GỌI",
    "BẢN GHI NHỚ",
    "BẢN CAM KẾT",
    "CHƯƠNG TRÌNH",
    "NGHỊ QUYẾT",
    "QUYẾT ĐỊNH",
    "THÔNG BÁO",
    "THÔNG CÁO",
    "CÔNG ĐIỆN",
    "HƯỚNG DẪN",
    "NGHỊ ĐỊNH",
    "PHƯƠNG ÁN",
    "THÔNG TƯ",
    "KẾ HOẠCH",
    "CHỈ THỊ",
    "BÁO CÁO",
    "TỜ TRÌNH",
    "CÔNG VĂN",
    "QUY CHẾ",
    "QUY ĐỊNH",
    "GIẤY MỜI",
    "BIÊN BẢN",
    "THƯ NGỎ",
    "HỢP ĐỒNG",
    "PHIẾU GỬI",
    "PHIẾU CHUYỂN",
    "ĐỀ ÁN",
    "DỰ ÁN",
)

# A type title at the start of a line, alone or followed by the subject (flattened text).
_TITLE_LINE = re.compile(r"^(?P<title>" + "|".join(_TITLES) + r")(?!\w)\s*[:.]?\s*(?P<rest>.*)$")

# A type title anywhere in a line, for cutting a flattened header before it.
_TITLE_INSIDE = re.compile(r"(?<!\w)(?:" + "|".join(_TITLES) + r")(?!\w)")

# Type codes that open the symbol of a non-công-văn document: "12/KH-UBND" is a Kế hoạch.
_SYMBOL_TYPE_CODES = {
    "KH": "Kế hoạch",
    "CT": "Chỉ thị",
    "TB": "Thông báo",
    "QĐ": "Quyết định",
    "BC": "Báo cáo",
    "HD": "Hướng dẫn",
    "TTR": "Tờ trình",
    "CĐ": "Công điện",
    "NQ": "Nghị quyết",
    "CTR": "Chương trình",
    "GM": "Giấy mời",
    "BB": "Biên bản",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "QC": "Quy chế",
    "TC": "Thông cáo",
}

# Upper-case lines under a subject that are the enacting authority of a decision, not subject.
_ENACTING_AUTHORITY = re.compile(
    r"^(?:CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỦ TƯỚNG|CỤC TRƯỞNG|TRƯỞNG BAN|ỦY BAN NHÂN DÂN|UBND)\b"
)

_MAX_HEADER_LINES = 40
# "Kính gửi" is looked for in this many first lines only.
_ADDRESSEES_DEPTH = 80

_MAX_SUBJECT_LINES = 5

_QUOTES = "\"'“”‘’«»"


@dataclass
class _Piece:
    """A part of a header line after cutting flattened lines at the header's markers."""

    line: int  # index of the source line
    text: str
    # blank, national, motto, number, date, bare_date, subject, title, stamp, rule or other
    kind: str = "other"


# The date of a place-and-date line without what precedes it: "ngày 07 tháng 10 năm 2025".
_DATE_ONLY = re.compile(
    r"\bng[àa]y\b[\s.…_-]*\d{0,2}[\s.…_-]*\bth[áa]ng\b[\s.…_-]*\d{0,2}[\s.…_-]*\bn[ăa]m\b"
    r"|\bng[àa]y\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}",
    re.I,
)

# Two-word lower-case heads of a place name: "Thành phố Hồ Chí Minh", "Đặc khu Kiên Hải".
_PLACE_LEADS = frozenset({"Thành phố", "Thị xã", "Thị trấn", "Đặc khu"})


def _explode(text: str) -> list[str]:
    """Cut a header line before/after each marker it holds (national name, Số, date, V/v…)."""
    cuts: set[int] = set()
    for pattern in (NATIONAL_NAME, NATIONAL_NAME_FIRST_LINE, MOTTO, PARTY_NAME):
        for match in pattern.finditer(text):
            cuts.update((match.start(), match.end()))
    number = NUMBER_LINE.search(text)
    if number:
        cuts.update((number.start(), number.end()))
    for match in _SUBJECT_PREFIX_INSIDE.finditer(text):
        cuts.add(match.start())
    title = _TITLE_INSIDE.search(text)
    if title and title.start() and not is_upper_line(text[: title.start()]):
        # A flattened "… năm 2025 KẾ HOẠCH Tuyên truyền…": the title follows a mixed-case part.
        cuts.add(title.start())
    for match in DATE_END.finditer(text):
        cuts.add(match.end())
    place = _place_start(text)
    if place is not None:
        cuts.add(place)
    addressees = ADDRESSEES.search(text)
    if addressees:
        cuts.add(addressees.start())
    bounds = sorted({0, len(text), *cuts})
    parts = [text[a:b].strip(" ,;-–—") for a, b in itertools.pairwise(bounds)]
    return [part for part in parts if part]


def _is_name_word(word: str) -> bool:
    """A capitalised word of a place name ("Giang"), or an abbreviation such as "TP."."""
    if re.fullmatch(r"(?:TP|TX|TT|Q|H)\.", word):
        return True
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower()) and word.isalpha()


def _place_start(text: str) -> int | None:
    """Where the place of a date merged after other header text starts, or None.

    Two-column extractions print "V/v tuyên truyền … An Giang, ngày 07 tháng 10 năm 2025" on
    one line: the place is the run of capitalised words before "ngày", and the line is cut
    there when what comes before is a subject, a number, an upper-case name or a long text.
    """
    date = _DATE_ONLY.search(text)
    if not date:
        return None
    before = text[: date.start()].rstrip(" ,")
    words = list(re.finditer(r"\S+", before))
    run = 0
    while run < min(4, len(words)) and _is_name_word(words[len(words) - 1 - run].group()):
        run += 1
    if not run or run == len(words):
        return None
    lead = " ".join(w.group() for w in words[max(0, len(words) - run - 2) : len(words) - run])
    if lead in _PLACE_LEADS and run + 2 < len(words):
        run += 2
    start = words[len(words) - run].start()
    head = before[:start].strip()
    if (
        is_upper_line(head)
        or SUBJECT_PREFIX.match(head)
        or NUMBER_LINE.search(head)
        or len(head.split()) >= 4
    ):
        return start
    return None


def _classify(piece: _Piece) -> None:
    """Set `piece.kind` from its text."""
    text = piece.text
    if (
        NATIONAL_NAME.fullmatch(text)
        or PARTY_NAME.fullmatch(text)
        or _NATIONAL_NAME_WRAPPED.fullmatch(text)
    ):
        piece.kind = "national"
    elif MOTTO.fullmatch(text):
        piece.kind = "motto"
    elif NUMBER_LINE.match(text):
        piece.kind = "number"
    elif SUBJECT_PREFIX.match(text):
        piece.kind = "subject"
    elif _TITLE_LINE.match(text):
        piece.kind = "title"
    elif _HEADER_STAMP.match(text):
        piece.kind = "stamp"
    elif _RULE.match(text):
        piece.kind = "rule"
    elif _date_match(text):
        # A date without a place ("ngày 12 tháng 3 năm 2025 của …") is more likely a wrapped
        # subject line than the date of the document.
        piece.kind = "date" if _date_match(text).group("prefix").strip(" ,") else "bare_date"


def _date_match(text: str) -> re.Match | None:
    """The place-and-date match of a header piece, when the piece is a place-and-date line."""
    for pattern in (_PLACE_DATE, _PLACE_NUMERIC_DATE):
        match = pattern.match(text)
        if not match:
            continue
        prefix = match.group("prefix")
        if BODY_OPENING.match(prefix) or len(_place_from_prefix(prefix).split()) > 6:
            continue
        return match
    return None


def _place_from_prefix(prefix: str) -> str:
    """The place name at the end of the text before "ngày", upper-case header words dropped."""
    words = prefix.strip(" ,").split()
    place: list[str] = []
    for word in reversed(words):
        upper_word = is_upper_line(word) and not re.fullmatch(r"(?:TP|TX|TT|Q|H)\.", word)
        if upper_word and place:
            break
        place.insert(0, word)
    # A place printed in upper case ("AN GIANG, ngày …") is kept whole.
    if place and all(is_upper_line(w) for w in place) and len(place) < len(words):
        return " ".join(words)
    return " ".join(place).strip(" ,")


def _date_parts(match: re.Match) -> DateParts:
    """Day, month and year from a date match; an out-of-range day or month becomes None."""
    day = int(match.group("day")) if match.group("day") else None
    month = int(match.group("month")) if match.group("month") else None
    year = int(match.group("year")) if match.group("year") else None
    if day is not None and not 1 <= day <= 31:
        day = None
    if month is not None and not 1 <= month <= 12:
        month = None
    return DateParts(day=day, month=month, year=year)


def find_addressee_line(cleaned: list[str]) -> int | None:
    """Index of the "Kính gửi" line in the first part of the document, None without one."""
    for index, line in enumerate(cleaned[:_ADDRESSEES_DEPTH]):
        if DISTRIBUTION.match(line):
            return None
        if ADDRESSEES.match(line):
            return index
    return None


def header_limit(cleaned: list[str], addressee_line: int | None) -> tuple[int, bool]:
    """Where the header ends: the "Kính gửi" line, the first body line, or a fixed depth.

    The flag tells whether a real boundary (addressees or a body line) was found.
    """
    if addressee_line is not None:
        return addressee_line, True
    after_title = False
    for index, line in enumerate(cleaned[:_MAX_HEADER_LINES]):
        if not line:
            continue
        if _TITLE_LINE.match(line) and not _TITLE_LINE.match(line).group("rest"):
            after_title = True
            continue
        has_marker = bool(anchor_kinds(line) or MOTTO.search(line) or _date_match(line))
        if index and not after_title and not has_marker:
            if BODY_OPENING.match(line) or len(line.split()) > 35:
                return index, True
            if DISTRIBUTION.match(line) or AUTHORITY.match(line):
                return index, True
        after_title = False
    return min(len(cleaned), _MAX_HEADER_LINES), False


def _subject_continues(text: str, first: str) -> bool:
    """Whether a header piece after the subject's first line still belongs to the subject."""
    if BODY_OPENING.match(text) or _ENACTING_AUTHORITY.match(text) or ADDRESSEES.match(text):
        return False
    if len(text.split()) > 30:
        return False
    # A mixed-case subject does not go on into an upper-case line, nor an upper-case subject
    # (under a title) into the mixed-case first line of the body.
    return is_upper_line(text) == is_upper_line(first)


def _is_wrapped_continuation(text: str) -> bool:
    """A subject line cut off by a column of the header: starts lower case or with a quote."""
    return bool(text) and (text[0].islower() or text[0] in _QUOTES) and len(text.split()) <= 15


@dataclass
class Header:
    """What the header yields, and where the body may start."""

    parent: str | None = None
    issuer: str | None = None
    title: str | None = None
    subject: str | None = None
    subject_has_prefix: bool = False
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    date_parts: DateParts = field(default_factory=DateParts)
    last_line: int = -1  # last source line used by a header field


_SUBJECT_BREAKERS = frozenset({"national", "motto", "date", "number", "stamp", "rule"})


def _collect_subject(pieces: list[_Piece], start: int, first: str) -> tuple[list[str], list[int]]:
    """Subject lines from the pieces after pieces[start], and the indexes of the pieces used.

    The subject goes on until a blank line, another header part, a body line or a change from
    mixed to upper case. Two-column extractions put the date or the motto between two subject
    lines: a lower-case line right after such parts still continues the subject.
    """
    lines = [first] if first else []
    used = [start]
    index = start + 1
    while index < len(pieces) and len(lines) < _MAX_SUBJECT_LINES:
        piece = pieces[index]
        if piece.kind == "blank":
            if lines:
                break
            index += 1
            continue
        if not lines and piece.kind in {"other", "subject"} and len(piece.text.split()) <= 40:
            # The first line under a title (or under a bare "V/v") is the subject whatever it
            # opens with: "Thực hiện Đề án 06…" is a plan's subject, not its body.
            lines.append(SUBJECT_PREFIX.sub("", piece.text, count=1))
            used.append(index)
        elif (
            lines
            and piece.kind in {"other", "bare_date"}
            and (_subject_continues(piece.text, lines[0]))
        ):
            lines.append(piece.text)
            used.append(index)
        elif lines and piece.kind in _SUBJECT_BREAKERS:
            following = index + 1
            while following < len(pieces) and pieces[following].kind in _SUBJECT_BREAKERS:
                following += 1
            if not (
                following < len(pieces)
                and pieces[following].kind == "other"
                and _is_wrapped_continuation(pieces[following].text)
            ):
                break
            lines.append(pieces[following].text)
            used.append(following)
            index = following
        else:
            break
        index += 1
    return lines, used


_VOWEL_LETTERS = frozenset("AĂÂEÊIOÔƠUƯY")


# Consonant pairs that end a Vietnamese syllable; any other pair ends an abbreviation ("OTP").
_SYLLABLE_ENDS = frozenset({"CH", "NG", "NH"})


def _keeps_capitals(word: str) -> bool:
    """An abbreviation keeps its capitals in a subject: "UBND", "OTP", "SMS", "SYT-CNTTTT"."""
    letters = "".join(unicodedata.normalize("NFD", c)[0] for c in word if c.isalpha())
    if not letters or any(c.isdigit() for c in word) or "-" in word:
        return bool(letters)
    if not set(letters) & _VOWEL_LETTERS:
        return True
    tail = letters[-2:]
    return len(letters) > 2 and not set(tail) & _VOWEL_LETTERS and tail not in _SYLLABLE_ENDS


def sentence_case(subject: str) -> str:
    """A subject printed all in capitals ("VỀ TUYÊN TRUYỀN PHÒNG CHỐNG…") in sentence case, as
    the portal shows subjects; abbreviations keep their capitals. Other subjects as printed."""
    if not is_upper_line(subject):
        return subject
    words = [w if _keeps_capitals(w) else w.lower() for w in subject.split(" ")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def parse_header(cleaned: list[str], limit: int) -> Header:
    """Read issuer, number, date, title and subject from the header lines."""
    header = Header()
    pieces: list[_Piece] = []
    national_wrapped = False
    for index, line in enumerate(cleaned[:limit]):
        if not line:
            pieces.append(_Piece(index, "", "blank"))
            continue
        line = _RULE_INSIDE.sub(" ", line)
        if "|" in line:
            # A table row flattened out of a web page: "UBND TỈNH X | CỘNG HÒA…" (cells apart).
            line = "  ".join(cell.strip() for cell in line.split("|") if cell.strip())
        if national_wrapped and line.endswith("VIỆT NAM"):
            # The rest of a national name wrapped in the right column, after the left one.
            pieces.append(_Piece(index, "VIỆT NAM", "national"))
            line = line[: -len("VIỆT NAM")].strip()
        wrapped = _NATIONAL_NAME_WRAPPED.search(line)
        national_wrapped = bool(wrapped) and not NATIONAL_NAME.search(line)
        for part in _explode(line):
            piece = _Piece(index, collapse_spaces(part))
            if piece.text:
                _classify(piece)
                pieces.append(piece)

    subject_start = next(
        (i for i, piece in enumerate(pieces) if piece.kind in {"subject", "title"}), None
    )
    used: set[int] = set()
    if subject_start is not None:
        start_piece = pieces[subject_start]
        if start_piece.kind == "title":
            match = _TITLE_LINE.match(start_piece.text)
            header.title = match.group("title")
            first = SUBJECT_PREFIX.sub("", match.group("rest"), count=1)
        else:
            first = SUBJECT_PREFIX.sub("", start_piece.text, count=1)
            header.subject_has_prefix = True
        lines, subject_pieces = _collect_subject(pieces, subject_start, first)
        header.subject = sentence_case(collapse_spaces(" ".join(lines))) or None
        used.update(subject_pieces)
        header.last_line = max(header.last_line, *(pieces[i].line for i in subject_pieces))

    number = next((i for i, p in enumerate(pieces) if p.kind == "number"), None)
    if number is not None:
        match = NUMBER_LINE.match(pieces[number].text)
        header.number = match.group("number")
        header.symbol = clean_symbol(match.group("symbol"))
        header.last_line = max(header.last_line, pieces[number].line)
    # The date of the document has a place; a bare date is taken only when none has one.
    dated = [i for i, p in enumerate(pieces) if p.kind == "date" and i not in used]
    dated = dated or [i for i, p in enumerate(pieces) if p.kind == "bare_date" and i not in used]
    if dated:
        match = _date_match(pieces[dated[0]].text)
        header.place = _place_from_prefix(match.group("prefix")) or None
        header.date_parts = _date_parts(match)
        header.last_line = max(header.last_line, pieces[dated[0]].line)

    # The issuer lines: upper-case pieces before the subject that are no other header part.
    end = subject_start if subject_start is not None else len(pieces)
    issuer_lines = [
        piece.text
        for position, piece in enumerate(pieces[:end])
        if piece.kind == "other"
        and position not in used
        and is_upper_line(piece.text)
        and not SIGNATURE_WORDS.match(piece.text)
    ]
    block = parse_issuer_block(issuer_lines)
    header.parent, header.issuer = block.parent, block.issuer
    return header


def doc_type_of(header: Header) -> str | None:
    """The document type from its title, its "V/v" subject or the type code of its symbol."""
    if header.title:
        return header.title.capitalize()
    if header.subject_has_prefix:
        return "Công văn"
    if header.symbol:
        for part in re.split(r"[-/]", header.symbol):
            if part.isdigit():
                continue
            code = _SYMBOL_TYPE_CODES.get(part.upper())
            if code:
                return code
            break
        return "Công văn"
    return None


def separate_addressee_line(cleaned: list[str]) -> list[str]:
    """Lines with a "Kính gửi" flattened into a header line moved to a line of its own."""
    separated: list[str] = []
    for index, line in enumerate(cleaned):
        found = ADDRESSEES.search(line) if index < _ADDRESSEES_DEPTH else None
        before = line[: found.start()].strip() if found else ""
        header_part = before and (
            is_upper_line(before)
            or DATE_END.search(before)
            or NUMBER_LINE.search(before)
            or MOTTO.search(before)
            or SUBJECT_PREFIX.match(before)
        )
        if found and header_part:
            separated.extend([before, line[found.start() :]])
        else:
            separated.append(line)
    return separated
