"""The identifiers Open311 clients see.

A request is named ``<letter id>-<check>``: the check is a keyed hash of the letter's id and
tracking code, so that nobody walks through the letters by counting (their status is the
tracking page's, which asks for a PIN). A token (the standard's ``tokens/{token}``) is made the
same way with another key. Both are verified against the current secret key and the fallback
keys, so a rotated secret does not lose a client's identifiers.
"""

from __future__ import annotations

import hmac
import re
from typing import Final

from django.conf import settings
from django.utils.crypto import salted_hmac

from danvan.letters.models import Letter

__all__ = ["letter_pk_of", "request_id", "token_of"]

_REQUEST_SALT: Final = "danvan.api.open311.request"
_TOKEN_SALT: Final = "danvan.api.open311.token"  # noqa: S105 - a salt, not a secret
_SHAPE: Final = re.compile(r"(\d{1,12})[-.]([0-9a-f]{12,20})")


def _check(salt: str, letter: Letter, secret: str | bytes | None = None, size: int = 12) -> str:
    value = f"{letter.pk}:{letter.tracking_code}"
    return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()[:size]


def request_id(letter: Letter) -> str:
    """The ``service_request_id`` of ``letter``."""
    return f"{letter.pk}-{_check(_REQUEST_SALT, letter)}"


def token_of(letter: Letter) -> str:
    """The ``token`` given with a new request."""
    return f"{letter.pk}.{_check(_TOKEN_SALT, letter, size=20)}"


def letter_pk_of(value: str) -> int | None:
    """The letter id named by a request id or a token, before it is verified (``verify``)."""
    found = _SHAPE.fullmatch(value.strip().lower())
    return int(found.group(1)) if found else None


def verify(value: str, letter: Letter) -> bool:
    """Whether ``value`` is the request id (``-``) or the token (``.``) of ``letter``."""
    found = _SHAPE.fullmatch(value.strip().lower())
    if found is None or int(found.group(1)) != letter.pk:
        return False
    is_token = value.strip()[len(found.group(1))] == "."
    salt, size = (_TOKEN_SALT, 20) if is_token else (_REQUEST_SALT, 12)
    given = found.group(2)
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(
        hmac.compare_digest(given, _check(salt, letter, secret=secret, size=size))
        for secret in secrets
    )
