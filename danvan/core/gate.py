"""The status gate: one declaration per model of its states and moves, and the one function that
moves an object.

A module declares a ``Workflow`` for each model that moves through statuses: the model's status
choices, how to write its history row, the audit names, and its ``Move``\\s. A move has a key (the
action's name on pages, in URLs and in the audit trail), the statuses it starts from, the
statuses it may lead to (none: an action that changes no status, such as adding a note, still
under the version check), the predicate that says who may make it (``may``, given the module's
policy object and the object), the conditions on the object that must hold (``guards``, each
with the message a person reads when it fails) and whether the public sees it in the history.

What the gate gives:

* ``Workflow.allowed_targets`` — the table of allowed status moves, derived from the moves.
* ``Workflow.available(policy, obj)`` — the moves this person may make on this object now: the
  pages show exactly these, and the services accept exactly these (``Workflow.check``).
* ``start`` / ``transition`` / ``update`` — the writes: a compare-and-set on the version the
  person saw (of two people acting at once, one succeeds and the other is told the object
  changed), the history row and the audit entry, in one transaction with the given field changes.

The gate imports nothing above ``core``: predicates come from the module's own policies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from danvan.core import audit, audit_present
from danvan.core.actors import Actor, user_of
from danvan.core.errors import ApplicationError
from danvan.core.models.versioned import StatusChangeBase, Versioned

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "Guard",
    "InvalidTransitionError",
    "Move",
    "StaleObjectError",
    "Workflow",
]

T = TypeVar("T", bound=Versioned)
P = TypeVar("P")


class InvalidTransitionError(ApplicationError):
    """The table does not allow the move from the object's current status."""


class StaleObjectError(ApplicationError):
    """The object changed since the person read it."""

    def __init__(self, message: StrOrPromise | None = None) -> None:
        super().__init__(
            message
            or _(
                "Someone else changed this record while you were working on it. Reload the page "
                "to see the change, then try again."
            )
        )


@dataclass(frozen=True)
class Guard(Generic[T]):
    """A condition on the object for a move, with the message shown when it fails (a text, or
    a function of the object for a message that names something of it)."""

    test: Callable[[T], bool]
    message: StrOrPromise | Callable[[T], str]
    error: type[ApplicationError] = ApplicationError

    def message_for(self, obj: T) -> StrOrPromise:
        return self.message(obj) if callable(self.message) else self.message


@dataclass(frozen=True)
class Move(Generic[T, P]):
    """One action on an object: a status move, or (``targets`` empty) a change under the
    version check that leaves the status as it is."""

    key: str
    sources: frozenset[str]
    targets: frozenset[str]
    may: Callable[[P, T], bool]
    guards: tuple[Guard[T], ...] = ()
    public: bool = True
    label: StrOrPromise = ""
    #: Who may send the move's form at all, whatever the object's state (``may`` when not
    #: given): a late form from such a person is told what changed instead of refused.
    who: Callable[[P, T], bool] | None = None
    #: What the move needs before it is made, for the layer above that reads it (the workflow
    #: kit's proposals: who must approve it). The gate itself does not interpret it.
    approval: Any = None
    #: Whether the move cannot be undone (a decision issued, a letter sent away, a resolution
    #: ended): the workflow kit's forms then ask the person to confirm it, and refuse without.
    irreversible: bool = False


def move(
    key: str,
    *,
    sources: Iterable[str],
    targets: Iterable[str] = (),
    may: Callable[[P, T], bool],
    guards: Sequence[Guard[T]] = (),
    public: bool = True,
    label: StrOrPromise = "",
    who: Callable[[P, T], bool] | None = None,
    approval: Any = None,
    irreversible: bool = False,
) -> Move[T, P]:
    """Declare a move (sets from any iterables)."""
    return Move(
        key=key, sources=frozenset(str(s) for s in sources),
        targets=frozenset(str(t) for t in targets), may=may, guards=tuple(guards),
        public=public, label=label, who=who, approval=approval, irreversible=irreversible,
    )  # fmt: skip


