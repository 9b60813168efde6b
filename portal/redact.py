"""Secrets that must never be written anywhere at rest: the tokens of personal links.

- a unit's receipt link: /xac-nhan/<token>/
- a citizen's alert confirmation link: /nhan-canh-bao/xac-nhan/<token>/ (the same rule)
- a citizen's alert unsubscribe link: /huy/<token>/

Each token is the whole credential of its link: the database keeps only a hash (or, for the
unsubscribe link, what only SECRET_KEY turns into it), so neither an audit row, nor a log
line, nor gunicorn's access log may keep it in clear. `redact_secrets` replaces it with "…"
wherever it appears. A new kind of personal link adds its path segment to TOKEN_SEGMENTS.

No Django import here: gunicorn's logger class (portal.gunicorn_logging) uses it too.
"""

import re

# The path segment after which comes a token (with and without the /en/ prefix).
TOKEN_SEGMENTS = ("xac-nhan", "huy")
_TOKEN = re.compile(r"(/(?:" + "|".join(map(re.escape, TOKEN_SEGMENTS)) + r")/)[^/?#\s\"'<>]+")
_MARKERS = tuple(f"/{segment}/" for segment in TOKEN_SEGMENTS)
REDACTED = "…"


def redact_secrets(text: str) -> str:
    """`text` with every link token replaced: /xac-nhan/abc…/ -> /xac-nhan/…/."""
    if not any(marker in text for marker in _MARKERS):
        return text
    return _TOKEN.sub(rf"\g<1>{REDACTED}", text)
