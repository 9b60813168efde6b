"""Warning texts: the quoted passages a dispatch asks to pass on to citizens word for word.

A dispatch quotes them after a phrase that announces them — "qua tin nhắn SMS với nội dung như
sau: “Hiện nay, xuất hiện thủ đoạn…”", "nội dung tin nhắn: "…"", "thông điệp «…»" — and such a
passage may quote a name itself (“sở liên lạc điện tử”), so quotes are matched by depth.
"""

import re

from .normalize import clean_line, collapse_spaces, normalize_text

# What announces a verbatim text, then up to 40 characters of the same clause (no quote, no
# sentence end) and an optional colon, right before the opening quote.
_INTRO = re.compile(
    r"(?:nội\s+dung|thông\s+điệp|tin\s+nhắn|khuyến\s+cáo|như\s+sau|khẩu\s+hiệu)"
    r"[^.;!?“”\"«»\n]{0,40}:?\s*$",
    re.I,
)
# How far back from an opening quote the announcing phrase may start.
_INTRO_WINDOW = 80
# A quoted passage longer than this never closed: an unbalanced quote, not a message.
_MAX_LENGTH = 2000
# Fewer words than this: a quoted name ("Sổ liên lạc điện tử"), not a message.
_MIN_WORDS = 6

_OPENERS = {"“": "”", "«": "»", '"': '"'}
_CLOSERS = frozenset("”»")


def _is_opening(text: str, index: int) -> bool:
    """True when the quote at `index` opens a passage: “ and « always, a straight quote when it
    follows a space, a bracket or the start and precedes a visible character."""
    mark = text[index]
    if mark in "“«":
        return True
    if mark != '"':
        return False
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in "([:") and not after.isspace()


def _closing_index(text: str, start: int) -> int | None:
    """Index of the quote that closes the passage opened at `start`, counting nested quotes."""
    depth = 0
    for index in range(start, min(len(text), start + _MAX_LENGTH)):
        mark = text[index]
        if mark not in _OPENERS and mark not in _CLOSERS:
            continue
        if _is_opening(text, index):
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return index
    return None


def extract_warning_texts(text: str) -> list[str]:
    """Every quoted passage of `text` announced as a message for citizens, without its outer
    quotes, each once, in order. Markdown marks are dropped and lines joined by a space."""
    flat = collapse_spaces(" ".join(clean_line(line) for line in normalize_text(text).split("\n")))
    found: list[str] = []
    index = 0
    while index < len(flat):
        mark = flat[index]
        if mark in _OPENERS and _is_opening(flat, index):
            window = flat[max(0, index - _INTRO_WINDOW) : index]
            if _INTRO.search(window):
                end = _closing_index(flat, index)
                if end is not None:
                    passage = flat[index + 1 : end].strip()
                    if len(passage.split()) >= _MIN_WORDS and passage not in found:
                        found.append(passage)
                    index = end + 1
                    continue
        index += 1
    return found
