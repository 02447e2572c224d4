"""The one throttle of the public pages: a count per key in the cache for a window, a lock when
the limit is reached, the wait in whole minutes, and keys kept only as keyed hashes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone, translation

from danvan.core.throttle import Throttle, Throttled, address_of, minutes_left


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _request(address: str) -> object:
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_minutes_are_rounded_up_and_never_zero() -> None:
    assert [minutes_left(s) for s in (0, 1, 59, 60, 61, 899, 900)] == [1, 1, 1, 1, 2, 15, 15]


def test_the_hit_that_reaches_the_limit_locks_until_the_window_ends() -> None:
    throttle = Throttle("test.window", limit=3, window=600)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert throttle.hit("k") == 0
        traveller.shift(dt.timedelta(minutes=2))
        assert throttle.hit("k") == 0
        assert throttle.retry_after("k") == 0
        assert throttle.hit("k") == 480  # the window began 2 minutes ago
        assert throttle.retry_after("k") == 480
        traveller.shift(dt.timedelta(minutes=8, seconds=1))
        assert throttle.retry_after("k") == 0
        assert throttle.hit("k") == 0  # a new window


def test_a_fixed_lock_runs_from_the_hit_that_reached_the_limit() -> None:
    throttle = Throttle("test.lock", limit=2, window=900, lock=900)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        throttle.hit("k")
        traveller.shift(dt.timedelta(minutes=10))
        assert throttle.hit("k") == 900
        traveller.shift(dt.timedelta(minutes=14))
        assert throttle.retry_after("k") == 60
        traveller.shift(dt.timedelta(minutes=1, seconds=1))
        assert throttle.retry_after("k") == 0


def test_admit_lets_the_limit_through_then_refuses_with_the_minutes_left() -> None:
    throttle = Throttle("test.admit", limit=3, window=15 * 60)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(3):
            throttle.admit("k")
        traveller.shift(dt.timedelta(minutes=3, seconds=30))
        with translation.override("en"), pytest.raises(Throttled) as refused:
            throttle.admit("k")
        assert refused.value.retry_after == 11 * 60 + 30
        assert refused.value.minutes == 12
        assert "Please wait 12 minutes" in str(refused.value)
        traveller.shift(dt.timedelta(minutes=11))
        with translation.override("en"), pytest.raises(Throttled) as refused:
            throttle.admit("k")
        assert "Please wait 1 minute and" in str(refused.value)
        traveller.shift(dt.timedelta(seconds=31))
        throttle.admit("k")  # the window has ended


def test_the_vietnamese_message_tells_the_minutes() -> None:
    with translation.override("vi"):
        message = str(Throttled(retry_after=700))
    assert "12 phút" in message


def test_two_addresses_are_counted_apart() -> None:
    throttle = Throttle("test.address", limit=2, window=900)
    first, second = _request("203.0.113.7"), _request("198.51.100.20")
    throttle.admit_address(first)  # type: ignore[arg-type]
    throttle.admit_address(first)  # type: ignore[arg-type]
    with pytest.raises(Throttled):
        throttle.admit_address(first)  # type: ignore[arg-type]
    throttle.admit_address(second)  # type: ignore[arg-type]
    assert throttle.retry_after(address_of(second)) == 0  # type: ignore[arg-type]


def test_two_scopes_are_counted_apart_and_reset_clears_one_key() -> None:
    tracking = Throttle("test.one", limit=1, window=900)
    other = Throttle("test.two", limit=1, window=900)
    assert tracking.hit("k") == 900
    assert other.retry_after("k") == 0
    tracking.reset("k")
    assert tracking.retry_after("k") == 0


def _stored_keys() -> list[str]:
    """Every key the cache holds, read from the backend in use (local memory or Redis)."""
    store: Any = cache._cache  # type: ignore[attr-defined]
    if isinstance(store, dict):
        return [str(key) for key in store]
    return [key.decode() for key in store.get_client().keys("*")]


def test_the_cache_keeps_neither_the_address_nor_the_key() -> None:
    cache.clear()
    throttle = Throttle("test.secret", limit=5, window=900)
    throttle.admit_address(_request("203.0.113.7"))  # type: ignore[arg-type]
    throttle.hit("DV-ABCD-EFGH")
    keys = _stored_keys()
    assert len(keys) >= 2
    assert not any("203.0.113.7" in key or "ABCD" in key for key in keys)
