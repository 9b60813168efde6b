"""Secrets that must never be written anywhere at rest: the personal receipt links.

A receipt token is the whole credential of a unit's personal link (/xac-nhan/<token>/): the
database keeps only its hash, so neither an audit row, nor a log line, nor gunicorn's access
log may keep it in clear. `redact_secrets` replaces it with "…" wherever it appears.

No Django import here: gunicorn's logger class (portal.gunicorn_logging) uses it too.
"""

import re

_RECEIPT_TOKEN = re.compile(r"(/xac-nhan/)[^/?#\s\"'<>]+")
REDACTED = "…"


def redact_secrets(text: str) -> str:
    """`text` with every receipt token replaced: /xac-nhan/abc…/ -> /xac-nhan/…/."""
    if "/xac-nhan/" not in text:
        return text
    return _RECEIPT_TOKEN.sub(rf"\g<1>{REDACTED}", text)
