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


def _compare_and_set(
    obj: Letter | Case, *, version: int, changes: Mapping[str, Any], status: str | None = None
) -> None:
    """Save ``changes`` only if the row still has ``version`` (and ``status``), bumping the
    version; raise ``StaleObjectError`` otherwise. The UPDATE's row lock makes a second
    concurrent writer wait and then find the version changed."""
    rows = type(obj).objects.filter(pk=obj.pk, version=version)
    if status is not None:
        rows = rows.filter(status=status)
    if rows.update(version=F("version") + 1, **dict(changes)) != 1:
        raise StaleObjectError()


def _move(
    obj: Letter | Case,
    *,
    to: str,
    label: Any,
    allowed: bool,
    actor: Any,
    reason: str,
    changes: Mapping[str, Any] | None,
    expected_version: int | None,
    public: bool,
    request: HttpRequest | None,
    audit_extra: Mapping[str, Any] | None,
) -> None:
    current = obj.status
    if not allowed:
        raise InvalidTransitionError(
            _("“%(current)s” cannot become “%(to)s”.")
            % {"current": obj.get_status_display(), "to": label}
        )
    changed = dict(changes or {})
    version = obj.version if expected_version is None else expected_version
    case = obj if isinstance(obj, Case) else None
    is_case = case is not None
    with transaction.atomic():
        _compare_and_set(obj, version=version, changes={"status": to, **changed}, status=current)
        LetterStatusChange.objects.create(
            letter_id=case.letter_id if case is not None else obj.pk,
            case=case,
            from_status=current,
            to_status=to,
            actor=_actor_user(actor),
            reason=reason,
            public=public,
        )
        audit.record(
            action="letters.case.status" if is_case else "letters.letter.status",
            actor=actor,
            target=obj,
            fields=["status", *changed.keys()],
            reason=reason,
            extra={"from": current, "to": str(to), **dict(audit_extra or {})},
            request=request,
        )
    obj.refresh_from_db()


def _update(
    obj: Letter | Case,
    *,
    actor: Any,
    changes: Mapping[str, Any],
    action: str,
    reason: str,
    expected_version: int | None,
    extra: Mapping[str, Any] | None,
    fields: Iterable[str] | None = None,
) -> None:
    version = obj.version if expected_version is None else expected_version
    with transaction.atomic():
        _compare_and_set(obj, version=version, changes=changes)
        audit.record(
            action=action,
            actor=actor,
            target=obj,
            fields=list(fields if fields is not None else changes.keys()),
            reason=reason,
            extra=dict(extra or {}),
        )
    obj.refresh_from_db()


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
    ``StaleObjectError`` when the letter changed since the caller read it
    (``expected_version``, else the version in hand).
    """
    target = LetterStatus(to)
    _move(
        letter, to=target, label=target.label,
        allowed=letter_move_allowed(letter.status, target), actor=actor, reason=reason,
        changes=changes, expected_version=expected_version, public=public, request=request,
        audit_extra=audit_extra,
    )  # fmt: skip
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
    _move(
        case, to=target, label=target.label, allowed=case_move_allowed(case.status, target),
        actor=actor, reason=reason, changes=changes, expected_version=expected_version,
        public=public, request=None, audit_extra=audit_extra,
    )  # fmt: skip
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
    _update(
        case, actor=actor, changes=changes, action=action, reason=reason,
        expected_version=expected_version, extra=extra, fields=fields,
    )  # fmt: skip
    return case
