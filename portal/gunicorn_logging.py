"""Gunicorn's logger, with the receipt tokens taken out of every line (portal.redact).

gunicorn.conf.py names it (`logger_class`). The access log is written from `atoms()`: each
value (the request line, the path, the referrer, a Location header…) is redacted there. The
error log ("Error handling request /xac-nhan/…") goes through a filter doing the same.
"""

import logging

from gunicorn.glogging import Logger

from .redact import redact_secrets


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact_secrets(value) if isinstance(value, str) else value
            for key, value in atoms.items()
        }
