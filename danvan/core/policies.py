"""Permission predicates of the core context (audit trail).

The permission ``core.view_auditentry`` is granted by the organisations context's auth backend to
unit administrators and inspectors; core itself never looks at units. The superuser flag, which
makes Django answer yes to every permission, does not open the trail: it records who read which
denouncer's identity and every step of every letter (Luật Tố cáo 2018 Arts. 8(3), 47), and a
superuser keeps the deployment, not its cases. A superuser reads the trail only by holding the
permission the way anyone else does (through a role).

Others read a part of the trail through the scopes the contexts register
(``register_trail_scope``): letters lets the leader of a unit read the entries about the unit's
letters and cases. A scope gives a condition on the entries' object (type and id), never on
their hashed content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_backends
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db.models import Q, QuerySet

from danvan.core.models import AuditEntry

VIEW_AUDIT_PERMISSION = "core.view_auditentry"


def _held_without_the_flag(user: AbstractUser, perm: str) -> bool:
    """Whether ``user`` holds ``perm`` other than by being a superuser: ``ModelBackend`` (and
    ``User.has_perm``) grant a superuser everything, so for one only the other backends count."""
    if not user.is_superuser:
        return bool(user.has_perm(perm))
    person: Any = user
    return any(
        backend.has_perm(person, perm)
        for backend in get_backends()
        if not isinstance(backend, ModelBackend) and hasattr(backend, "has_perm")
    )


def can_view_audit(user: AbstractUser | AnonymousUser) -> bool:
    """May this person browse the audit trail? (Not for being a superuser: see the module.)"""
    if not (user.is_authenticated and user.is_active):
        return False
    assert isinstance(user, AbstractUser)  # noqa: S101 - signed in: a real account
    return _held_without_the_flag(user, VIEW_AUDIT_PERMISSION)


#: ``scope(user)``: the entries a signed-in person may read through a context, as a condition
#: on ``AuditEntry`` (its ``target_type`` and ``target_id``), or None for none.
TrailScope = Callable[[AbstractUser], Q | None]

_SCOPES: dict[str, TrailScope] = {}


def register_trail_scope(key: str, scope: TrailScope) -> None:
    """Let a context open part of the trail to people without the permission (by key: a
    second registration under the same key replaces the first)."""
    _SCOPES[key] = scope


def _scoped(user: AbstractUser | AnonymousUser) -> Q | None:
    if not (user.is_authenticated and user.is_active) or not isinstance(user, AbstractUser):
        return None
    found = [q for scope in _SCOPES.values() if (q := scope(user)) is not None]
    if not found:
        return None
    combined = found[0]
    for q in found[1:]:
        combined |= q
    return combined


def can_open_trail(user: AbstractUser | AnonymousUser) -> bool:
    """May this person open the trail's pages: with the permission, or through a scope."""
    return can_view_audit(user) or _scoped(user) is not None


def visible_audit_entries(user: AbstractUser | AnonymousUser) -> QuerySet[AuditEntry]:
    """The audit entries this person may see: all of them with the permission, else those the
    registered scopes give them (none without one)."""
    if can_view_audit(user):
        return AuditEntry.objects.all()
    scoped = _scoped(user)
    if scoped is None:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(scoped)
