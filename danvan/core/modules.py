"""The registry of back-office modules shown on the staff home page.

Each context registers its modules from its ``AppConfig.ready()``; the staff home lists those whose
permission the person holds. Lower layers never import the contexts that register here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.utils.functional import Promise


@dataclass(frozen=True)
class Module:
    key: str
    title: str | Promise
    description: str | Promise
    url_name: str
    permission: str  # "app_label.codename", checked with user.has_perm()


_REGISTRY: dict[str, Module] = {}


def register(module: Module) -> None:
    _REGISTRY[module.key] = module


def modules_for(user: PermissionsMixin | AnonymousUser) -> list[Module]:
    return [m for m in _REGISTRY.values() if user.has_perm(m.permission)]


def all_modules() -> list[Module]:
    return list(_REGISTRY.values())
