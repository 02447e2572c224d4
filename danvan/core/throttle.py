"""Counting tries in the cache and refusing more for a while: the one throttle of the public
pages (tries per client address) and of guessed codes (wrong PINs for a code no object has).

A ``Throttle`` counts hits on a key for ``window`` seconds from the first hit; the hit that
reaches ``limit`` locks the key for ``lock`` seconds (by default until the window ends), and
``retry_after`` says how long is left. Keys are stored as keyed hashes (HMAC with a key derived
from SECRET_KEY), so the cache holds neither an address nor a code. ``Throttle.admit`` is the
door of a form: it refuses a locked key with ``Throttled`` and counts the try otherwise.

Not everything that limits tries is built on it: the sign-in lockout is Axes' (per account, in
the database, with its own audit), and the one-time codes of ``notifications`` are limited per
address from the codes already sent (a resend interval and a number per hour), which a counter
in the cache could not replace without losing the rows it reads.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import ngettext

from danvan.core import audit
from danvan.core.errors import ApplicationError

__all__ = ["Throttle", "Throttled", "address_of", "minutes_left"]


def minutes_left(seconds: float) -> int:
    """Whole minutes a person is told to wait: rounded up, at least one."""
    return max(1, math.ceil(seconds / 60))


class Throttled(ApplicationError):  # noqa: N818 (the name says the failure)
    """Too many tries; ``retry_after`` is the wait in seconds (also in ``extra``)."""

    def __init__(self, *, retry_after: int) -> None:
        minutes = minutes_left(retry_after)
        super().__init__(
            ngettext(
                "Too many tries from your connection. Please wait %(n)d minute and try again.",
                "Too many tries from your connection. Please wait %(n)d minutes and try again.",
                minutes,
            )
            % {"n": minutes},
            extra={"retry_after": retry_after},
        )
        self.retry_after = retry_after
        self.minutes = minutes


def address_of(request: HttpRequest) -> str:
    """The key of a request's client address (the address itself is hashed by the throttle)."""
    return "ip:" + audit.client_ip(request)


def _digest(scope: str, key: str) -> str:
    secret = hashlib.sha256(f"danvan.core.throttle:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(secret, f"{scope}|{key}".encode(), hashlib.sha256).hexdigest()[:40]


@dataclass(frozen=True)
class Throttle:
    """At most ``limit`` hits on one key within ``window`` seconds; the hit that reaches the
    limit locks the key for ``lock`` seconds (``None``: until the window ends)."""

    scope: str
    limit: int
    window: int
    lock: int | None = None

    def _keys(self, key: str) -> tuple[str, str, str]:
        base = f"throttle:{self.scope}:{_digest(self.scope, key)}"
        return base, base + ":ends", base + ":until"

    def retry_after(self, key: str) -> int:
        """Seconds until ``key`` may try again (0: it may now)."""
        _count, _ends, until_key = self._keys(key)
        until = cache.get(until_key)
        if not isinstance(until, (int, float)):
            return 0
        left = until - time.time()
        return math.ceil(left) if left > 0 else 0

    def hit(self, key: str) -> int:
        """Count one hit; the seconds ``key`` is now locked for (0 while under the limit)."""
        count_key, ends_key, until_key = self._keys(key)
        now = time.time()
        cache.add(ends_key, now + self.window, timeout=self.window)
        cache.add(count_key, 0, timeout=self.window)
        try:
            count = int(cache.incr(count_key))
        except ValueError:  # expired between add and incr
            cache.set(count_key, 1, timeout=self.window)
            cache.set(ends_key, now + self.window, timeout=self.window)
            count = 1
        if count < self.limit:
            return 0
        if self.lock is not None:
            seconds = self.lock
        else:
            ends = cache.get(ends_key)
            seconds = math.ceil(ends - now) if isinstance(ends, (int, float)) else self.window
            seconds = max(1, seconds)
        cache.set(until_key, now + seconds, timeout=seconds)
        cache.delete_many([count_key, ends_key])
        return seconds

    def admit(self, key: str) -> None:
        """Let one try through and count it, or raise ``Throttled`` while ``key`` is locked."""
        left = self.retry_after(key)
        if left:
            raise Throttled(retry_after=left)
        self.hit(key)

    def admit_address(self, request: HttpRequest) -> None:
        """``admit`` for the request's client address."""
        self.admit(address_of(request))

    def reset(self, key: str) -> None:
        cache.delete_many(list(self._keys(key)))
