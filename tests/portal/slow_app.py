"""A WSGI application for the deadline test (tests/portal/test_deadline.py), served by gunicorn
with the portal's configuration: one path busy in Python, one stuck in C, one quick."""

import os
import time

from portal.deadline import RequestTimedOut


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/busy":
        try:
            while True:  # Python code: the watchdog's exception lands here
                pass
        except RequestTimedOut:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"interrupted"]
    if path == "/stuck":
        time.sleep(3600)  # in C: only ending the worker ends it
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(os.getpid()).encode()]
