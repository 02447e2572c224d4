"""Who may do what in the organisations context: named predicates, in one place.

Each ``can_*`` answers "may this person do it"; each ``visible_*`` returns the objects they may
see, so views can both check and filter. Roles reach as far as ``roles.ROLE_SCOPES`` says:
administrators and inspectors over their unit and everything below it, other roles over their own
unit only. Superusers may do everything. Anonymous visitors and citizens (people without an active
membership) may do nothing here.

Memberships of the current day are read once per user object (so once per request) and cached on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeGuard, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from danvan.core.actors import Actor
from danvan.organizations import selectors
from danvan.organizations.models import Membership, Unit
from danvan.organizations.models.dated import today
from danvan.organizations.roles import ROLE_SCOPES, STAFF_AREA_PERMISSION, Role, Scope

#: Whoever is asked about: a user, an anonymous visitor, the public or the platform itself.
AnyUser = Actor

_CACHE_ATTR = "_danvan_active_memberships"


def _is_person(user: AnyUser | None) -> TypeGuard[AbstractBaseUser]:
    return isinstance(user, AbstractBaseUser) and bool(user.is_active)


def is_superuser(user: AnyUser | None) -> bool:
    return _is_person(user) and bool(getattr(user, "is_superuser", False))


def active_roles(user: AnyUser | None, on: dt.date | None = None) -> list[tuple[int, str]]:
    """(unit id, role) pairs the person holds on ``on``; today's are cached on the user object."""
    if not _is_person(user):
        return []
    day = on or today()
    cached: Any = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] == day:
        return list(cached[1])
    pairs = list(
        Membership.objects.active_on(day)
        .filter(user_id=cast("int", user.pk))
        .values_list("unit_id", "role")
        .order_by("unit_id", "role")
    )
    if on is None or day == today():
        setattr(user, _CACHE_ATTR, (day, pairs))
    return pairs


def _as_roles(roles: Role | str | Iterable[Role | str]) -> set[str]:
    if isinstance(roles, str):
        return {str(roles)}
    return {str(r) for r in roles}


def is_official(user: AnyUser | None) -> bool:
    """Whether the person holds at least one role in a unit today (citizens hold none)."""
    return bool(active_roles(user))


def has_role(user: AnyUser | None, role: Role | str, unit: Unit, on: dt.date | None = None) -> bool:
    """Whether the person holds ``role`` over ``unit`` on ``on``: in the unit itself or, for a
    role whose scope is the subtree, in a unit above it."""
    held = {unit_id for unit_id, r in active_roles(user, on) if r == str(role)}
    if not held:
        return False
    if unit.pk in held:
        return True
    if ROLE_SCOPES[Role(role)] is Scope.SUBTREE:
        return bool(held & selectors.ancestor_ids([unit.pk], on))
    return False


def unit_ids_where(
    user: AnyUser | None, roles: Role | str | Iterable[Role | str], on: dt.date | None = None
) -> set[int]:
    wanted = _as_roles(roles)
    pairs = [(unit_id, r) for unit_id, r in active_roles(user, on) if r in wanted]
    direct = {unit_id for unit_id, _r in pairs}
    subtree_roots = {u for u, r in pairs if ROLE_SCOPES[Role(r)] is Scope.SUBTREE}
    if subtree_roots:
        direct |= selectors.descendant_ids(subtree_roots, on)
    return direct


def directed_unit_ids(
    user: AnyUser | None, roles: Role | str | Iterable[Role | str], on: dt.date | None = None
) -> set[int]:
    """The units where the person holds one of ``roles`` on ``on`` (subtree scopes expanded),
    and every unit those units direct (``selectors.directed_ids``): what a leader follows,
    without the powers a role exercises only in its own unit."""
    held = unit_ids_where(user, roles, on)
    return held | selectors.directed_ids(held, on) if held else held


def units_where(
    user: AnyUser | None, roles: Role | str | Iterable[Role | str], on: dt.date | None = None
) -> QuerySet[Unit]:
    """Units over which the person holds any of ``roles`` on ``on``, subtree scopes expanded."""
    return Unit.objects.filter(pk__in=unit_ids_where(user, roles, on))


def can_access_staff_area(user: AnyUser | None) -> bool:
    return user is not None and bool(cast("Any", user).has_perm(STAFF_AREA_PERMISSION))


def can_manage_unit(user: AnyUser | None, unit: Unit) -> bool:
    """Edit the unit, place units under it, dissolve or merge it: its administrators (including
    administrators of units above it) and superusers."""
    return is_superuser(user) or has_role(user, Role.ADMINISTRATOR, unit)


def can_create_root_unit(user: AnyUser | None) -> bool:
    """A unit with no parent widens the whole deployment's tree: superusers only."""
    return is_superuser(user)


def can_manage_memberships(user: AnyUser | None, unit: Unit) -> bool:
    """Grant and revoke roles in the unit: the same people who manage the unit. Kept as its own
    predicate so that the rule can diverge (e.g. leaders appointing their own staff)."""
    return is_superuser(user) or has_role(user, Role.ADMINISTRATOR, unit)


def visible_units(user: AnyUser | None) -> QuerySet[Unit]:
    """Units whose internal details (members) the person may see today: every unit where they
    hold a role, plus the subtrees of their administrator and inspector roles."""
    if is_superuser(user):
        return Unit.objects.all()
    if not _is_person(user):
        return Unit.objects.none()
    return units_where(user, list(Role))


def can_view_unit(user: AnyUser | None, unit: Unit) -> bool:
    """Whether ``unit`` is among ``visible_units(user)`` (its members may be shown)."""
    if is_superuser(user):
        return True
    return unit.pk in unit_ids_where(user, list(Role))


def require(allowed: bool, message: str | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``allowed``."""
    if not allowed:
        raise PermissionDenied(message or _("You are not allowed to do this."))
