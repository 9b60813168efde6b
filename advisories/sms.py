"""SMS cost of a warning text, so staff see the bill in segments before sending (3GPP TS 23.038)."""

from dataclasses import dataclass

from advisories.text import strip_accents

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_CONCAT = 160, 153
UCS2_SINGLE, UCS2_CONCAT = 70, 67

# Typography that Word and phones insert but GSM-7 lacks, mapped to its plain equivalent.
_PLAIN = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class SmsStats:
    length: int  # characters (code points)
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int
    per_segment: int  # 160/153 for GSM-7, 70/67 for UCS-2


def is_gsm7(text: str) -> bool:
    """One character outside GSM 03.38 forces the whole message into UCS-2, halving capacity."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def sms_stats(text: str) -> SmsStats:
    """What the carrier will count: concatenated segments lose room to the UDH header."""
    if is_gsm7(text):
        encoding, single, concat = "GSM-7", GSM7_SINGLE, GSM7_CONCAT
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)  # ESC + char
    else:
        encoding, single, concat = "UCS-2", UCS2_SINGLE, UCS2_CONCAT
        units = len(text.encode("utf-16-le")) // 2  # astral characters are surrogate pairs
    per_segment = single if units <= single else concat
    segments = -(-units // per_segment)
    return SmsStats(len(text), encoding, units, segments, per_segment)


def unaccented(text: str) -> str:
    """Readable without diacritics so the warning fits GSM-7 and costs fewer segments."""
    return strip_accents(text.translate(_PLAIN))
