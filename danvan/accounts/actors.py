"""The account behind an actor, for a change that records who made it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.core.actors import Actor, user_of

__all__ = ["acting_user", "signed_in_user"]


def signed_in_user(actor: Actor | None) -> User | None:
    """The signed-in user behind ``actor`` as the account model, for a change that records who
    made it; ``None`` for the public and the system."""
    user = user_of(actor)
    return user if isinstance(user, User) else None


def acting_user(actor: Actor | None) -> User:
    """The signed-in user making a change only a person may make (an officer's note, a
    decision): anyone else is refused."""
    user = signed_in_user(actor)
    if user is None:
        raise PermissionDenied(_("You are not allowed to do this."))
    return user
