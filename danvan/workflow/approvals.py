"""What needs approval (trình — duyệt), declared by the modules and read by the proposals.

Two kinds of action may need a head's approval before they happen:

* **a declared move** of a ``core.gate.Workflow``: ``move(..., approval=Approval(...))``, the
  workflow registered with ``register_workflow`` from the module's ``AppConfig.ready()``;
* **a registered service call** (a role grant, …): ``register_service(ApprovableService(...))``.

An ``Approval`` names who may approve (a predicate of the person and the subject: the object
for a move, the proposal for a service call) with the label a refused person reads. This module
is plain Python (no model import), so ``AppConfig.ready()`` and the gate's declarations can use
it freely.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.db import models
    from django.db.models import Q
    from django_stubs_ext import StrOrPromise

    from danvan.accounts.models import User
    from danvan.core.gate import Move, Workflow

__all__ = [
    "ApprovableService",
    "Approval",
    "approval_of",
    "register_service",
    "register_workflow",
    "service",
    "services",
    "workflow_for",
    "workflows",
]


@dataclass(frozen=True)
class Approval:
    """Who may approve: ``may(user, subject)`` (the object of a move, the proposal of a service
    call), ``label`` naming them ("the head of the permit's unit") for the refusal's message.

    ``perform(proposal, obj, approver)``, when given, is what approving a proposed move does:
    the module's service for the move (which makes the move through the gate itself, with its
    documents and notices), called as the approver with the proposal's ``arguments`` (the
    service's JSON arguments, which ``clean(arguments)`` checks and returns when the proposal is
    made). Without it, approving makes the bare move with the proposal's field changes.

    ``candidates(subject)`` names the people among whom the approvers are (user ids: the head
    and the deputies of the unit, its administrators): when a proposal awaits, the kit asks
    ``may`` of each and notifies those who may (``workflow.staff_notifications``). Without it
    nobody is notified; the proposal still waits in the approvers' work list.

    ``candidate_of(user)`` is its inverse, as a condition: the subjects (objects of the move's
    model; for a service call, the proposals) whose candidates may include ``user`` (the
    letters of the units they head, the grants in the units they administer). The proposals
    awaiting a person are read with it in one query (``proposals.awaiting_my_approval``), then
    ``may`` is asked of those alone. It may name more subjects than ``candidates`` would, never
    fewer. Without it every pending proposal of that approval is read and asked.
    """

    may: Callable[[User, Any], bool]
    label: StrOrPromise
    perform: Callable[[Any, Any, User], Any] | None = None
    clean: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None
    candidates: Callable[[Any], Iterable[int]] | None = None
    candidate_of: Callable[[User], Q] | None = None


@dataclass(frozen=True)
class ApprovableService:
    """A service call that is proposed first and made once approved.

    ``clean(arguments)`` checks the proposed arguments (JSON values) and returns them as they
    are stored, raising ``ValidationError`` with a message for the form; ``may_propose(user,
    arguments)`` says who may propose it; ``target(arguments)`` is the saved object the call is
    about (its history shows the proposal; ``None`` when there is none); ``describe(arguments)``
    is its one-line title; ``perform(proposal, approver)`` makes the call as the approver.
    """

    key: str
    label: StrOrPromise
    approval: Approval
    clean: Callable[[Mapping[str, Any]], dict[str, Any]]
    may_propose: Callable[[User, Mapping[str, Any]], bool]
    target: Callable[[Mapping[str, Any]], models.Model | None]
    describe: Callable[[Mapping[str, Any]], str]
    perform: Callable[[Any, User], Any]


_SERVICES: dict[str, ApprovableService] = {}
_WORKFLOWS: dict[str, Workflow[Any, Any]] = {}


def register_service(entry: ApprovableService) -> None:
    """Register a service call that needs approval (again with the same entry: harmless)."""
    known = _SERVICES.get(entry.key)
    if known is not None and known != entry:
        raise ImproperlyConfigured(f"The approvable service {entry.key!r} is registered twice.")
    _SERVICES[entry.key] = entry


def service(key: str) -> ApprovableService | None:
    return _SERVICES.get(key)


def register_workflow(workflow: Workflow[Any, Any]) -> None:
    """Make ``workflow``'s moves proposable (its model's proposals find it here)."""
    label = workflow.model._meta.label_lower
    known = _WORKFLOWS.get(label)
    if known is not None and known is not workflow:
        raise ImproperlyConfigured(f"Another workflow is registered for {label!r}.")
    if not any(isinstance(m.approval, Approval) for m in workflow.moves):
        raise ImproperlyConfigured(f"No move of the workflow of {label!r} needs approval.")
    _WORKFLOWS[label] = workflow


def workflow_for(model: type[models.Model]) -> Workflow[Any, Any] | None:
    return _WORKFLOWS.get(model._meta.label_lower)


def workflows() -> list[Workflow[Any, Any]]:
    """Every workflow registered, whose moves may be proposed."""
    return list(_WORKFLOWS.values())


def services() -> list[ApprovableService]:
    """Every service call registered that needs approval."""
    return list(_SERVICES.values())


def approval_of(move: Move[Any, Any]) -> Approval | None:
    """The move's approval, or ``None`` for a move made directly."""
    return move.approval if isinstance(move.approval, Approval) else None
