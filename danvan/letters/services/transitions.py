"""The status writes of letters and cases: the gate (``danvan.core.gate``) bound to their
declared workflows (``danvan.letters.workflows``).

Each move is checked against the declaration, applied with a compare-and-set on ``version`` (of
two officers acting on the same letter at once exactly one succeeds and the other is told the
letter changed), and leaves a ``LetterStatusChange`` row and an audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from danvan.core.actors import Actor
from danvan.core.gate import InvalidTransitionError, StaleObjectError
from danvan.letters.models import Case, Letter
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.workflows import CASE_WORKFLOW, LETTER_WORKFLOW

__all__ = [
    "InvalidTransitionError",
    "StaleObjectError",
    "case_transition",
    "letter_transition",
]


def letter_transition(
    *,
    letter: Letter,
    to: LetterStatus | str,
    actor: Actor,
    key: str | None = None,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    public: bool | None = None,
    request: HttpRequest | None = None,
    audit_extra: Mapping[str, Any] | None = None,
) -> Letter:
    """Move ``letter`` to ``to`` by the declared move ``key``, saving ``changes`` in the same
    update (``Workflow.transition``)."""
    return LETTER_WORKFLOW.transition(
        letter, to=LetterStatus(to), actor=actor, key=key, reason=reason, changes=changes,
        expected_version=expected_version, public=public, request=request,
        audit_extra=audit_extra,
    )  # fmt: skip


def case_transition(
    *,
    case: Case,
    to: CaseStatus | str,
    actor: Actor,
    key: str | None = None,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    public: bool | None = None,
    audit_extra: Mapping[str, Any] | None = None,
) -> Case:
    """Move ``case`` to ``to`` (same rules as ``letter_transition``)."""
    return CASE_WORKFLOW.transition(
        case, to=CaseStatus(to), actor=actor, key=key, reason=reason, changes=changes,
        expected_version=expected_version, public=public, audit_extra=audit_extra,
    )  # fmt: skip
