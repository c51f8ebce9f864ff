"""Redis as a cache the site can live without.

Django's Redis cache raises on every call while Redis is down, so one stopped
server turned the home page, the API and the tracking page into 500s. Here a
failing call behaves as a cache miss (reads give the default, writes are dropped)
and is logged; after a failure Redis is left alone for a few seconds, so a server
that hangs costs one short timeout, not one per cache call. What the cache holds
is rebuilt from the database: the open-data answers are recomputed, and the
per-address limits count from zero again (logged, and /healthz says "degraded").
"""

import logging
import time

import redis

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("convive.cache")


class _ReusedClient(RedisCacheClient):
    """Django builds a new ``redis.Redis`` for every call (about 100 µs, as much as the
    round trip itself); one per connection pool serves every call and thread alike."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = getattr(pool, "_convive_client", None)
        if client is None:
            client = pool._convive_client = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        # Seconds to skip Redis after a failure before trying it again.
        self.retry_after = float(params.pop("DOWN_SECONDS", 5))
        options = dict(params.get("OPTIONS") or {})
        # A Redis that accepts and never answers must not hold a request for long.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = _ReusedClient
        self._down_until = 0.0

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _guard(self, operation, fallback, *args, **kwargs):
        if not self.available:
            return fallback
        try:
            return operation(*args, **kwargs)
        except redis.RedisError as exc:
            self._down_until = time.monotonic() + self.retry_after
            logger.warning("caché Redis no disponible (%s): se sigue sin caché durante %.0f s",
                           type(exc).__name__, self.retry_after)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._guard(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guard(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        sentinel = object()
        result = self._guard(super().incr, sentinel, key, delta, version)
        if result is sentinel:
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard(super().delete_many, None, keys, version)

    def clear(self):
        return self._guard(super().clear, False)

    def set_many_and_publish(self, values, channel, message) -> None:
        """Set each key of ``values`` ({key: (value, timeout)}) and announce ``message`` on
        ``channel``, in one MULTI/EXEC: listeners hear the announcements of several
        writers in the order their values were written. The channel is named with the
        cache's prefix, so sites sharing a Redis do not hear each other."""
        def write():
            pipe = self._cache.get_client(write=True).pipeline(transaction=True)
            for key, (value, timeout) in values.items():
                pipe.set(self.make_and_validate_key(key), self._cache._serializer.dumps(value),
                         ex=self.get_backend_timeout(timeout))
            pipe.publish(self.make_key(channel), message)
            pipe.execute()

        self._guard(write, None)

    def listener(self) -> redis.Redis:
        """A client of its own for a thread that waits on a subscription: a connection
        that waits is never one a request needs."""
        return redis.Redis.from_url(self._servers[0], socket_connect_timeout=0.5,
                                    socket_timeout=5, socket_keepalive=True)

    def ping(self) -> bool:
        """For /healthz: ask Redis itself, even while calls are being skipped."""
        try:
            alive = bool(self._cache.get_client(write=True).ping())
        except redis.RedisError:
            return False
        if alive:
            self._down_until = 0.0
        return alive
