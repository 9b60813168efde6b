"""Indicators a dispatch's text names, proposed to the clerk who confirms them: phone numbers,
links, bank accounts, app names in quotes after "ứng dụng", sender names after "tin nhắn từ"."""

import re
from dataclasses import dataclass

import phonenumbers

from .normalize import REGION, account_value, domain_value, name_value

_QUOTED = r"[\"“«]([^\"”»\n]{2,80})[\"”»]"
_APP = re.compile(r"(?:ứng dụng|phần mềm|\bapp)\s+(?:giả mạo\s+|có tên\s+)?" + _QUOTED, re.I)
_APP_BARE = re.compile(r"(?:ứng dụng|phần mềm)\s+([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)\b")
_SENDER = re.compile(
    r"(?:tin nhắn|SMS)\s+(?:từ|mang tên|gửi từ|có tên người gửi)\s+(?:đầu số\s+)?" + _QUOTED, re.I
)
_LINK = re.compile(
    r"(?<![@\w.])(?:https?://)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"
    r"(?:/[^\s,;)\"”]*)?",
    re.I,
)
_ACCOUNT = re.compile(
    r"(?:số tài khoản|STK|tài khoản số)\s*:?\s*(\d[\d .]{4,24}\d)"
    r"(?:\s*(?:tại|của|mở tại)?\s*(?:ngân hàng|NH)\s+([\wÀ-ỹ]+(?:\s[A-ZÀ-Ỹ][\wÀ-ỹ]*)*))?",
    re.I,
)
# Addresses of the state itself are not signs of a scam.
_OFFICIAL_SUFFIXES = (".gov.vn",)


@dataclass(frozen=True)
class Proposal:
    """A sign found in the text: kind and normalised value (as Indicator stores them), the text
    as printed, the bank for an account, and the words around it for the clerk."""

    kind: str
    value: str
    label: str
    bank: str = ""
    context: str = ""


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 40) : start].split("\n")[-1]
    after = text[end : end + 40].split("\n")[0]
    return f"…{before}{text[start:end]}{after}…"


def propose_indicators(text: str) -> list[Proposal]:
    """Every distinct sign `text` names, in the order they appear."""
    found: dict[tuple[str, str, str], Proposal] = {}

    def add(kind, value, label, start, end, bank=""):
        key = (kind, value, bank)
        if value and key not in found:
            found[key] = Proposal(kind, value, label, bank, _context(text, start, end))

    for match in phonenumbers.PhoneNumberMatcher(text, REGION):
        number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        add("phone", number, match.raw_string, match.start, match.end)
    for match in _LINK.finditer(text):
        domain = domain_value(match.group(0))
        if domain and not domain.endswith(_OFFICIAL_SUFFIXES):
            add("domain", domain, match.group(0), match.start(), match.end())
    for match in _ACCOUNT.finditer(text):
        bank = (match.group(2) or "").strip()
        add("bank_account", account_value(match.group(1)), match.group(1), *match.span(), bank)
    for pattern in (_APP, _APP_BARE):
        for match in pattern.finditer(text):
            label = match.group(1).strip()
            add("app", name_value(label), label, *match.span(1))
    for match in _SENDER.finditer(text):
        label = match.group(1).strip()
        add("sender", name_value(label), label, *match.span(1))
    return sorted(found.values(), key=lambda p: text.find(p.label))
