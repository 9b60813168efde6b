"""The issuer block at the top left of a document: which upper-case line is which body.

Decree 30/2020 prints up to two bodies there, the parent (cơ quan chủ quản) above the issuer:

    UBND TỈNH AN GIANG        ← parent
    SỞ Y TẾ                   ← issuer

but a single long name is also wrapped over two lines ("ỦY BAN NHÂN DÂN" / "TỈNH AN GIANG"), and
extractions flatten both lines into one ("UBND TỈNH AN GIANG SỞ Y TẾ"). The lines are therefore
joined and cut again before every word that opens the name of a body (SỞ, TRUNG TÂM, PHÒNG…),
provided the part before it is already a complete name: a body word followed by at least one
more word. "ỦY BAN NHÂN DÂN" + "TỈNH AN GIANG" stays one name because TỈNH opens none; "BỘ" +
"CÔNG AN" stays one because "BỘ" alone is not a complete name.
"""

from dataclasses import dataclass

# Words that open the name of a body, longest first so that "ỦY BAN NHÂN DÂN" wins over "BAN"
# and "CHI CỤC" over "CỤC". School and hospital names need their second word: "TRƯỜNG" alone
# also ends "MÔI TRƯỜNG", "VIỆN" ends "THƯ VIỆN".
_BODY_OPENERS: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        (
            tuple(words.split())
            for words in (
                "ỦY BAN NHÂN DÂN",
                "UỶ BAN NHÂN DÂN",
                "UBND",
                "HỘI ĐỒNG NHÂN DÂN",
                "HĐND",
                "ỦY BAN MẶT TRẬN TỔ QUỐC",
                "UỶ BAN MẶT TRẬN TỔ QUỐC",
                "UBMTTQ",
                "TỈNH ỦY",
                "TỈNH UỶ",
                "THÀNH ỦY",
                "THÀNH UỶ",
                "HUYỆN ỦY",
                "HUYỆN UỶ",
                "ĐẢNG ỦY",
                "ĐẢNG UỶ",
                "BỘ",
                "SỞ",
                "TỔNG CỤC",
                "CHI CỤC",
                "CỤC",
                "TRUNG TÂM",
                "VĂN PHÒNG",
                "PHÒNG",
                "BAN",
                "CÔNG AN",
                "BỆNH VIỆN",
                "HỌC VIỆN",
                "VIỆN",
                "TRẠM Y TẾ",
                "TRƯỜNG ĐẠI HỌC",
                "TRƯỜNG CAO ĐẲNG",
                "TRƯỜNG TRUNG HỌC",
                "TRƯỜNG TRUNG CẤP",
                "TRƯỜNG THPT",
                "TRƯỜNG THCS",
                "TRƯỜNG TIỂU HỌC",
                "TRƯỜNG MẦM NON",
                "TRƯỜNG MẪU GIÁO",
                "TRƯỜNG PHỔ THÔNG",
                "TRƯỜNG CHÍNH TRỊ",
                "BẢO HIỂM XÃ HỘI",
                "KHO BẠC",
                "NGÂN HÀNG",
                "ĐÀI PHÁT THANH",
                "TÒA ÁN",
                "TOÀ ÁN",
                "VIỆN KIỂM SÁT",
                "TỔNG CÔNG TY",
                "CÔNG TY",
                "BỘ CHỈ HUY",
                "BỘ PHẬN",
            )
        ),
        key=len,
        reverse=True,
    )
)

# A body word that is really the end of another word pair: "CƠ SỞ", "ĐẢNG BỘ", "QUỐC PHÒNG"…
_NOT_AFTER: dict[str, frozenset[str]] = {
    "SỞ": frozenset({"CƠ"}),
    "BỘ": frozenset({"ĐẢNG", "CÁN", "TOÀN", "NỘI", "SƠ", "ĐỒNG", "CHI"}),
    "PHÒNG": frozenset({"QUỐC", "BIÊN", "DỰ", "VĂN"}),
    "BAN": frozenset({"ỦY", "UỶ"}),
    "VIỆN": frozenset({"THƯ", "BỆNH", "HỌC"}),
    "CỤC": frozenset({"CHI", "TỔNG"}),
}
# …or the start of a phrase that is no body: "PHÒNG CHÁY", "PHÒNG CHỐNG".
_NOT_BEFORE: dict[str, frozenset[str]] = {
    "PHÒNG": frozenset({"CHÁY", "CHỐNG", "NGỪA", "TRÁNH", "THỦ", "BỆNH", "DỊCH"}),
}


@dataclass(frozen=True)
class IssuerBlock:
    """The parent body line (or None) and the issuer line, each as printed."""

    parent: str | None
    issuer: str | None


def _bare(word: str) -> str:
    """A word without the punctuation that sticks to it: 'TẾ,' → 'TẾ'."""
    return word.strip(",.;:()[]\"'“”")


def _opener_at(bare: list[str], index: int) -> int:
    """Length of the body word(s) starting at `bare[index]` (words without their punctuation,
    see `_bare`), 0 when none starts there."""
    for opener in _BODY_OPENERS:
        if tuple(bare[index : index + len(opener)]) != opener:
            continue
        head = opener[0]
        if len(opener) == 1:
            previous = bare[index - 1] if index else ""
            following = bare[index + 1] if index + 1 < len(bare) else ""
            if previous in _NOT_AFTER.get(head, frozenset()):
                continue
            if following in _NOT_BEFORE.get(head, frozenset()):
                continue
        return len(opener)
    return 0


def split_bodies(text: str) -> list[str]:
    """Cut an issuer block into body names: 'UBND TỈNH AN GIANG SỞ Y TẾ' → two names."""
    words = text.split()
    # Stripped once: stripping every word again at each position made a long line quadratic.
    bare = [_bare(w) for w in words]
    names: list[list[str]] = []
    current: list[str] = []
    current_opener = 0  # length of the body word(s) that opened `current`, 0 if none did
    index = 0
    while index < len(words):
        opener = _opener_at(bare, index)
        if opener:
            complete = len(current) >= max(2, current_opener + 1)
            if current and complete:
                names.append(current)
                current = []
            if not current:
                current_opener = opener
            current.extend(words[index : index + opener])
            index += opener
            continue
        current.append(words[index])
        index += 1
    if current:
        names.append(current)
    return [" ".join(name) for name in names]


def parse_issuer_block(lines: list[str]) -> IssuerBlock:
    """Parent and issuer from the upper-case header lines (already cleaned), in printed order."""
    text = " ".join(line for line in lines if line)
    if not text:
        return IssuerBlock(parent=None, issuer=None)
    names = split_bodies(text)
    if len(names) == 1:
        return IssuerBlock(parent=None, issuer=names[0])
    return IssuerBlock(parent=" ".join(names[:-1]), issuer=names[-1])
