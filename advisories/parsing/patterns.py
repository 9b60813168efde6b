"""Patterns shared by the parts of the parser: header marks, block openers, bullet points.

Each regular expression is named for what it finds and commented with examples of it.
"""

import re

# The national name, also with the older tone placement "HOÀ", any spacing; upper case only,
# since sentences cite "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam".
NATIONAL_NAME = re.compile(r"CỘNG\s*H(?:ÒA|OÀ)\s*XÃ\s*HỘI\s*CHỦ\s*NGHĨA\s*VIỆT\s*NAM")

# Its two lines when a narrow column wraps it: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM".
NATIONAL_NAME_FIRST_LINE = re.compile(r"CỘNG\s*H(?:ÒA|OÀ)\s*XÃ\s*HỘI\s*CHỦ\s*NGHĨA")

# The motto under it, with any dash (or none) between the three words.
MOTTO = re.compile(r"Độc\s*lập\s*[-–—‒:,.]?\s*Tự\s*do\s*[-–—‒:,.]?\s*Hạnh\s*phúc", re.I)

# Party documents print this instead of the national name.
PARTY_NAME = re.compile(r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM")

# A document symbol: parts of letters/digits/&, joined by "-" (spaces allowed around it, as in
# "TTYT- DS.TTGDSK"), by "." inside a word, or by "/" ("2020/NĐ-CP").
# Parts joined by a hyphen, or by the en or em dash a word processor puts for one ("QĐ – HĐD":
# then only before a code in capitals, not before the words of a sentence that follows).
SYMBOL = r"[\w&]+(?:(?:\s*-\s*|\s*[–—]\s*(?=(?-i:[A-ZĐ0-9]))|\.(?=[\w&])|/)[\w&]+)*"


def clean_symbol(symbol: str) -> str:
    """A symbol as matched by SYMBOL, written the one way: no spaces, a hyphen for a dash."""
    return re.sub(r"[–—]", "-", re.sub(r"\s+", "", symbol))


# The number line: "Số: 29/TTYT- DS.TTGDSK", "Số: 2152 /SYT-CNTTTT", "Số : 12 / KH-SYT",
# "Số 12/KH-UBND", "Số:12/CT-UBND", blank "Số: /UBND-VHTT" or "Số: …/QĐ-UBND", and the
# unaccented "So: 12/…" of fonts that lose their diacritics. Capital S only, so that "công văn
# số 12/…" in a sentence is not taken for it.
NUMBER_LINE = re.compile(
    r"(?<!\w)S[ốỐoO]\s*:?\s*[.…_]*\s*(?P<number>\d+)?\s*[.…_]*\s*/\s*(?P<symbol>" + SYMBOL + r")"
)

# Where the year of a date ends, to cut a flattened "… năm 2025 KẾ HOẠCH …" after it.
DATE_END = re.compile(r"\bn[ăa]m\b[\s.…_-]*\d{4}", re.I)

# The subject prefix of a công văn: "V/v", "V/V", "v/v", "V.v", "Về việc", an optional colon.
SUBJECT_PREFIX = re.compile(r"^(?:[Vv]\s*/\s*[vV]|V\.v|Về\s+việc|VỀ\s+VIỆC)\b\s*[:.]?\s*")

# The addressee line: "Kính gửi:" (also the southern "Kính gởi", unaccented "Kinh gui"),
# capitalised.
ADDRESSEES = re.compile(r"(?:K[íi]nh|K[ÍI]NH)\s+(?:g[ửởưu]i|G[ỬỞƯU]I)\s*:?\s*")

# The distribution block: "Nơi nhận:".
DISTRIBUTION = re.compile(r"^N[ơƠoO]I\s+NH[ẬA]N\s*:?\s*", re.I)

# The authority of a signature: "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN",
# "TUQ. GIÁM ĐỐC", also written "K/T", "T/M", "KT.CHỦ TỊCH" or without the dot.
AUTHORITY = re.compile(r"^(?P<mark>KT|K/T|TL|T/L|TM|T/M|TUQ)(?:\s*\.\s*|\s+)(?P<rest>\S.*)$")

# Lines that open the body: the header cannot go on past them.
BODY_OPENING = re.compile(
    r"^(?:Căn cứ|Thực hiện|Nhằm|Để|Hiện nay|Thời gian|Trong thời gian|Vừa qua|Theo|Qua|"
    r"Tiếp theo|Triển khai|Trên cơ sở|Sau khi|Xét|Nhận được|Từ ngày|Ngày \d|Điều \d|"
    r"[IVX]{1,4}\s*[.)]\s|\d{1,2}\s*[.)/]\s)"
)

# Words that, when a line starts with them, mark the signature block (stop the issuer search).
SIGNATURE_WORDS = re.compile(
    r"^(?:KT|K/T|TL|T/L|TM|T/M|TUQ|Q)\s*\.|^(?:PHÓ|CHÁNH|GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG|THỦ TRƯỞNG)\b"
)

# A bullet point: "- ", "+ ", "• ", "a) ", "b. ", or a sub-number "1.1." / "2.3 ".
BULLET = re.compile(r"^(?:[-–—+•●▪◦]\s*|[a-zđ]\s*[).]\s+|\d{1,2}\.\d{1,2}\.?\s+)")

# Anchors of a document header, for splitting: the number line ("Số:" with a colon anywhere,
# or "Số 12/…" opening a line) and the national name.
_SPLIT_NUMBER = re.compile(
    r"(?<!\w)S[ốỐoO]\s*:\s*[.…_]*\s*\d*\s*[.…_]*\s*/\s*[\w&]|^S[ốỐoO]\s+\d*\s*/\s*[\w&]"
)


def anchor_kinds(line: str) -> set[str]:
    """Which header anchors a cleaned line holds: "number", "national" or both."""
    kinds = set()
    if _SPLIT_NUMBER.search(line):
        kinds.add("number")
    if NATIONAL_NAME_FIRST_LINE.search(line) or PARTY_NAME.search(line):
        kinds.add("national")
    return kinds


def is_bullet(text: str) -> bool:
    """True when a line starts with a dash-like bullet mark."""
    return bool(re.match(r"^[-–—+•●▪◦]\s*\S", text))


def strip_entry(text: str) -> str:
    """An entry without its bullet and final ";", "." or ",": '- Các Trạm Y tế.' → '…Y tế'."""
    text = BULLET.sub("", text, count=1) if text[:1] in "-–—+•●▪◦" else text
    text = text.strip()
    while text and text[-1] in ";.,:" and not text.endswith("..."):
        text = text[:-1].rstrip()
    return text
