"""Gunicorn settings for bin/serve (`gunicorn -c portal/gunicorn.conf.py`): the access log on
stdout, with receipt tokens redacted from every line (portal.gunicorn_logging).

Gunicorn answers some malformed requests itself (414 request line too long, 431 too many or too
long header fields, 400 bad syntax), with a fixed reply that carries none of the portal's
security headers; no setting adds them. So the request-line limit is raised to gunicorn's
highest (8190 bytes, about nginx's own 8k buffers): a long address reaches Django, which answers
with its headers; what gunicorn still refuses gets the headers from the reverse proxy (the
README's nginx lines fill in each header a reply lacks).
"""

accesslog = "-"
logger_class = "portal.gunicorn_logging.RedactingLogger"

limit_request_line = 8190  # the default 4094 answered a long search address with a bare 414
