"""The citizen's access to a letter by tracking code and PIN, with a lockout against guessing."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Final

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Letter
from danvan.letters.services.intake import normalise_tracking_code, pin_matches

MAX_FAILURES: Final = 5
LOCK_MINUTES: Final = 15


class TrackingError(ApplicationError):
    pass


class TrackingLockedError(TrackingError):
    pass


def _locked_until(until: dt.datetime) -> TrackingLockedError:
    return TrackingLockedError(
        _("Too many wrong PINs. Try again after %(time)s.")
        % {"time": timezone.localtime(until).strftime("%H:%M")}
    )


def _locked_now() -> TrackingLockedError:
    return TrackingLockedError(
        _("Too many wrong PINs. The letter is locked for %(n)d minutes.") % {"n": LOCK_MINUTES}
    )


def _unknown_code_failure(code: str, now: dt.datetime) -> TrackingError:
    """A code no letter has gets the same counting and lock as a real one, kept in the cache, so
    the answers never tell whether a code exists."""
    key = "letters.track.unknown:" + hashlib.sha256(code.encode()).hexdigest()[:32]
    until = cache.get(key + ":until")
    if isinstance(until, dt.datetime) and until > now:
        return _locked_until(until)
    window = LOCK_MINUTES * 60
    cache.add(key, 0, timeout=window)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        failures = 1
    if failures < MAX_FAILURES:
        return TrackingError(_("The tracking code or the PIN is wrong."))
    cache.set(key + ":until", now + dt.timedelta(minutes=LOCK_MINUTES), timeout=window)
    cache.delete(key)
    return _locked_now()


def letter_track(*, code: str, pin: str, request: Any = None) -> Letter:
    """The letter with this code and PIN. A wrong code and a wrong PIN get the same answer (the
    code's existence is not revealed); five wrong PINs lock the code for 15 minutes, whether a
    letter has it or not."""
    wrong = TrackingError(_("The tracking code or the PIN is wrong."))
    normalised = normalise_tracking_code(code)
    pin = (pin or "").strip()
    if not normalised or not pin.isdigit() or len(pin) != 6:
        raise wrong
    now = timezone.now()
    letter = Letter.objects.filter(tracking_code=normalised).first()
    if letter is not None and letter.pin_locked_until is not None and letter.pin_locked_until > now:
        raise _locked_until(letter.pin_locked_until)
    if letter is None:
        raise _unknown_code_failure(normalised, now)
    if not pin_matches(letter.pin_hash, pin):
        # The failure count and the lock are committed before the error is raised: an error
        # raised inside the atomic block would roll them back.
        locked = False
        with transaction.atomic():
            Letter.objects.filter(pk=letter.pk).update(pin_failures=F("pin_failures") + 1)
            letter.refresh_from_db(fields=["pin_failures"])
            if letter.pin_failures >= MAX_FAILURES:
                locked = True
                Letter.objects.filter(pk=letter.pk).update(
                    pin_failures=0, pin_locked_until=now + dt.timedelta(minutes=LOCK_MINUTES)
                )
                audit.record(
                    action=AuditAction.TRACKING_LOCKED,
                    actor=AnonymousUser(),
                    target=letter,
                    request=request,
                )
        if locked:
            raise _locked_now()
        raise wrong
    if letter.pin_failures:
        Letter.objects.filter(pk=letter.pk).update(pin_failures=0)
    return letter
