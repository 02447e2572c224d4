"""Who acts: a signed-in user, the public (a person without an account, known only by a keyed
hash of their address) or the platform itself (commands, background tasks).

Every service takes an ``Actor``; every read that depends on who reads takes a ``Viewer``. A
request's ``AnonymousUser`` stands for the public: the audit trail takes the address from the
request it is given. ``PublicActor`` carries that hash where no request travels with the call.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

__all__ = ["SYSTEM", "Actor", "PublicActor", "SystemActor", "Viewer", "user_id_of", "user_of"]


class SystemActor(enum.Enum):
    """The platform itself acting (management commands, background tasks)."""

    SYSTEM = "system"


#: Pass ``actor=SYSTEM`` from commands and tasks.
SYSTEM: Final = SystemActor.SYSTEM


@dataclass(frozen=True)
class PublicActor:
    """A member of the public, by the keyed hash of their address (``audit.hash_ip``)."""

    ip_hash: str = ""


#: Whoever makes a change.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | PublicActor | SystemActor
#: Whoever reads: a user, or an anonymous visitor.
Viewer: TypeAlias = AbstractBaseUser | AnonymousUser


def user_of(actor: Actor | None) -> AbstractBaseUser | None:
    """The signed-in user behind ``actor``; ``None`` for the public and the system."""
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        return actor
    return None


def user_id_of(actor: Actor | None) -> int | None:
    user = user_of(actor)
    return int(user.pk) if user is not None and user.pk is not None else None