@dataclass(frozen=True)
class Workflow(Generic[T, P]):
    """The declaration of one model's states and moves.

    ``history`` returns the fields of a history row for the object besides the common ones
    (e.g. ``{"letter_id": ...}``); ``audit_name`` is the audit action of a status move
    (``<context>.<object>.status``); ``policy`` builds the module's policy object for an actor;
    ``relations`` names the relations between a person and the object that change what they
    may do, for the generated permission test; ``after_write`` keeps what the module stores
    derived from the object (a stored deadline, for a list to sort on): it is called with the
    object in the same transaction after every write through the gate (``start``,
    ``transition``, ``update``, ``claim``), the one place such a value can follow the object;
    ``after_start``, when given, is called by ``start`` instead (a new object's derived value may
    have been written with its INSERT, and then needs no second write).
    """

    model: type[T]
    states: type[models.TextChoices]
    history_model: type[StatusChangeBase]
    history: Callable[[T], Mapping[str, Any]]
    audit_name: str
    policy: Callable[[Actor], P]
    moves: tuple[Move[T, P], ...]
    initial: str
    status_field: str = "status"
    relations: tuple[str, ...] = ()
    stale_message: StrOrPromise | None = None
    after_write: Callable[[T], None] | None = None
    after_start: Callable[[T], None] | None = None
    _by_key: dict[str, Move[T, P]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for m in self.moves:
            if m.key in self._by_key:
                raise ValueError(f"move {m.key!r} is declared twice")
            unknown = (m.sources | m.targets) - set(self.states.values)
            if unknown:
                raise ValueError(f"move {m.key!r} names unknown statuses {sorted(unknown)}")
            self._by_key[m.key] = m
        # The trail shows the states a status move went from and to by their labels.
        audit_present.register_states(self.audit_name, self.states)

    # -- reading the declaration ---------------------------------------------------------

    def get(self, key: str) -> Move[T, P]:
        return self._by_key[key]

    @cached_property
    def allowed_targets(self) -> dict[str, frozenset[str]]:
        """The table of status moves: from each status, the statuses it may become."""
        table: dict[str, set[str]] = {}
        for m in self.moves:
            for source in m.sources:
                table.setdefault(source, set()).update(m.targets)
        return {k: frozenset(v) for k, v in table.items() if v}

    def move_allowed(self, current: str, to: str) -> bool:
        return to in self.allowed_targets.get(current, frozenset())

    def label(self, status: str) -> Any:
        return dict(self.states.choices).get(status, status)

    def status_of(self, obj: T) -> str:
        return str(getattr(obj, self.status_field))

    def is_open_to(self, policy: P, key: str, obj: T) -> bool:
        """Whether ``key`` is one of the moves the person may make on ``obj`` now."""
        m = self._by_key[key]
        return (
            self.status_of(obj) in m.sources
            and m.may(policy, obj)
            and all(g.test(obj) for g in m.guards)
        )

    def available(self, policy: P, obj: T) -> list[Move[T, P]]:
        """The moves the person may make on ``obj`` now, in declaration order."""
        return [m for m in self.moves if self.is_open_to(policy, m.key, obj)]

    def may_try(self, policy: P, key: str, obj: T) -> bool:
        """Whether the person may send ``key``'s form for ``obj`` at all (the move's ``who``):
        one who may not is refused outright; one who may, on an object that has moved on or
        fails a condition, is told why."""
        m = self._by_key[key]
        return (m.who or m.may)(policy, obj)

    def require_power(self, actor: Actor, key: str, obj: T, *, policy: P | None = None) -> None:
        """Refuse (``PermissionDenied``) a person who does not hold the power for ``key``."""
        m = self._by_key[key]
        if not m.may(policy if policy is not None else self.policy(actor), obj):
            raise PermissionDenied(_("You are not allowed to do this."))

    def guard_failures(self, key: str, obj: T) -> list[str]:
        """The messages of the conditions of ``key`` that ``obj`` does not meet."""
        return [str(g.message_for(obj)) for g in self._by_key[key].guards if not g.test(obj)]

    def require_guards(self, key: str, obj: T) -> None:
        """Refuse ``key`` on ``obj`` with the first condition it fails (its error, its
        message): what the page would not have offered."""
        for g in self._by_key[key].guards:
            if not g.test(obj):
                raise g.error(g.message_for(obj))

    def check(self, actor: Actor, key: str, obj: T, *, policy: P | None = None) -> Move[T, P]:
        """Refuse ``key`` on ``obj`` for ``actor`` as the page would not offer it: the power
        (``PermissionDenied``), then the status the move starts from, then the conditions (their
        own error and message)."""
        self.require_power(actor, key, obj, policy=policy)
        m = self._by_key[key]
        current = self.status_of(obj)
        if current not in m.sources:
            raise InvalidTransitionError(
                _("This cannot be done while the status is “%(current)s”.")
                % {"current": self.label(current)}
            )
        self.require_guards(key, obj)
        return m

    # -- writing -------------------------------------------------------------------------

    def _compare_and_set(
        self, obj: T, *, version: int, changes: Mapping[str, Any], status: str | None = None
    ) -> None:
        """Save ``changes`` only if the row still has ``version`` (and ``status``), bumping the
        version; raise ``StaleObjectError`` otherwise. The UPDATE's row lock makes a second
        concurrent writer wait and then find the version changed."""
        rows = self.model._default_manager.filter(pk=obj.pk, version=version)
        if status is not None:
            rows = rows.filter(**{self.status_field: status})
        if rows.update(version=F("version") + 1, **dict(changes)) != 1:
            raise StaleObjectError(self.stale_message)
        if self.after_write is not None:
            self.after_write(obj)

    def claim(self, obj: T, *, expected_version: int | None) -> T:
        """Act on the version the person saw: refuse (``StaleObjectError``) when ``obj``
        changed since, and move its version on, for a service whose change lies in other rows
        (a note, a withdrawal, a publication) and that records its own audit entry."""
        version = obj.version if expected_version is None else expected_version
        self._compare_and_set(obj, version=version, changes={})
        obj.refresh_from_db(fields=["version"])
        return obj

    def _history_row(self, obj: T, *, from_status: str, to: str, actor: Actor, reason: str,
                     public: bool) -> None:  # fmt: skip
        self.history_model._default_manager.create(
            **dict(self.history(obj)),
            from_status=from_status,
            to_status=to,
            actor=cast("Any", user_of(actor)),
            reason=reason,
            public=public,
        )

    def start(
        self,
        obj: T,
        *,
        actor: Actor,
        action: str,
        history_actor: Actor | None = None,
        reason: str = "",
        public: bool = True,
        extra: Mapping[str, Any] | None = None,
        request: HttpRequest | None = None,
    ) -> T:
        """Record that a new object entered its first status: the history row (from nothing to
        ``initial``) and the audit entry ``action``. ``history_actor`` is the person the history
        names when it differs from the one the audit names (an officer entering a letter
        received at the counter)."""
        status = self.status_of(obj)
        if status != self.initial:
            raise InvalidTransitionError(
                _("A new record starts as “%(status)s”.") % {"status": self.label(self.initial)}
            )
        with transaction.atomic():
            hook = self.after_start if self.after_start is not None else self.after_write
            if hook is not None:
                hook(obj)
            self._history_row(
                obj, from_status="", to=status,
                actor=actor if history_actor is None else history_actor, reason=reason,
                public=public,
            )  # fmt: skip
            audit.record(
                action=action, actor=actor, target=obj, reason=reason, extra=dict(extra or {}),
                request=request,
            )  # fmt: skip
        return obj

    def transition(
        self,
        obj: T,
        *,
        to: str,
        actor: Actor,
        key: str | None = None,
        reason: str = "",
        changes: Mapping[str, Any] | None = None,
        expected_version: int | None = None,
        public: bool | None = None,
        request: HttpRequest | None = None,
        audit_extra: Mapping[str, Any] | None = None,
        policy: P | None = None,
    ) -> T:
        """Move ``obj`` to ``to``, saving ``changes`` (field -> value) in the same update.

        ``key`` names the declared move: its targets must include ``to`` and ``actor`` must hold
        its power (``PermissionDenied`` otherwise; services call ``check`` first, so that a
        refusal comes with the conditions' own messages). Without ``key`` only the table is
        checked (the platform's own moves). Raises ``InvalidTransitionError`` for a move the
        table does not allow and ``StaleObjectError`` when the object changed since the person
        read it (``expected_version``, else the version in hand).
        """
        target = str(to)
        current = self.status_of(obj)
        declared = self._by_key[key] if key is not None else None
        allowed = self.move_allowed(current, target) and (
            declared is None or (current in declared.sources and target in declared.targets)
        )
        if declared is not None:
            self.require_power(actor, declared.key, obj, policy=policy)
        if not allowed:
            raise InvalidTransitionError(
                _("“%(current)s” cannot become “%(to)s”.")
                % {"current": self.label(current), "to": self.label(target)}
            )
        shown = public if public is not None else (declared.public if declared else True)
        changed = dict(changes or {})
        version = obj.version if expected_version is None else expected_version
        with transaction.atomic():
            self._compare_and_set(
                obj, version=version, changes={self.status_field: target, **changed},
                status=current,
            )  # fmt: skip
            self._history_row(
                obj, from_status=current, to=target, actor=actor, reason=reason, public=shown
            )
            audit.record(
                action=self.audit_name,
                actor=actor,
                target=obj,
                fields=[self.status_field, *changed.keys()],
                reason=reason,
                extra={"from": current, "to": target, **dict(audit_extra or {})},
                request=request,
            )
        obj.refresh_from_db()
        return obj

    def update(
        self,
        obj: T,
        *,
        actor: Actor,
        changes: Mapping[str, Any],
        action: str,
        reason: str = "",
        expected_version: int | None = None,
        extra: Mapping[str, Any] | None = None,
        fields: Iterable[str] | None = None,
        request: HttpRequest | None = None,
    ) -> T:
        """Save ``changes`` without a status move, under the version check, with the audit
        entry ``action``. ``changes`` may be empty: the version still moves on, so a form sent
        against the older version is told the object changed."""
        version = obj.version if expected_version is None else expected_version
        with transaction.atomic():
            self._compare_and_set(obj, version=version, changes=changes)
            audit.record(
                action=action,
                actor=actor,
                target=obj,
                fields=list(fields if fields is not None else changes.keys()),
                reason=reason,
                extra=dict(extra or {}),
                request=request,
            )
        obj.refresh_from_db()
        return obj
