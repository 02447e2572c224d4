"""With REDIS_URL set, the cache (and cached sessions) use a real Redis server."""

from __future__ import annotations

import os
import socket
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("DANVAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache():
    if not _redis_up():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI starts Redis on 127.0.0.1:6379, but it is not answering.")
        pytest.skip("Redis is not running on 127.0.0.1:6379 (start redis-server to run this).")
    config = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"danvan-test-{uuid.uuid4().hex}",
        }
    }
    with override_settings(CACHES=config):
        cache = caches.create_connection("default")
        yield cache
        cache.clear()


def test_values_round_trip_through_redis(redis_cache):
    redis_cache.set("greeting", "Xin chào Đà Nẵng", timeout=30)
    assert redis_cache.get("greeting") == "Xin chào Đà Nẵng"
    assert redis_cache.add("counter", 0) is True
    assert redis_cache.add("counter", 5) is False  # add never overwrites
    assert redis_cache.incr("counter") == 1


@pytest.mark.django_db
def test_sessions_survive_in_the_cached_database_backend(redis_cache, client, settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"danvan-test-{uuid.uuid4().hex}",
        }
    }
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    session = client.session
    session["probe"] = "ok"
    session.save()
    assert client.session["probe"] == "ok"
