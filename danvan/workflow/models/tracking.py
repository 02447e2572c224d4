"""What a citizen needs to follow an object without an account: a tracking code and a PIN.

``Tracked`` is the abstract mixin (the code, the PIN's keyed hash, the wrong-PIN count and the
lock); a module sets ``tracking_prefix`` (letters: ``DV``) and, if its audit trail names the
lock itself, ``tracking_locked_action``. The lockout is ``danvan.workflow.tracking.track``.

A code is ``<PREFIX>-XXXX-XXXX`` in an alphabet without 0/O and 1/I, so it can be read over the
phone; a PIN is six digits, shown once and kept as ``hmac$<salt>$<hex>``: an HMAC-SHA256 of
salt and PIN with a key derived from SECRET_KEY. A PIN is a bearer secret guarded online by the
lockout; offline the hash is useless without the server's key, so a slow password hasher, which
would cost a quarter of a second on every registration, buys nothing here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import ClassVar, Final

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CODE_ALPHABET",
    "PIN_LENGTH",
    "Tracked",
    "new_pin",
    "new_tracking_code",
    "normalise_tracking_code",
    "pin_hash",
    "pin_matches",
]

CODE_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_BODY_LENGTH: Final = 8
PIN_LENGTH: Final = 6
#: The purpose the PIN key is derived for. It is the letters' original one, kept so the PINs
#: given before the kit existed still match.
_PIN_KEY_PURPOSE: Final = "danvan.letters.pin"


def new_tracking_code(prefix: str) -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_BODY_LENGTH))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def normalise_tracking_code(value: str, prefix: str) -> str:
    """The code as stored, from what a person typed (any case, spaces or dashes, with or without
    the prefix); "" when it cannot be a code of this prefix."""
    cleaned = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if cleaned.startswith(prefix) and len(cleaned) == len(prefix) + CODE_BODY_LENGTH:
        cleaned = cleaned[len(prefix) :]
    if len(cleaned) != CODE_BODY_LENGTH:
        return ""
    return f"{prefix}-{cleaned[:4]}-{cleaned[4:]}"


def new_pin() -> str:
    return f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"


def _pin_digest(salt: str, pin: str) -> str:
    key = hashlib.sha256(f"{_PIN_KEY_PURPOSE}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{salt}:{pin}".encode(), hashlib.sha256).hexdigest()


def pin_hash(pin: str) -> str:
    """A keyed hash of a PIN: ``hmac$<salt>$<hex>``."""
    salt = secrets.token_hex(8)
    return f"hmac${salt}${_pin_digest(salt, pin)}"


def pin_matches(stored: str, pin: str) -> bool:
    parts = (stored or "").split("$")
    if len(parts) != 3 or parts[0] != "hmac":
        return False
    return hmac.compare_digest(parts[2], _pin_digest(parts[1], pin))


class Tracked(models.Model):
    """An object a citizen follows with a tracking code and a PIN."""

    #: The code's first part, one per module (letters: ``DV``).
    tracking_prefix: ClassVar[str] = "TD"
    #: The audit name recorded when wrong PINs lock the code; ``None``: the kit's own
    #: (``workflow.tracking.locked``).
    tracking_locked_action: ClassVar[str | None] = None

    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    pin_hash = models.CharField(max_length=128, editable=False)
    pin_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    pin_locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @classmethod
    def new_tracking_code(cls) -> str:
        return new_tracking_code(cls.tracking_prefix)

    @classmethod
    def unique_tracking_code(cls) -> str:
        """A tracking code no object of this model has yet."""
        code = cls.new_tracking_code()
        while cls._default_manager.filter(tracking_code=code).exists():
            code = cls.new_tracking_code()
        return code

    @classmethod
    def normalise_tracking_code(cls, value: str) -> str:
        return normalise_tracking_code(value, cls.tracking_prefix)

    def set_tracking(self) -> str:
        """Give the (unsaved) object a new code and a new PIN; the PIN, to be shown once."""
        pin = new_pin()
        self.tracking_code = self.unique_tracking_code()
        self.pin_hash = pin_hash(pin)
        return pin

    def pin_matches(self, pin: str) -> bool:
        return pin_matches(self.pin_hash, pin)
