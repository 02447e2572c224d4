"""The citizen's access to a letter by tracking code and PIN, with a lockout against guessing."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.letters.models import Letter
from danvan.letters.services.intake import normalise_tracking_code, pin_matches

MAX_FAILURES: Final = 5
LOCK_MINUTES: Final = 15


class TrackingError(ApplicationError):
    pass


class TrackingLockedError(TrackingError):
    pass


def letter_track(*, code: str, pin: str, request: Any = None) -> Letter:
    """The letter with this code and PIN. A wrong code and a wrong PIN get the same answer (the
    code's existence is not revealed); five wrong PINs lock the code for 15 minutes."""
    wrong = TrackingError(_("The tracking code or the PIN is wrong."))
    normalised = normalise_tracking_code(code)
    pin = (pin or "").strip()
    if not normalised or not pin.isdigit() or len(pin) != 6:
        raise wrong
    letter = Letter.objects.filter(tracking_code=normalised).first()
    if letter is None:
        raise wrong
    now = timezone.now()
    if letter.pin_locked_until is not None and letter.pin_locked_until > now:
        raise TrackingLockedError(
            _("Too many wrong PINs. Try again after %(time)s.")
            % {"time": timezone.localtime(letter.pin_locked_until).strftime("%H:%M")}
        )
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
                    action="letters.tracking.locked",
                    actor=AnonymousUser(),
                    target=letter,
                    request=request,
                )
        if locked:
            raise TrackingLockedError(
                _("Too many wrong PINs. The letter is locked for %(n)d minutes.")
                % {"n": LOCK_MINUTES}
            )
        raise wrong
    if letter.pin_failures:
        Letter.objects.filter(pk=letter.pk).update(pin_failures=0)
    return letter
