"""The Redis cache backend keeps one client per connection pool (portal.cache).

Building a client connects nothing, so this runs without a Redis server; the page-cache tests
run against a real Redis in CI's PostgreSQL pass (REDIS_URL set in .ci/run)."""

from portal.cache import RedisCache


def test_one_redis_client_serves_every_call():
    backend = RedisCache("redis://127.0.0.1:6379/15", {})
    client = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is client
    assert backend._cache.get_client("c", write=True) is client


def test_replicas_each_get_their_own_client():
    backend = RedisCache("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15", {})
    primary = backend._cache.get_client(write=True)
    replica = backend._cache.get_client()
    assert primary is not replica
    assert backend._cache.get_client() is replica
    assert replica.connection_pool.connection_kwargs["port"] == 6380
