"""Which fields of a reading the clerk must check: `uncertain_fields(parsed, ocr)`.

A field is uncertain when a Decree-30 rule says its value cannot be right (a number with
letters, a symbol in lower case, a day that does not exist or lies in the future, an issuer not
in capitals…), or, read by OCR, when one of its words was read with low confidence or not found
among the words read. A value read with very low confidence is emptied (`blank_unreadable`):
better an empty field flagged than one filled wrong.
"""

import datetime
import itertools
import re
import unicodedata
from zoneinfo import ZoneInfo

from .normalize import is_upper_line
from .ocr import LOW_CONFIDENCE, OcrText
from .result import DateParts, ParsedDispatch

# The fields checked, keys of `ParsedDispatch.to_dict()`, in the form's order.
FIELDS = (
    "parent_issuer",
    "issuer",
    "number",
    "symbol",
    "place",
    "date",
    "subject",
    "signing_authority",
    "signer_title",
    "signer_name",
)
# Fields a dispatch always prints: found empty in a scan, they are flagged too.
_REQUIRED = (
    "issuer",
    "number",
    "symbol",
    "place",
    "date",
    "subject",
    "signer_title",
    "signer_name",
)
# Below this confidence, the value is not shown at all.
UNREADABLE_CONFIDENCE = 40

# Words that no body's name or title holds, though OCR reads them for the ones it does ("TÍNH"
# for "TỈNH", "TRƯỚNG" for "TRƯỞNG").
_NEVER_IN_BODY_NAMES = frozenset(
    {"TÍNH", "TINH", "TĨNH", "TÌNH", "SỐ", "BẠN", "DẪN", "TRƯỚNG", "TRUỞNG", "TRUÔNG"}
)
_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_NUMBER = re.compile(r"\d{1,6}")
# "SYT-CNTTTT", "UBND-KGVX", "TTYT-DS.TTGDSK", "QĐ-UBND", "KH-BCĐ389": capitals, digits, dots;
# a legal document's year in front ("2025/QĐ-UBND", "2026/TT-BCT"), and "TTg", the one code of
# Decree 30's list not in capitals (the Prime Minister: "QĐ-TTg", "CT-TTg").
_SYMBOL_PART = r"(?:TTg|[A-ZĐ0-9][A-ZĐ0-9.&]*)"
_SYMBOL = re.compile(rf"(?:\d{{4}}/)?{_SYMBOL_PART}(?:-{_SYMBOL_PART})*")
_AUTHORITY = re.compile(r"(?:KT|TM|TL|TUQ|Q|QUYỀN)\.? \S.*")
# A person's name: two to six capitalised words of letters.
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_]*")
_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


def _is_name(value: str) -> bool:
    words = value.split()
    return 2 <= len(words) <= 6 and all(
        _NAME_WORD.fullmatch(w) and w[0].isupper() and (len(w) == 1 or w[1:].islower())
        for w in words
    )


def _is_place(value: str) -> bool:
    words = value.replace(".", ". ").split()
    return 1 <= len(words) <= 6 and all(w[0].isupper() or w in {"phố", "xã", "khu"} for w in words)


def _date_breaks_rule(parts: DateParts, today: datetime.date) -> bool:
    if parts.year is None and parts.day is None and parts.month is None:
        return False
    date = parts.to_date()
    if date is None:
        # A blank day or month is printed on purpose ("ngày   tháng 10"); a day that does not
        # exist is a misreading.
        return parts.day is not None and parts.month is not None
    return date > today + datetime.timedelta(days=1) or date.year < 1945


_KEPT = re.compile(r"^Lưu\s*:?\s*(?P<codes>.*)$", re.I)


def _symbol_disagrees_with_file_copy(parsed: ParsedDispatch) -> bool:
    """Decree 30 files a copy "Lưu: VT, CNTTTT" under the drafting unit's code, the same code
    that ends the symbol ("2152/SYT-CNTTTT"): a code there that nearly matches a part of the
    symbol, but not exactly, means one of the two was misread."""
    if not parsed.symbol:
        return False
    parts = set(parsed.symbol.split("-")[1:])
    for entry in parsed.distribution:
        kept = _KEPT.match(entry)
        if not kept:
            continue
        codes = {c for c in re.split(r"[\s,;.]+", kept.group("codes")) if c and c != "VT"}
        if codes & parts:
            return False
        return any(
            code[:2] == part[:2] and abs(len(code) - len(part)) <= 2 and code.isupper()
            for code in codes
            for part in parts
        )
    return False


