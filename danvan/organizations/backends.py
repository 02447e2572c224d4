"""Grant Django permissions from a person's active unit roles (``roles.ROLE_PERMISSIONS``).

Lower layers (core, accounts) and feature contexts check ``user.has_perm("app.codename")`` and
never need to know about units. This backend authenticates nobody; it only answers permission
questions, after ``ModelBackend`` (which already gives superusers everything).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

from danvan.organizations import policies
from danvan.organizations.roles import permissions_for_roles

_CACHE_ATTR = "_danvan_role_perm_cache"


class RoleBackend(BaseBackend):
    def get_all_permissions(
        self, user_obj: AbstractBaseUser | AnonymousUser, obj: Model | None = None
    ) -> set[str]:
        # Object-level questions are answered by policies, not by global permissions.
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        cached: Any = getattr(user_obj, _CACHE_ATTR, None)
        if cached is None:
            roles = frozenset(role for _unit, role in policies.active_roles(user_obj))
            cached = permissions_for_roles(roles)
            setattr(user_obj, _CACHE_ATTR, cached)
        return set(cached)

    def has_perm(
        self, user_obj: AbstractBaseUser | AnonymousUser, perm: str, obj: Model | None = None
    ) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj: AbstractBaseUser | AnonymousUser, app_label: str) -> bool:
        return any(p.startswith(f"{app_label}.") for p in self.get_all_permissions(user_obj))
