"""The one gate through which letter and case statuses change.

Each move is checked against ``states``, applied with a compare-and-set on ``version`` (so of two
officers acting on the same letter at once exactly one succeeds and the other is told the letter
changed), and leaves a ``LetterStatusChange`` row and an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.letters.models import Case, Letter, LetterStatusChange
from danvan.letters.states import CaseStatus, LetterStatus, case_move_allowed, letter_move_allowed


class InvalidTransitionError(ApplicationError):
    pass


class StaleObjectError(ApplicationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this letter while you were working on it. Reload the page "
                "to see the change, then try again."
            )
        )


def _actor_user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def letter_transition(
    *,
    letter: Letter,
    to: LetterStatus | str,
    actor: Any,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    public: bool = True,
    request: HttpRequest | None = None,
    audit_extra: Mapping[str, Any] | None = None,
) -> Letter:
    """Move ``letter`` to ``to``, saving ``changes`` (field -> value) in the same update.

    Raises ``InvalidTransitionError`` for a move the table does not allow and
    ``StaleObjectError`` when the
    letter changed since the caller read it (``expected_version``, else the version in hand).
    """
    target = LetterStatus(to)
    current = letter.status
    if not letter_move_allowed(current, target):
        raise InvalidTransitionError(
            _("The letter is “%(current)s” and cannot become “%(to)s”.")
            % {"current": LetterStatus(current).label, "to": target.label}
        )
    version = letter.version if expected_version is None else expected_version
    fields = dict(changes or {})
    with transaction.atomic():
        updated = Letter.objects.filter(pk=letter.pk, version=version, status=current).update(
            status=target, version=F("version") + 1, **fields
        )
        if updated != 1:
            raise StaleObjectError()
        LetterStatusChange.objects.create(
            letter=letter,
            from_status=current,
            to_status=target,
            actor=_actor_user(actor),
            reason=reason,
            public=public,
        )
        audit.record(
            action="letters.letter.status",
            actor=actor,
            target=letter,
            fields=["status", *fields.keys()],
            reason=reason,
            extra={"from": current, "to": str(target), **dict(audit_extra or {})},
            request=request,
        )
    letter.refresh_from_db()
    return letter


def letter_update(
    *,
    letter: Letter,
    actor: Any,
    changes: Mapping[str, Any],
    action: str,
    reason: str = "",
    expected_version: int | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Letter:
    """Save ``changes`` on a letter without a status move, under the same version check."""
    version = letter.version if expected_version is None else expected_version
    with transaction.atomic():
        updated = Letter.objects.filter(pk=letter.pk, version=version).update(
            version=F("version") + 1, **dict(changes)
        )
        if updated != 1:
            raise StaleObjectError()
        audit.record(
            action=action,
            actor=actor,
            target=letter,
            fields=list(changes.keys()),
            reason=reason,
            extra=dict(extra or {}),
        )
    letter.refresh_from_db()
    return letter


def case_transition(
    *,
    case: Case,
    to: CaseStatus | str,
    actor: Any,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    public: bool = True,
    audit_extra: Mapping[str, Any] | None = None,
) -> Case:
    """Move ``case`` to ``to`` (same rules as ``letter_transition``)."""
    target = CaseStatus(to)
    current = case.status
    if not case_move_allowed(current, target):
        raise InvalidTransitionError(
            _("The case is “%(current)s” and cannot become “%(to)s”.")
            % {"current": CaseStatus(current).label, "to": target.label}
        )
    version = case.version if expected_version is None else expected_version
    fields = dict(changes or {})
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=version, status=current).update(
            status=target, version=F("version") + 1, **fields
        )
        if updated != 1:
            raise StaleObjectError()
        LetterStatusChange.objects.create(
            letter_id=case.letter_id,
            case=case,
            from_status=current,
            to_status=target,
            actor=_actor_user(actor),
            reason=reason,
            public=public,
        )
        audit.record(
            action="letters.case.status",
            actor=actor,
            target=case,
            fields=["status", *fields.keys()],
            reason=reason,
            extra={"from": current, "to": str(target), **dict(audit_extra or {})},
        )
    case.refresh_from_db()
    return case


def case_update(
    *,
    case: Case,
    actor: Any,
    changes: Mapping[str, Any],
    action: str,
    reason: str = "",
    expected_version: int | None = None,
    extra: Mapping[str, Any] | None = None,
    fields: Iterable[str] | None = None,
) -> Case:
    """Save ``changes`` on a case without a status move, under the version check."""
    version = case.version if expected_version is None else expected_version
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=version).update(
            version=F("version") + 1, **dict(changes)
        )
        if updated != 1:
            raise StaleObjectError()
        audit.record(
            action=action,
            actor=actor,
            target=case,
            fields=list(fields if fields is not None else changes.keys()),
            reason=reason,
            extra=dict(extra or {}),
        )
    case.refresh_from_db()
    return case