def rule_failures(parsed: ParsedDispatch, today: datetime.date | None = None) -> set[str]:
    """The fields whose value breaks a Decree-30 rule of form."""
    today = today or datetime.datetime.now(_VIETNAM).date()
    failing: set[str] = set()
    if parsed.number is not None and not _NUMBER.fullmatch(parsed.number):
        failing.add("number")
    if parsed.symbol is not None and not _SYMBOL.fullmatch(parsed.symbol):
        failing.add("symbol")
    if _symbol_disagrees_with_file_copy(parsed):
        failing.add("symbol")
    for key in ("parent_issuer", "issuer", "signer_title"):
        value = getattr(parsed, key)
        if value is not None and (
            not is_upper_line(value)
            or set(value.split()) & _NEVER_IN_BODY_NAMES
            or value[-1] in ".,;:'`-_"  # a speck read as a stop: "VĂN PHÒNG CHÍNH PHỦ."
            or _misjoined_word(value)
        ):
            failing.add(key)
    if parsed.signing_authority and not _AUTHORITY.fullmatch(parsed.signing_authority):
        failing.add("signing_authority")
    if parsed.signer_name and not _is_name(parsed.signer_name):
        failing.add("signer_name")
    if parsed.place and not _is_place(parsed.place):
        failing.add("place")
    if _date_breaks_rule(parsed.date_parts, today):
        failing.add("date")
    dated = any(part is not None for part in vars(parsed.date_parts).values())
    if dated and not parsed.place:
        # Decree 30 prints the date after the place: a date read alone came from another line
        # (a date in the body, when the header's was left blank for the e-signature).
        failing.add("date")
    return failing


# A word of a name in capitals (diacritics taken off) that stops on a full stop though it is
# no abbreviation (it has a vowel: "THANH." in "THÀNH. PHỐ"; "TP." is one): a speck read as a
# stop.
_STOPPED_WORD = re.compile(r"[A-Z]*[AEIOUY][A-Z]*\.")
_VOWEL_GROUPS = re.compile(r"[AEIOUY]+")
# A run of letters: the words of a value checked for their shape and case.
_LETTERS = re.compile(r"[^\W\d_]+")


