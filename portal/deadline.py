"""A deadline for every request served by gunicorn's threaded worker (`make run`: gthread).

gunicorn's `timeout` ends a worker whose main loop stops telling the arbiter it is alive. With
threads (bin/serve runs `--threads 4`) the main loop is not the one serving requests: it goes
on answering while a request thread runs for minutes, so `timeout` never ends a slow request
(a 50,000-page PDF import ran 208 s). The known slow paths are bounded where they run (files
are read in a child process with limits, advisories.parsing.sandbox); this watchdog bounds
everything else, started in each worker by portal/gunicorn.conf.py:

1. at `limit` seconds (REQUEST_TIMEOUT) the request's thread gets a `RequestTimedOut`
   exception, raised at its next Python instruction (`PyThreadState_SetAsyncExc`); Django
   answers it with a 503 page (`RequestTimedOutMiddleware`), and the worker and its other
   requests go on;
2. if the thread is still on that request `grace` seconds later (stuck in C code: a database
   call, a regular expression; or it swallowed the exception), the worker process ends at
   once (`os._exit`), as gunicorn's `timeout` ends a sync worker, and the arbiter starts a new
   one. Requests in flight on the same worker are cut as well: the price of threads.

Why not the sync worker class, whose `timeout` holds: one request per process would need one
process per concurrent request, and several processes need Redis for the page cache (README);
`make run` serves from one process with threads on purpose.

No Django import here: the gunicorn configuration imports this module in the arbiter.
"""

import ctypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


class RequestTimedOut(Exception):
    """Raised inside a request's thread that ran past the deadline."""


@dataclass
class _Running:
    what: str
    started: float
    interrupted: bool = False


def interrupt_thread(thread_id: int) -> bool:
    """Raise RequestTimedOut in the thread `thread_id` at its next Python instruction."""
    changed = ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(RequestTimedOut)
    )
    return changed == 1


class Watchdog:
    """Tracks the requests in flight by thread; `check()` (every second, from its own thread
    once `start()`ed) interrupts one past `limit` and calls `on_stuck` past `limit + grace`."""

    def __init__(
        self,
        *,
        limit: float,
        grace: float,
        on_stuck: Callable[[str, float], None],
        warn: Callable[..., None],
        interval: float = 1.0,
    ):
        self.limit, self.grace, self.interval = limit, grace, interval
        self.on_stuck, self.warn = on_stuck, warn
        self._running: dict[int, _Running] = {}
        # Held while interrupting: a thread cannot finish its request (and start the next one,
        # which would then get the exception) between the check and the interruption.
        self._lock = threading.Lock()

    def request_started(self, what: str) -> None:
        """Called in the request's thread as it starts (gunicorn's pre_request)."""
        with self._lock:
            self._running[threading.get_ident()] = _Running(what, time.monotonic())

    def request_finished(self) -> None:
        """Called in the request's thread when it is done (gunicorn's post_request)."""
        with self._lock:
            self._running.pop(threading.get_ident(), None)

    def check(self) -> None:
        now = time.monotonic()
        stuck = []
        with self._lock:
            for thread_id, running in self._running.items():
                age = now - running.started
                if age > self.limit + self.grace and running.interrupted:
                    stuck.append((running.what, age))
                elif age > self.limit and not running.interrupted:
                    running.interrupted = True
                    interrupt_thread(thread_id)
                    self.warn("Request past %gs, interrupted: %s", self.limit, running.what)
        for what, age in stuck:
            self.on_stuck(what, age)

    def start(self) -> threading.Thread:
        def watch():
            while True:
                time.sleep(self.interval)
                self.check()

        thread = threading.Thread(target=watch, name="request-watchdog", daemon=True)
        thread.start()
        return thread


class RequestTimedOutMiddleware:
    """A request interrupted by the watchdog answers 503 with a page, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RequestTimedOut):
            return None
        from django.shortcuts import render

        response = render(request, "503_timeout.html", status=503)
        response["Retry-After"] = "60"
        return response
