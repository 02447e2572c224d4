"""The base of every module's policy object: one object per person (and per request, on pages)
that answers "may this person do this to this object", "which objects may they see" and "who
may be given this", remembering each answer it computed.

A module subclasses ``Policy`` (``LetterPolicy``, …). Pages take the request's object with
``Policy.for_request(request)``, so the page, its forms and its actions ask the database each
question once; services build a fresh one for the actor they are given, so an answer never
outlives the change that could alter it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, Self, TypeVar, cast

from django.http import HttpRequest

from danvan.core.actors import Actor, user_id_of, user_of
from danvan.organizations import policies as org
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Unit
from danvan.organizations.roles import Role

R = TypeVar("R")

_REQUEST_ATTR = "_danvan_policies"


class Policy:
    """Answers about one person, each computed once."""

    def __init__(self, actor: Actor | None) -> None:
        self.actor = actor
        self.user = user_of(actor)
        self.user_id = user_id_of(actor)
        self._memo: dict[Hashable, Any] = {}

    @classmethod
    def for_request(cls, request: HttpRequest) -> Self:
        """The request's policy object of this class (one per request and class)."""
        store: dict[type[Policy], Policy] | None = getattr(request, _REQUEST_ATTR, None)
        if store is None:
            store = {}
            setattr(request, _REQUEST_ATTR, store)
        found = store.get(cls)
        if found is None or found.actor is not request.user:
            found = cls(request.user)
            store[cls] = found
        return cast("Self", found)

    def memo(self, key: Hashable, compute: Callable[[], R]) -> R:
        """``compute()`` the first time ``key`` is asked, the remembered answer afterwards."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast("R", self._memo[key])

    def forget(self) -> None:
        """Drop every remembered answer (after a change made within the same request)."""
        self._memo.clear()

    # -- the person's roles ----------------------------------------------------------------

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    def unit_ids_where(self, roles: Role | str | Iterable[Role | str]) -> frozenset[int]:
        """Units where the person holds one of ``roles`` today (subtree roles reach below)."""
        wanted = (str(roles),) if isinstance(roles, str) else tuple(sorted(str(r) for r in roles))
        return self.memo(
            ("units", wanted), lambda: frozenset(org.unit_ids_where(self.user, wanted))
        )

    def holds(self, role: Role | str, unit_id: int) -> bool:
        return unit_id in self.unit_ids_where(role)

    @property
    def is_superuser(self) -> bool:
        return org.is_superuser(self.user)


def can_manage_rules(actor: Actor | None) -> bool:
    """The rule tables (time limits, duties, legal bases) and the deployment-wide settings
    apply to the whole deployment: superusers and the administrators of a unit at the top of
    the tree."""
    if org.is_superuser(user_of(actor)):
        return True
    held = {
        unit_id for unit_id, role in org.active_roles(user_of(actor)) if role == Role.ADMINISTRATOR
    }
    return any(org_selectors.parent(unit) is None for unit in Unit.objects.filter(pk__in=held))


__all__ = ["Policy", "can_manage_rules"]
