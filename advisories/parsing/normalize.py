"""Clean-up of extracted text before parsing: Unicode form, line breaks, odd spaces, Markdown marks.

Text reaches the parser from PDF text layers, Word exports and Markdown conversions, so the same
dispatch can arrive NFD-decomposed, with Windows line endings, non-breaking spaces or `**bold**`
marks. Everything here is idempotent: cleaning clean text changes nothing.
"""

import html
import re
import unicodedata

# Spaces other than U+0020 that extractions leave in: no-break, narrow no-break, figure,
# en/em/thin spaces, ideographic space, tabs and vertical tabs.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v]")
# Characters that take no room at all: zero-width (non-)joiners, word joiner, BOM, soft hyphen.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# Line separators other than "\n": CR LF, lone CR, form feed (a page break), Unicode separators.
_LINE_BREAKS = re.compile(r"\r\n|[\r\f\u2028\u2029\u0085]")
# Latin eth "Ð/ð" is what some Vietnamese fonts and encodings map "Đ/đ" to.
_ETH = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})

# A Markdown heading mark at the start of a line: "### ".
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
# Markdown backslash escapes: "1\." → "1.", "\-" → "-".
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
# Markdown emphasis marks: "**bold**", "*italic*" (the parser never needs a literal asterisk).
_MD_EMPHASIS = re.compile(r"\*+")
_SPACE_RUNS = re.compile(r" {2,}")
# A Markdown table row "| left cell | right cell |" (the two-column header of a dispatch).
_MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
# The rule under a Markdown table's first row: "|---|:---:|".
_MD_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")
# A line break inside a table cell: "<br>", "<br/>", "<br />".
_HTML_BREAK = re.compile(r"<br\s*/?>", re.I)


def _expand_tables(text: str) -> str:
    """Markdown table rows become one line per cell (left cell first), their rules dropped."""
    if "|" not in text:
        return text
    lines = []
    for line in text.split("\n"):
        if _MD_TABLE_RULE.match(line):
            continue
        if _MD_TABLE_ROW.match(line):
            cells = line.strip().strip("|").split("|")
            lines.extend(_HTML_BREAK.sub("\n", cell).strip() for cell in cells)
            continue
        lines.append(line)
    return "\n".join(lines)


def normalize_text(text: str) -> str:
    """Return `text` in NFC with "\\n" line breaks and plain spaces.

    HTML entities are decoded and Markdown table rows are cut into one line per cell; other
    lines keep their structure.
    """
    text = unicodedata.normalize("NFC", html.unescape(text))
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    return _expand_tables(text.translate(_ETH))


def clean_line(line: str) -> str:
    """One line without Markdown marks, trimmed, with single spaces: '### **1. A**' → '1. A'."""
    line = _MD_HEADING.sub("", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    line = _MD_EMPHASIS.sub("", line)
    return _SPACE_RUNS.sub(" ", line).strip()


def collapse_spaces(text: str) -> str:
    """Runs of whitespace (line breaks included) become one space; ends are trimmed."""
    return " ".join(text.split())


def is_upper_line(text: str) -> bool:
    """True when `text` has at least two letters and every letter is upper case."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)
