"""Per-process caches of reference data, dropped in every process when the data changes.

Reference data that nearly every request reads and administrators rarely change (the
working-day calendar, the deadline rules) is kept in each process (``SharedCache``). Whoever
changes it stores a new random token for that kind of data in the same transaction
(``bump``, called by the models' save and delete signals; ``CacheStamp`` holds one row a kind).
A process reads the tokens of every kind in one query, once a request, on the first use of a
cache in that request, and drops a cache whose token is no longer the one it was filled under;
outside requests (the task worker, commands) it reads them again after ``RECHECK_SECONDS``. So
a correction saved by one process is seen by the next request of every other process, and a
process that changed nothing reads the data once.

The token is read before the data: what a cache holds is never older than its token. Tokens
are random, not counters: a change rolled back leaves the old token stored, which differs from
the one the rolled-back writer cached under, so that process reads the data again too.
``clear_all()`` drops every cache and token of this process (tests, after their rollback).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, Final, Generic, TypeVar

from django.core.signals import request_finished, request_started

from danvan.core.models.stamps import CacheStamp

__all__ = ["RECHECK_SECONDS", "SharedCache", "bump", "clear_all", "token"]

#: How long a process outside a request keeps the tokens it read.
RECHECK_SECONDS: Final = 60.0

V = TypeVar("V")

_local = threading.local()
_caches: dict[str, list[SharedCache[Any]]] = {}


def _tokens() -> dict[str, str]:
    tokens: dict[str, str] | None = getattr(_local, "tokens", None)
    now = time.monotonic()
    read_at: float = getattr(_local, "read_at", 0.0)
    stale = not getattr(_local, "in_request", False) and now - read_at > RECHECK_SECONDS
    if tokens is None or stale:
        tokens = dict(CacheStamp.objects.values_list("name", "token"))
        _local.tokens, _local.read_at = tokens, now
    return tokens


def token(name: str) -> str:
    """The token of ``name`` this request sees (empty when it never changed)."""
    return _tokens().get(name, "")


def bump(name: str) -> None:
    """Tell every process that the data ``name`` changed (in the caller's transaction), and drop
    this process's caches of it."""
    new = secrets.token_hex(16)
    CacheStamp.objects.bulk_create(
        [CacheStamp(name=name, token=new)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["token"],
    )
    tokens: dict[str, str] | None = getattr(_local, "tokens", None)
    if tokens is not None:
        tokens[name] = new
    _local.bumps = getattr(_local, "bumps", 0) + 1
    for cache in _caches.get(name, ()):
        cache.clear()


def clear_all() -> None:
    """Drop every cache and the tokens read by this thread."""
    _local.tokens = None
    for caches in _caches.values():
        for cache in caches:
            cache.clear()


def _request_started(**_kwargs: Any) -> None:
    _local.tokens, _local.in_request = None, True


def _request_finished(**_kwargs: Any) -> None:
    _local.tokens, _local.in_request = None, False


request_started.connect(_request_started, dispatch_uid="core.stamps.request_started")
request_finished.connect(_request_finished, dispatch_uid="core.stamps.request_finished")


class SharedCache(Generic[V]):
    """Values computed from the data ``name``, kept while its token stays the same."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._values: dict[Hashable, V] = {}
        self._token: str | None = None
        _caches.setdefault(name, []).append(self)

    def get(self, key: Hashable, load: Callable[[], V]) -> V:
        """The value kept for ``key``, or ``load()``'s, kept.

        A load that itself changes the data (the calendar seeds a year it finds missing) reads
        it after its own change: its value is kept under the token that change set. A change
        made meanwhile by another thread of this process drops the value (it may be newer)."""
        current = token(self.name)
        with self._lock:
            if current != self._token:
                self._values.clear()
                self._token = current
            if key in self._values:
                return self._values[key]
        bumps = getattr(_local, "bumps", 0)
        value = load()
        own_change = getattr(_local, "bumps", 0) != bumps
        with self._lock:
            kept: str | None = self._token  # another thread may have changed it meanwhile
            if own_change and kept is None:
                self._token = token(self.name)
                self._values[key] = value
            elif kept == current:
                self._values[key] = value
        return value

    def clear(self, *_args: Any, **_kwargs: Any) -> None:
        with self._lock:
            self._values.clear()
            self._token = None
