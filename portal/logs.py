"""Logging helpers: one event, one line."""

import logging

from .redact import redact_secrets


def escape_line_breaks(text: str) -> str:
    """CR and LF written as the two characters \\r and \\n, so a value cannot start a new line."""
    return text.replace("\r", "\\r").replace("\n", "\\n")


class EscapeLineBreaksFilter(logging.Filter):
    """Escape CR/LF in the message of every record (user input often ends up in a message),
    and take receipt tokens out of it (Django logs the path of a refused request, portal.redact).

    The message is formatted here once, so arguments are escaped as well; tracebacks, which are
    formatted later by the formatter, keep their own lines.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        escaped = redact_secrets(escape_line_breaks(message))
        if escaped != message or record.args:
            record.msg, record.args = escaped, ()
        return True
