"""A citizen's access to a tracked object by code and PIN, and what the tracking page shows of
its history.

``track(Model or queryset, code=…, pin=…, request=…)`` returns the object or raises
``TrackingError`` with the message to show. A wrong code and a wrong PIN get the same answer;
``MAX_FAILURES`` wrong PINs lock the code for ``LOCK_MINUTES``, whether an object has it or not
(a code nobody has is counted in the cache, ``core.throttle``), so no answer tells whether a
code exists; while locked the message says how many minutes are left. Locking a real object's
code leaves an audit entry.

``public_history(obj)`` and ``public_timeline(obj, text)`` are the public rows of the object's
status history (``StatusChangeBase.public``), for ``workflow/public_timeline.html``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.core.models.versioned import StatusChangeBase
from danvan.core.throttle import Throttle, minutes_left
from danvan.workflow.audit_actions import AuditAction
from danvan.workflow.models.tracking import PIN_LENGTH, Tracked

__all__ = [
    "LOCK_MINUTES",
    "MAX_FAILURES",
    "TimelineStep",
    "TrackingError",
    "TrackingLockedError",
    "public_history",
    "public_timeline",
    "track",
]

MAX_FAILURES: Final = 5
LOCK_MINUTES: Final = 15

T = TypeVar("T", bound=Tracked)


class TrackingError(ApplicationError):
    pass


class TrackingLockedError(TrackingError):
    """The code is locked; ``minutes`` is the wait the message tells."""

    def __init__(self, *, seconds: float) -> None:
        minutes = minutes_left(seconds)
        super().__init__(
            ngettext(
                "Too many wrong PINs. Please try again in %(n)d minute.",
                "Too many wrong PINs. Please try again in %(n)d minutes.",
                minutes,
            )
            % {"n": minutes},
            extra={"retry_after": int(seconds)},
        )
        self.minutes = minutes


def _wrong() -> TrackingError:
    return TrackingError(_("The tracking code or the PIN is wrong."))


def _unknown_codes(model: type[Tracked]) -> Throttle:
    """The count of wrong tries on codes no object of ``model`` has, with the same limit and
    lock as a real object's."""
    seconds = LOCK_MINUTES * 60
    return Throttle(
        f"workflow.track.unknown.{model._meta.label_lower}",
        limit=MAX_FAILURES,
        window=seconds,
        lock=seconds,
    )


def track(
    source: type[T] | QuerySet[T], *, code: str, pin: str, request: HttpRequest | None = None
) -> T:
    """The object of ``source`` (a ``Tracked`` model or a queryset of one) with this code and
    PIN. Refusals are ``TrackingError``; ``TrackingLockedError`` while the code is locked."""
    queryset: QuerySet[T] = (
        source if isinstance(source, QuerySet) else source._default_manager.all()
    )
    model: type[T] = queryset.model
    normalised = model.normalise_tracking_code(code)
    pin = (pin or "").strip()
    if not normalised or not pin.isdigit() or len(pin) != PIN_LENGTH:
        raise _wrong()
    now = timezone.now()
    obj = queryset.filter(tracking_code=normalised).first()
    if obj is None:
        unknown = _unknown_codes(model)
        left = unknown.retry_after(normalised)
        if left:
            raise TrackingLockedError(seconds=left)
        locked_for = unknown.hit(normalised)
        if locked_for:
            raise TrackingLockedError(seconds=locked_for)
        raise _wrong()
    if obj.pin_locked_until is not None and obj.pin_locked_until > now:
        raise TrackingLockedError(seconds=(obj.pin_locked_until - now).total_seconds())
    if not obj.pin_matches(pin):
        _count_failure(model, obj, now, request)
        if obj.pin_locked_until is not None and obj.pin_locked_until > now:
            raise TrackingLockedError(seconds=LOCK_MINUTES * 60)
        raise _wrong()
    if obj.pin_failures:
        model._default_manager.filter(pk=obj.pk).update(pin_failures=0)
        obj.pin_failures = 0
    return obj


def _count_failure(
    model: type[Tracked], obj: Tracked, now: dt.datetime, request: HttpRequest | None
) -> None:
    # Committed before the caller raises: an error raised inside the atomic block would roll the
    # count and the lock back.
    manager = model._default_manager
    with transaction.atomic():
        manager.filter(pk=obj.pk).update(pin_failures=F("pin_failures") + 1)
        obj.refresh_from_db(fields=["pin_failures"])
        if obj.pin_failures < MAX_FAILURES:
            return
        until = now + dt.timedelta(minutes=LOCK_MINUTES)
        manager.filter(pk=obj.pk).update(pin_failures=0, pin_locked_until=until)
        obj.pin_failures, obj.pin_locked_until = 0, until
        audit.record(
            action=model.tracking_locked_action or AuditAction.TRACKING_LOCKED,
            actor=AnonymousUser(),
            target=obj,
            request=request,
        )


# --- The public history ---------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineStep:
    at: Any
    text: str


def _history_field(obj: models.Model) -> tuple[type[StatusChangeBase], str]:
    found = [
        (rel.related_model, rel.field.name)
        for rel in obj._meta.related_objects
        if rel.one_to_many
        and isinstance(rel.related_model, type)
        and issubclass(rel.related_model, StatusChangeBase)
    ]
    if len(found) != 1:
        raise ImproperlyConfigured(
            f"{obj._meta.label} needs exactly one status history; pass history_model."
        )
    return found[0]


def public_history(
    obj: models.Model, history_model: type[StatusChangeBase] | None = None
) -> QuerySet[Any]:
    """The object's status changes the public may see (no actor, no reason), oldest first."""
    if history_model is None:
        history_model, field = _history_field(obj)
    else:
        field = next(
            f.name
            for f in history_model._meta.get_fields()
            if f.many_to_one and f.related_model is type(obj)
        )
    return history_model._default_manager.filter(**{field: obj, "public": True}).order_by(
        "at", "id"
    )


def public_timeline(
    obj: models.Model,
    text: Callable[[str], str],
    history_model: type[StatusChangeBase] | None = None,
) -> list[TimelineStep]:
    """The steps of ``workflow/public_timeline.html``: each public change's date, and the
    status it reached in the citizen's words (``text(status)``)."""
    return [
        TimelineStep(at=row.at, text=text(row.to_status))
        for row in public_history(obj, history_model)
    ]
