"""The closing part of a document: the "Nơi nhận" list and the signature block."""

import re
from dataclasses import dataclass, field

from .normalize import collapse_spaces, is_upper_line
from .patterns import AUTHORITY, BULLET, DISTRIBUTION, SIGNATURE_WORDS, is_bullet, strip_entry

# Stamps and e-signature lines that sit among the signature lines and are none of its parts.
_SIGNATURE_NOISE = re.compile(
    r"^\(?(?:đã ký|ký|ký tên|ký, đóng dấu|ký và đóng dấu|chữ ký số)\b.*\)?$"
    r"|^(?:Ký bởi|Thời gian ký|Cơ quan|Email|Người ký)\s*:",
    re.I,
)

# Honorifics and ranks that may precede a signer's name: "Đại tá Nguyễn Văn A", "ThS. Lê B".
_NAME_PREFIX = re.compile(
    r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tá|úy|uý|tướng)|Tiến sĩ|Thạc sĩ|Bác sĩ|Dược sĩ|"
    r"Kỹ sư|Luật sư|(?:[A-ZĐ][A-Za-zĐđ]{0,5}\.){1,3})\s*"
)

# Common family names, to tell an upper-case name line from an upper-case title.
_SURNAMES = frozenset(
    [
        "NGUYỄN",
        "TRẦN",
        "LÊ",
        "PHẠM",
        "HOÀNG",
        "HUỲNH",
        "PHAN",
        "VŨ",
        "VÕ",
        "ĐẶNG",
        "BÙI",
        "ĐỖ",
        "HỒ",
        "NGÔ",
        "DƯƠNG",
        "LÝ",
        "ĐOÀN",
        "ĐINH",
        "TRƯƠNG",
        "LƯƠNG",
        "MAI",
        "TRỊNH",
        "LÂM",
        "HÀ",
        "TÔ",
        "CAO",
        "CHÂU",
        "TẠ",
        "QUÁCH",
        "LƯU",
        "VƯƠNG",
        "THÁI",
        "KIỀU",
        "PHÙNG",
        "TĂNG",
        "TRIỆU",
        "KHỔNG",
        "DIỆP",
        "LỤC",
        "TỐNG",
        "HỨA",
        "NÔNG",
        "HẦU",
        "THÂN",
        "TÔN",
        "LA",
        "ÂU",
        "KHƯU",
        "KIM",
        "QUAN",
    ]
)

# Words no signer's name starts with, although they are capitalised like one.
_NOT_NAME_START = frozenset(
    {"Như", "Lưu", "Nơi", "Kính", "Sở", "Bộ", "Phòng", "Ban", "Trung", "Công", "Ủy", "Văn"}
)

_TITLE_SPLIT = re.compile(r"\s(?=(?:PHÓ|CHÁNH|KT\.|TL\.|TM\.|TUQ\.)\s)")


def _is_name(text: str) -> bool:
    """True when a line reads as a person's name: 'Lê Trung Hồi', 'Đại tá Nguyễn Văn A'."""
    text = _NAME_PREFIX.sub("", text, count=1) if not is_upper_line(text) else text
    words = text.split()
    if not 2 <= len(words) <= 6 or words[0] in _NOT_NAME_START:
        return False
    # Letters only, an apostrophe allowed inside ("H'Hen Niê").
    letters = [word.replace("'", "").replace("’", "") for word in words]
    if not all(word.isalpha() for word in letters):
        return False
    if is_upper_line(text):
        return words[0] in _SURNAMES and not SIGNATURE_WORDS.match(text)
    # Each word capitalised: "Lê Trung Hồi", also one-letter words ("Y Bhin Niê").
    return all(word[0].isupper() and (len(word) == 1 or word[1:].islower()) for word in letters)


def _split_titles(text: str) -> list[str]:
    """Cut upper-case signature words before each new title: 'KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC'.

    A part of one word ("KT.", "PHÓ") is never cut off: "PHÓ CHÁNH VĂN PHÒNG" stays whole.
    """
    parts: list[str] = []
    start = 0
    for match in _TITLE_SPLIT.finditer(text):
        if len(text[start : match.start()].split()) >= 2:
            parts.append(text[start : match.start()].strip())
            start = match.end()
    parts.append(text[start:].strip())
    return parts


