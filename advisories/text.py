"""Vietnamese text folding: what makes "lừa đảo", "lua dao" and "LỪA ĐẢO" the same word."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def strip_accents(text: str) -> str:
    """Remove diacritics, keeping case: 'Lừa Đảo' → 'Lua Dao' (đ/Đ become d/D)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def fold(text: str) -> str:
    """Accent- and case-free form with single spaces, for matching: 'LỪA  Đảo' → 'lua dao'."""
    return _SPACES.sub(" ", strip_accents(text).casefold()).strip()
