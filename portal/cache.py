"""Django's Redis cache backend, with one redis-py client per connection pool, and a circuit
breaker so that a Redis that does not answer never takes the site down.

One client per pool: Django's RedisCacheClient builds a new `redis.Redis` on every call (get,
get_many, set…), and redis-py fills a table of some eighty response callbacks in each
constructor: on a page served from the cache that was a third of the time (about 150 µs per
call, measured with cProfile in bench/). A `redis.Redis` is thread-safe (it takes a connection
from its pool per command), so one per pool serves every thread of the process.

The breaker: when a Redis command fails (refused, timed out: settings give the client short
connect and read timeouts), the cache answers as if empty (a miss, a write that did nothing)
and the breaker opens: for CACHE_RETRY_SECONDS no command is sent at all, so a request never
waits for a connect that will fail. After that, one request probes Redis with a PING; if it
answers, the breaker closes and `cache_recovered` is sent (advisories.caching bumps the
`epoch` tag every cached page depends on, since a publish during the outage could not bump its
own tags); if not, it stays open for another
interval. One warning in the log each time it opens, so one per interval during an outage, not
one per request. The state is per process and per Redis address, shared by the threads.

`ping()` asks Redis for real, whatever the breaker says: the readiness probe uses it.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger("portal.cache")

# Sent once Redis answers again after an outage this process saw (sender: the backend).
cache_recovered = Signal()


class ReusedRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._client(connection_pool=self._pools[index])
            client = self._clients.setdefault(index, client)
        return client


class Breaker:
    """Open (skip Redis) until `retry_at` after a failure; one thread probes when it is due."""

    def __init__(self):
        self.lock = threading.Lock()
        self.retry_at = None  # None: closed
        self.probing = False

    def is_open(self):
        return self.retry_at is not None


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker())


def reset_breakers():
    """Forget every outage (tests)."""
    with _breakers_lock:
        _breakers.clear()


def _retry_seconds():
    return getattr(settings, "CACHE_RETRY_SECONDS", 10)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient
        self._location = ",".join(self._servers)

    @property
    def breaker(self):
        return breaker_for(self._location)

    # --- the breaker ---

    def _usable(self):
        """Whether a command may be sent now: the breaker is closed, or it is due for a probe
        and this thread's PING got an answer (which closes it)."""
        breaker = self.breaker
        if breaker.retry_at is None:
            return True
        with breaker.lock:
            if breaker.retry_at is None:
                return True
            if breaker.probing or time.monotonic() < breaker.retry_at:
                return False
            breaker.probing = True
        try:
            self.ping()
        except RedisError:
            return False
        finally:
            breaker.probing = False
        return True

    def _failed(self, error):
        breaker = self.breaker
        with breaker.lock:
            already_open = breaker.retry_at is not None and time.monotonic() < breaker.retry_at
            breaker.retry_at = time.monotonic() + _retry_seconds()
        if not already_open:
            logger.warning(
                "Bộ nhớ đệm Redis %s không phản hồi (%s): trang được phục vụ thẳng từ cơ sở dữ "
                "liệu, không qua bộ nhớ đệm; thử lại sau %s giây.",
                self._location,
                type(error).__name__,
                _retry_seconds(),
            )

    def _recovered(self):
        breaker = self.breaker
        with breaker.lock:
            if breaker.retry_at is None:
                return
            breaker.retry_at = None
        logger.warning("Bộ nhớ đệm Redis %s đã phản hồi trở lại.", self._location)
        cache_recovered.send(sender=self)

    def ping(self):
        """PING Redis now (whatever the breaker says); raises RedisError if it does not answer.
        An answer after an outage closes the breaker; a failure opens it."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._failed(error)
            raise
        self._recovered()
        return True

    def validate_key(self, key):
        """Nothing to check: Redis takes any key. Django's check is memcached's (no spaces,
        at most 250 characters), a loop over every character of every key in Python: on a
        page that reads seventy tag versions it cost more than the round trip."""

    def _guarded(self, fallback, method, *args, **kwargs):
        if not self._usable():
            return fallback
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback

    # --- the cache API: a miss, or a write that did nothing, while Redis does not answer ---

    def add(self, *args, **kwargs):
        return self._guarded(False, super().add, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, *args, **kwargs):
        return self._guarded(None, super().set, *args, **kwargs)

    def incr(self, *args, **kwargs):
        """None while Redis does not answer (portal.ratelimit then counts nothing)."""
        return self._guarded(None, super().incr, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._guarded(False, super().touch, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._guarded(False, super().delete, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._guarded({}, super().get_many, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._guarded(False, super().has_key, *args, **kwargs)

    def set_many(self, keys, *args, **kwargs):
        return self._guarded(list(keys), super().set_many, keys, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._guarded(None, super().delete_many, *args, **kwargs)

    def clear(self):
        return self._guarded(False, super().clear)
