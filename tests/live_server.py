"""The live server of browser tests, one request at a time on SQLite's in-memory database.

On SQLite the test database lives in memory, so Django hands the live server the test's own
connection, and the server answers each request in its own thread: two requests at once (a
page's two images, a progress page polling while the test runs the task worker) then use one
sqlite3 connection together, and one of them fails with "database table is locked" (a 503 in
the page). Taking `SHARED_CONNECTION` around each request, and around the test's own work
while the browser may be asking (`one_at_a_time`), puts them in a line. PostgreSQL gives each
thread its own connection and needs none of this: the lock is then never taken.
"""

import threading
from contextlib import contextmanager

from django.test.testcases import LiveServerThread

SHARED_CONNECTION = threading.RLock()


def _in_line(app):
    def serialized(environ, start_response):
        with SHARED_CONNECTION:
            return app(environ, start_response)

    return serialized


class OneRequestAtATimeServerThread(LiveServerThread):
    """Django's live server thread whose requests wait for each other when sharing a connection."""

    def _create_server(self, connections_override=None):
        server = super()._create_server(connections_override=connections_override)
        if connections_override:
            set_app = server.set_app
            server.set_app = lambda app: set_app(_in_line(app))
        return server


@contextmanager
def one_at_a_time():
    """The test's own database work, never at the same time as a request of the live server."""
    with SHARED_CONNECTION:
        yield
