"""What a citizen pastes, or a dispatch names, turned into the one form an indicator is stored
and looked up in.

- phone numbers: E.164 with Vietnamese rules ("0912 345 678" → "+84912345678") by
  `phonenumbers`; short service numbers stay as dialled ("113");
- links: the registrable domain, IDNA-encoded and lower case ("https://SoLienLac-EDU.vn/x" →
  "solienlac-edu.vn"), public-suffix aware by `tldextract` with its bundled list (no network);
- bank accounts: digits only;
- app and sender names: folded (no accents, lower case, single spaces).
"""

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import phonenumbers
import tldextract
from phonenumbers import shortnumberinfo

from ..text import fold

REGION = "VN"

# A text that is only digits and the separators people type in numbers.
_NUMBERISH = re.compile(r"^\+?[\d\s.\-()]{3,30}$")
# A host name with at least one dot and a letter suffix, with or without a scheme and path.
_LINKISH = re.compile(
    r"^(?:[a-z][a-z0-9+.\-]*://)?(?:[^\s/@:]+@)?[^\s/?#:]+\.[^\s/?#:.]{2,}(?::\d+)?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
ACCOUNT_DIGITS = (6, 19)
_WORDY = re.compile(r"\w")


@dataclass(frozen=True)
class Normalised:
    """An indicator's stored form: its kind and value (see the module docstring)."""

    kind: str
    value: str


@cache
def _extractor():
    # suffix_list_urls=() keeps tldextract on the list bundled with the package: no download at
    # run time, the same answer on every machine.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def phone_value(text: str) -> str | None:
    """E.164 for a valid Vietnamese (or +country) number, the digits of a valid short number,
    else None."""
    if not _NUMBERISH.match(text.strip()):
        return None
    try:
        number = phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if shortnumberinfo.is_valid_short_number(number):
        return str(number.national_number)
    return None


def phone_display(value: str) -> str:
    """How a stored phone value is written for a Vietnamese reader ("0912 345 678")."""
    if not value.startswith("+"):
        return value
    number = phonenumbers.parse(value, REGION)
    if number.country_code == 84:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def domain_value(text: str) -> str | None:
    """The registrable domain of a link or host name, IDNA-encoded, else None."""
    text = text.strip().strip("<>\"'“”")
    if not text or not _LINKISH.match(text):
        return None
    host = urlsplit(text if "://" in text else f"http://{text}").hostname or ""
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    parts = _extractor()(host)
    if not parts.suffix or not parts.domain:
        return None  # an IP address or a name with no public suffix
    return f"{parts.domain}.{parts.suffix}"


def account_value(text: str) -> str | None:
    """The digits of a bank account number (6 to 19 digits, spaces and dots allowed)."""
    if not _NUMBERISH.match(text.strip()) or "+" in text:
        return None
    digits = re.sub(r"\D", "", text)
    low, high = ACCOUNT_DIGITS
    return digits if low <= len(digits) <= high else None


def name_value(text: str) -> str | None:
    """An app or sender name, folded ("Sổ liên lạc điện tử" → "so lien lac dien tu")."""
    value = fold(text.strip().strip("\"'“”«»"))
    return value if len(value) >= 2 and _WORDY.search(value) else None


def readings(text: str) -> list[Normalised]:
    """Every kind `text` can be read as, most specific first: a number may be a phone number
    and an account at once; a link is a domain; anything else is a name of an app or sender."""
    found = []
    if phone := phone_value(text):
        found.append(Normalised("phone", phone))
    if account := account_value(text):
        found.append(Normalised("bank_account", account))
    if found:
        return found
    if domain := domain_value(text):
        return [Normalised("domain", domain)]
    if name := name_value(text):
        return [Normalised("app", name), Normalised("sender", name)]
    return []
