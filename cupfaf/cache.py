"""Django's Redis cache, with its client objects made once per connection pool instead of once per call.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation, and
redis-py fills some 170 response callbacks in each: a quarter of the time of a cached API read.
A `redis.Redis` is safe to share between threads (its pool hands out connections), so one per pool
serves every call.
"""

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends import redis


class ReusingRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class RedisCache(redis.RedisCache):
    """The Redis cache of `REDIS_URL` (settings.CACHES): Django's, with ReusingRedisCacheClient."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def count(self, key, timeout):
        """Add one to the counter `key` (created at 0, kept `timeout` seconds) and return it: one round trip."""
        key = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incr(key)
        return pipeline.execute()[1]


def count(key, timeout):
    """Add one to the counter `key` in the default cache (created at 0, kept `timeout` seconds) and return it."""
    cache = caches[DEFAULT_CACHE_ALIAS]  # the backend itself: `django.core.cache.cache` is a proxy to it
    if isinstance(cache, RedisCache):
        return cache.count(key, timeout)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout)
        return 1
