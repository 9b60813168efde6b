"""How much one untrusted document may cost to read, and the cheap checks made before reading.

A PDF can ask for far more work than its size suggests: 50,000 pages sharing one content
stream fit in 7 MB and took a worker 208 s of CPU to extract. So the size is checked first,
then the page count and the image sizes from the PDF's structure (`pdf.inspect_pdf`), and only
then is the content parsed, in a child process held to `cpu_seconds`, `memory_bytes` and
`wall_seconds` (`advisories.parsing.sandbox`). The values come from the settings (see
`advisories.documents`); the defaults here are those of the README.
"""

import math
from dataclasses import asdict, dataclass

from .errors import DocumentTooLarge

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What reading one document may cost."""

    max_bytes: int = 20 * MB
    max_pages: int = 100
    max_pixels: int = 100_000_000  # one embedded image, width × height
    cpu_seconds: int = 20
    wall_seconds: float = 20.0
    memory_bytes: int = 512 * MB

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Limits":
        return cls(**data)


def vietnamese_number(value: int) -> str:
    """50000 → '50.000' (Vietnamese groups thousands with a dot)."""
    return f"{value:,}".replace(",", ".")


def size_text(size: int, *, up: bool = False) -> str:
    """A byte count as a clerk reads it: '20 MB', '1,5 MB', '640 KB'; rounded down, or up with
    `up` (a file just past a 20 MB limit reads '20,1 MB', not '20 MB')."""
    unit, name = (MB, "MB") if size >= MB else (1024, "KB")
    tenths = math.ceil(size * 10 / unit) if up else math.floor(size * 10 / unit)
    text = f"{tenths // 10},{tenths % 10}" if tenths % 10 else str(tenths // 10)
    return f"{text} {name}"


def too_large_message(size: int, max_bytes: int) -> str:
    return f"Tệp quá lớn ({size_text(size, up=True)}): tối đa {size_text(max_bytes)}."


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file past `limits.max_bytes` before anything reads it."""
    if size > limits.max_bytes:
        raise DocumentTooLarge(too_large_message(size, limits.max_bytes))