def _split_signature_line(line: str) -> list[str]:
    """Cut a flattened signature line: 'KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Đoàn Thanh Hùng' → three."""
    words = line.split()
    # A name written after the upper-case words.
    tail = len(words)
    while tail > 0 and words[tail - 1][:1].isupper() and words[tail - 1][1:].islower():
        tail -= 1
    parts: list[str] = []
    head = " ".join(words[:tail])
    if tail < len(words) and tail > 0 and is_upper_line(head):
        name = " ".join(words[tail:])
        parts.extend(_split_titles(head))
        parts.append(name)
        return parts
    if is_upper_line(line):
        return _split_titles(line)
    return [line]


def _looks_like_signature(text: str) -> bool:
    """True for an authority, an upper-case title of two words or more, or a person's name."""
    authority = AUTHORITY.match(text)
    if authority and is_upper_line(authority.group("rest")):
        return True
    if is_upper_line(text) and len(text.split()) >= 2 and not text.endswith((";", ".", ",")):
        return True
    return _is_name(text) or _split_signature_line(text) != [text]


@dataclass
class Closing:
    """The "Nơi nhận" entries and the three parts of the signature."""

    distribution: list[str] = field(default_factory=list)
    signing_authority: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None


def parse_closing(lines: list[str]) -> Closing:
    """Distribution entries and signature from the lines after the body."""
    closing = Closing()
    items: list[str] = []
    signature: list[str] = []
    in_distribution = False
    for line in lines:
        if not line:
            continue
        marker = DISTRIBUTION.match(line)
        if marker:
            in_distribution = True
            line = line[marker.end() :].strip()
            if not line:
                continue
        if is_bullet(line):
            in_distribution = True
            entry, extra = line, ""
            split = re.match(r"^(?P<entry>.+?[;.])\s+(?P<extra>\S.*)$", line)
            if split:
                extra_text = split.group("extra")
                if _looks_like_signature(extra_text):
                    entry, extra = split.group("entry"), extra_text
            items.append(entry)
            if extra:
                signature.extend(_split_signature_line(extra))
            continue
        previous = items[-1] if items else ""
        if (
            in_distribution
            and items
            and line[0].islower()
            and not previous.rstrip().endswith((";", "."))
        ):
            items[-1] = f"{previous} {line}"
            continue
        if _SIGNATURE_NOISE.match(line):
            continue
        if (
            in_distribution
            and not _looks_like_signature(line)
            and (line.endswith((";", ".")) or line.startswith("Lưu"))
        ):
            # An entry printed without its dash.
            items.append(line)
            continue
        signature.extend(_split_signature_line(line))
    closing.distribution = [e for e in (strip_entry(collapse_spaces(i)) for i in items) if e]

    authorities: list[str] = []
    last_authority = -1
    for index, line in enumerate(signature):
        match = AUTHORITY.match(line)
        if match and is_upper_line(match.group("rest")):
            mark = match.group("mark").replace("/", "")
            authorities.append(f"{mark}. {match.group('rest').strip()}")
            last_authority = index
    if authorities:
        closing.signing_authority = " ".join(authorities)
    for line in signature[last_authority + 1 :]:
        if AUTHORITY.match(line) or _is_name(line):
            continue
        if is_upper_line(line) and len(line.split()) <= 10 and not BULLET.match(line):
            closing.signer_title = line
            break
    names = [line for line in signature[last_authority + 1 :] if _is_name(line)]
    if names:
        closing.signer_name = names[-1]
    return closing


def closing_start(cleaned: list[str], start: int) -> int:
    """Index of the first line after the body: "Nơi nhận" or the signature authority."""
    for index in range(start, len(cleaned)):
        line = cleaned[index]
        if DISTRIBUTION.match(line):
            return index
        authority = AUTHORITY.match(line)
        if authority and is_upper_line(authority.group("rest")):
            return index
    # Without either, a closing "./." ends the body.
    for index in range(len(cleaned) - 1, start - 1, -1):
        if cleaned[index].rstrip().endswith("./.") or re.search(r"\./\.\W*$", cleaned[index]):
            return index + 1
    return len(cleaned)