def _misjoined_word(value: str) -> bool:
    """True when a name in capitals holds a word no Vietnamese syllable can be: two vowel
    groups ("BANNHÂN", two words run together by OCR), or a word ending on a stray stop. A
    syllable has one vowel group, and the codes in names ("UBND", "TTYT", "CNTTTT") have at
    most one."""
    bare = unicodedata.normalize("NFD", value.upper().replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    if any(len(_VOWEL_GROUPS.findall(word)) > 1 for word in _LETTERS.findall(bare)):
        return True
    return any(_STOPPED_WORD.fullmatch(word) and len(word) > 3 for word in bare.split()[:-1])


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", _PUNCTUATION.sub("", text)).casefold()


def _tokens(parsed: ParsedDispatch, field: str) -> list[str]:
    """The words a field's value was read from."""
    if field == "date":
        parts = parsed.date_parts
        values = [parts.day, parts.month, parts.year]
        return [str(v) for v in values if v is not None]
    value = getattr(parsed, field)
    if not value:
        return []
    if field in ("number", "symbol"):
        return [t for t in re.split(r"[/\s]+", value) if t]
    return [t for t in (_key(w) for w in value.split()) if t]


def field_words(parsed: ParsedDispatch, field: str, ocr: OcrText) -> list:
    """The words read by OCR that a field's value was read from, for the crop the clerk
    compares: the value's words as they stand together on the page.

    A short word ("AN") is found in many others ("GIANG", "ngân"): each token's candidates are
    the words equal to it, else those holding it, and of those the run that keeps the tokens
    closest together in reading order is taken, not the best read anywhere on the page."""
    options = []
    for token in _tokens(parsed, field):
        wanted = _key(token)
        holding = [i for i, w in enumerate(ocr.words) if _matches(field, wanted, w.text)]
        equal = [i for i in holding if _key(ocr.words[i].text) == wanted]
        if equal or holding:
            options.append(equal or holding)
    if not options:
        return []
    best = min((_nearest_run(start, options[1:]) for start in options[0]), key=lambda r: r[0])
    return [ocr.words[i] for i in best[1]]


def _nearest_run(start: int, options: list[list[int]]) -> tuple[int, list[int]]:
    """From the word at `start`, each next token's candidate nearest the previous one: the
    spread of the run (in words) and its word indexes."""
    run = [start]
    for candidates in options:
        run.append(min(candidates, key=lambda i: abs(i - run[-1])))
    return sum(abs(b - a) for a, b in itertools.pairwise(run)), run


def _matches(field: str, wanted: str, text: str) -> bool:
    if field == "date":
        number = wanted.lstrip("0")
        return any(d.lstrip("0") == number for d in re.findall(r"\d+", text))
    return bool(wanted) and wanted in _key(text)


def field_confidence(parsed: ParsedDispatch, field: str, ocr: OcrText) -> float | None:
    """The lowest confidence among the words of a field's value (0 for a word not found among
    those read), or None for an empty field."""
    tokens = _tokens(parsed, field)
    if not tokens:
        return None
    lowest = 100.0
    for token in tokens:
        wanted = _key(token)
        matches = [w.conf for w in ocr.words if _matches(field, wanted, w.text)]
        # A word not found among those read: the value was put together from elsewhere, to be
        # checked (but not emptied: the words around it were read).
        lowest = min(lowest, max(matches, default=LOW_CONFIDENCE - 1))
    return lowest


def odd_case(value: str) -> bool:
    """True when a word of the value mixes cases the way no Vietnamese word is written ("cỦa",
    "VƯờn", "đỘ"): OCR took a small letter for a capital of the same shape, and found the word
    elsewhere on the page, so its confidence does not tell. "TTg" (the Prime Minister's code)
    is the one exception."""
    for word in _LETTERS.findall(value.replace("TTg", "TT")):
        rest = word[1:]
        if rest and not (rest.islower() or word.isupper()):
            return True
    return False


def written_in(parsed: ParsedDispatch, field: str, ocr: OcrText) -> bool:
    """True when a word the field's value may have been read from is in coloured ink over the
    print (`ocr.mark_ink`): a number or a day written in by hand after signing, or stamped. Read
    confidently or not, such a value is the clerk's to check."""
    inked = [w for w in ocr.words if w.ink]
    if not inked:
        return False
    for token in _tokens(parsed, field):
        wanted = _key(token)
        if any(_matches(field, wanted, w.text) for w in inked):
            return True
    return False


def _odd_case_field(parsed: ParsedDispatch, field: str) -> bool:
    """A value read by OCR in an odd case: a word that mixes cases, or, in a place or a
    person's name (capitalised words, no acronyms), a word in capitals beside capitalised ones
    ("Hà NỘI")."""
    value = getattr(parsed, field, None)
    if not isinstance(value, str) or field == "symbol":
        return False
    if odd_case(value):
        return True
    if field in ("place", "signer_name"):
        words = _LETTERS.findall(value)
        capitals = any(len(w) >= 3 and w.isupper() for w in words)
        return capitals and any(w[0].isupper() and w[1:].islower() for w in words if len(w) > 1)
    return False


def ocr_doubts(parsed: ParsedDispatch, ocr: OcrText) -> dict[str, float]:
    """Confidence of each field read by OCR below LOW_CONFIDENCE; empty required fields at 0;
    a field written in coloured ink just below LOW_CONFIDENCE (flagged, not emptied)."""
    doubts: dict[str, float] = {}
    for field in FIELDS:
        confidence = field_confidence(parsed, field, ocr)
        if confidence is None:
            if field in _REQUIRED:
                doubts[field] = 0.0
        elif confidence < LOW_CONFIDENCE:
            doubts[field] = confidence
        elif written_in(parsed, field, ocr) or _odd_case_field(parsed, field):
            doubts[field] = LOW_CONFIDENCE - 1
    if not (parsed.signer_name or parsed.signer_title or parsed.signing_authority):
        doubts["signing_authority"] = 0.0  # no signature block read at all: it may have one
    return doubts


def blank_unreadable(parsed: ParsedDispatch, doubts: dict[str, float]) -> None:
    """Empty the fields read with so little confidence that their value is a guess."""
    for field, confidence in doubts.items():
        if confidence >= UNREADABLE_CONFIDENCE:
            continue
        if field == "date":
            parsed.date_parts = DateParts()
        elif getattr(parsed, field) is not None:
            setattr(parsed, field, None)


def missing_fields(parsed: ParsedDispatch) -> set[str]:
    """The fields every dispatch prints that the reading left empty, whatever the source: a
    number and a day left blank for the electronic signature to fill in, a text cut off
    before its signature. The clerk fills them in from the signed copy; a date is missing
    until its day, month and year are all read."""
    missing = {field for field in _REQUIRED if field != "date" and not getattr(parsed, field)}
    if parsed.date_parts.to_date() is None:
        missing.add("date")
    return missing


def uncertain_fields(parsed: ParsedDispatch, ocr: OcrText | None = None) -> list[str]:
    """The fields the clerk must check, in the form's order: those breaking a rule of form,
    those left empty (`missing_fields`) and, with an OCR reading, those read with too little
    confidence, which are emptied first (and stay listed)."""
    doubtful = set(rule_failures(parsed)) | missing_fields(parsed)
    if ocr is not None:
        doubts = ocr_doubts(parsed, ocr)
        blank_unreadable(parsed, doubts)
        doubtful |= set(doubts)
    return [field for field in FIELDS if field in doubtful]
