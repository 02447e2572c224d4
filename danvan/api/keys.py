"""Making, finding and revoking API keys (``models.ApiKey``).

A key reads ``dv_<prefix>_<secret>``: the prefix (8 hexadecimal characters) names the key in
lists, the secret is 32 random bytes. The whole string is stored as a keyed hash only
(``digest``), so it is shown once, when it is made.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.api.audit_actions import AuditAction
from danvan.api.models import ApiKey, Scope
from danvan.core import audit
from danvan.core.actors import Actor, user_of
from danvan.core.errors import ApplicationError
from danvan.organizations.models import Unit

__all__ = [
    "KEY_PREFIX",
    "TOUCH_EVERY",
    "ApiKeyError",
    "NewKey",
    "apikey_create",
    "apikey_for_token",
    "apikey_revoke",
    "apikey_touch",
    "digest_of",
    "parse_scopes",
]

KEY_PREFIX: Final = "dv_"
#: ``last_used_at`` is written at most this often per key (one UPDATE a minute, not a request).
TOUCH_EVERY: Final = dt.timedelta(minutes=1)
_SALT: Final = "danvan.api.key"
_SECRET_BYTES: Final = 32


class ApiKeyError(ApplicationError):
    pass


@dataclass(frozen=True)
class NewKey:
    """A key just made and its token, which is never shown again."""

    key: ApiKey
    token: str


def digest_of(token: str) -> str:
    """The keyed hash (HMAC-SHA256 with the deployment's secret key) stored for ``token``."""
    return salted_hmac(_SALT, token, algorithm="sha256").hexdigest()


def parse_scopes(value: str | Iterable[str]) -> list[str]:
    """``"read,submit"`` (or a list) as known scopes in a fixed order; raises ``ApiKeyError``
    for an unknown one or none."""
    items = value.split(",") if isinstance(value, str) else list(value)
    wanted = {item.strip() for item in items if item.strip()}
    unknown = wanted - set(Scope.values)
    if unknown:
        raise ApiKeyError(
            _("Unknown scope: %(scopes)s. The scopes are read, submit and act.")
            % {"scopes": ", ".join(sorted(unknown))}
        )
    if not wanted:
        raise ApiKeyError(_("Give the key at least one scope."))
    return [s for s in Scope.values if s in wanted]


@transaction.atomic
def apikey_create(
    *,
    name: str,
    scopes: str | Iterable[str],
    actor: Actor,
    user: AbstractBaseUser | None = None,
    unit: Unit | None = None,
) -> NewKey:
    """Make a key for ``user`` (it acts as them) or for an integration of ``unit`` (exactly one
    of the two), with ``scopes``. Audited; returns the key and its token, shown once.

    Raises ``ApiKeyError`` for a missing name, unknown scopes, both or neither of user and unit,
    or an inactive user.
    """
    name = (name or "").strip()
    if not name:
        raise ApiKeyError(_("Give the key a name."))
    if (user is None) == (unit is None):
        raise ApiKeyError(_("A key belongs either to a user or to the integration of a unit."))
    if user is not None and not user.is_active:
        raise ApiKeyError(_("This account is not active."))
    checked = parse_scopes(scopes)
    for _attempt in range(3):
        prefix = secrets.token_hex(4)
        token = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(_SECRET_BYTES)}"
        try:
            with transaction.atomic():
                key = ApiKey.objects.create(
                    name=name[:100],
                    prefix=prefix,
                    digest=digest_of(token),
                    user=user if isinstance(user, User) else None,
                    unit=unit,
                    scopes=checked,
                    created_by=_user(actor),
                )
            break
        except IntegrityError:  # the same 8-character prefix drawn twice: draw again
            continue
    else:  # pragma: no cover - three collisions of 32 random bits
        raise ApiKeyError(_("The key could not be made. Please try again."))
    audit.record(
        action=AuditAction.KEY_CREATED,
        actor=actor,
        target=key,
        extra={"scopes": checked, "integration": unit is not None},
    )
    return NewKey(key=key, token=token)


@transaction.atomic
def apikey_revoke(*, key: ApiKey, actor: Actor) -> ApiKey:
    """Revoke ``key`` (refused from the next request on); a revoked key stays revoked."""
    if key.revoked_at is not None:
        return key
    key.revoked_at = timezone.now()
    key.revoked_by = _user(actor)
    key.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(action=AuditAction.KEY_REVOKED, actor=actor, target=key)
    return key


def _user(actor: Actor) -> User | None:
    found = user_of(actor)
    return found if isinstance(found, User) else None


def apikey_for_token(token: str) -> ApiKey | None:
    """The active key whose token is ``token`` (with its user and unit), or None."""
    if not token.startswith(KEY_PREFIX) or len(token) > 200:
        return None
    return (
        ApiKey.objects.select_related("user", "unit")
        .filter(digest=digest_of(token), revoked_at__isnull=True)
        .first()
    )


def apikey_touch(key: ApiKey, now: dt.datetime | None = None) -> None:
    """Record that ``key`` was used, at most once per ``TOUCH_EVERY`` (one conditional UPDATE,
    which also keeps two requests at once from writing twice)."""
    moment = now or timezone.now()
    if key.last_used_at is not None and moment - key.last_used_at < TOUCH_EVERY:
        return
    ApiKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=moment - TOUCH_EVERY)
    ).update(last_used_at=moment)
    key.last_used_at = moment
