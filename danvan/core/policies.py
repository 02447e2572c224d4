"""Permission predicates of the core context (audit trail).

The permission ``core.view_auditentry`` is held by superusers and granted by the organisations
context's auth backend to unit administrators and inspectors; core itself never looks at units.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db.models import QuerySet

from danvan.core.models import AuditEntry

VIEW_AUDIT_PERMISSION = "core.view_auditentry"


def can_view_audit(user: AbstractUser | AnonymousUser) -> bool:
    """May this person browse the audit trail?"""
    return bool(user.is_authenticated and user.is_active and user.has_perm(VIEW_AUDIT_PERMISSION))


def visible_audit_entries(user: AbstractUser | AnonymousUser) -> QuerySet[AuditEntry]:
    """The audit entries this person may see: all of them with the permission, else none."""
    if can_view_audit(user):
        return AuditEntry.objects.all()
    return AuditEntry.objects.none()
