"""The Redis cache keeps one client per connection pool (miglobe.core.cache) and behaves as Django's."""

import pytest
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "miglobe.core.cache.RedisCache", reason="no Redis in this run"
)


def test_one_client_serves_every_call_and_the_cache_works():
    client = cache._cache.get_client(write=True)
    assert cache.add("miglobe-cache-test", 1, timeout=30)
    assert not cache.add("miglobe-cache-test", 2, timeout=30)
    assert cache.incr("miglobe-cache-test") == 2
    assert cache.get("miglobe-cache-test") == 2
    cache.delete("miglobe-cache-test")
    assert cache.get("miglobe-cache-test") is None
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # one server: reads go to the same pool
