"""Who may keep the dated rule tables."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from danvan.organizations import policies as org
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Unit
from danvan.organizations.roles import Role

AnyUser = AbstractBaseUser | AnonymousUser


def can_manage_rules(user: AnyUser | None) -> bool:
    """The rule tables (time limits, duties, legal bases) apply to the whole deployment:
    superusers and the administrators of a unit at the top of the tree."""
    if org.is_superuser(user):
        return True
    held = {unit_id for unit_id, role in org.active_roles(user) if role == Role.ADMINISTRATOR}
    return any(org_selectors.parent(unit) is None for unit in Unit.objects.filter(pk__in=held))
