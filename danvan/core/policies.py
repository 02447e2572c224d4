"""Permission predicates of the core context (audit trail).

The permission ``core.view_auditentry`` is granted by the organisations context's auth backend to
unit administrators and inspectors; core itself never looks at units. The superuser flag, which
makes Django answer yes to every permission, does not open the trail: it records who read which
denouncer's identity and every step of every letter (Luật Tố cáo 2018 Arts. 8(3), 47), and a
superuser keeps the deployment, not its cases. A superuser reads the trail only by holding the
permission the way anyone else does (through a role).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_backends
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db.models import QuerySet

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


def visible_audit_entries(user: AbstractUser | AnonymousUser) -> QuerySet[AuditEntry]:
    """The audit entries this person may see: all of them with the permission, else none."""
    if can_view_audit(user):
        return AuditEntry.objects.all()
    return AuditEntry.objects.none()
