"""Vietnamese text folding: what makes "lừa đảo", "lua dao" and "LỪA ĐẢO" the same word."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


class _AccentFreeTable(dict):
    """str.translate table computed one character at a time and remembered: the whole-string
    NFD/NFC round trip per call was the corpus generator's main cost."""

    def __missing__(self, code):
        char = chr(code)
        if char in "đĐ":
            value = "d" if char == "đ" else "D"
        else:
            decomposed = unicodedata.normalize("NFD", char)
            value = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        self[code] = value
        return value


_ACCENT_FREE = _AccentFreeTable()


def fold_same_length(text: str) -> str:
    """Like fold() but one character per character of `text` (no space squeezing), so that a
    match's position in the folded text is its position in `text`; text that would change length
    (combining marks, 'İ') is folded character by character."""
    folded = text.translate(_ACCENT_FREE).lower()
    if len(folded) == len(text):
        return folded
    singles = ((strip_accents(c).lower() or c) for c in text)
    return "".join(f if len(f) == 1 else c for f, c in zip(singles, text, strict=True))


def strip_accents(text: str) -> str:
    """Remove diacritics, keeping case: 'Lừa Đảo' → 'Lua Dao' (đ/Đ become d/D)."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(_ACCENT_FREE)


def fold(text: str) -> str:
    """Accent- and case-free form with single spaces, for matching: 'LỪA  Đảo' → 'lua dao'."""
    return _SPACES.sub(" ", strip_accents(text).casefold()).strip()


_WORD = re.compile(r"[a-z0-9]+")


def search_words(text: str) -> list[str]:
    """The folded words search indexes and matches: letters and digits only, so that SQLite's
    FTS5 and PostgreSQL's 'simple' parser cut a text into exactly the same words.

    All in C: decompose, drop what is not ASCII (the accents), lower-case. Called for every
    dispatch of a corpus and every candidate subject of a search."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(ascii_text.lower())


def index_text(text: str) -> str:
    """One line of search words: '1153/UBND-KGVX: Lừa đảo!' → '1153 ubnd kgvx lua dao'."""
    return " ".join(search_words(text))
