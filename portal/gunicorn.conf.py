"""Gunicorn settings for bin/serve (`gunicorn -c portal/gunicorn.conf.py`): the access log on
stdout, with receipt tokens redacted from every line (portal.gunicorn_logging)."""

accesslog = "-"
logger_class = "portal.gunicorn_logging.RedactingLogger"
