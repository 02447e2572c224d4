"""Domain failures: exceptions that carry a message fit to show the person who acted.

Services raise a subclass of ``ApplicationError`` when a rule refuses an action (an illegal status
move, a duplicate registration, a date outside the calendar). Its ``message`` is translated
(gettext) and safe to display; HTML views show it with ``messages.error`` or beside the form, and
the API turns it into an RFC 9457 problem document. Programming errors stay ordinary exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ApplicationError(Exception):
    """A rule refused the action; ``message`` is translated and shown to the person."""

    def __init__(self, message: StrOrPromise, *, extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.extra = dict(extra or {})

    def __str__(self) -> str:
        return str(self.message)
