"""The citizen's access to a letter by tracking code and PIN: the kit's lockout
(``danvan.workflow.tracking``) on letters."""

from __future__ import annotations

from typing import Any

from danvan.letters.models import Letter
from danvan.workflow.tracking import (
    LOCK_MINUTES,
    MAX_FAILURES,
    TrackingError,
    TrackingLockedError,
    track,
)

__all__ = [
    "LOCK_MINUTES",
    "MAX_FAILURES",
    "TrackingError",
    "TrackingLockedError",
    "letter_track",
]


def letter_track(*, code: str, pin: str, request: Any = None) -> Letter:
    """The letter with this code and PIN. A wrong code and a wrong PIN get the same answer (the
    code's existence is not revealed); five wrong PINs lock the code for 15 minutes, whether a
    letter has it or not."""
    return track(Letter, code=code, pin=pin, request=request)
