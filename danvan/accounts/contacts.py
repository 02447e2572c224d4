"""Citizens' contact identifiers: Vietnamese mobile numbers and e-mail addresses.

A citizen's username is their normalised contact (``+84912345678`` or ``ten@example.vn``), so the
same person typing ``0912 345 678`` or ``+84 912 345 678`` always reaches the same account.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# Mobile numbers after the 2018 move to 10 digits: 03x (32-39), 05x (52, 55, 56, 58, 59),
# 07x (70, 76-79), 08x (81-89), 09x. Landlines (02x) cannot receive text messages.
_MOBILE_NATIONAL = re.compile(r"(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}")
_SEPARATORS = re.compile(r"[\s.\-()]")
# Usernames are limited to 150 characters; no real e-mail address comes near that.
MAX_EMAIL_LENGTH = 150


def looks_like_phone(value: str) -> bool:
    """True when ``value`` is written like a phone number (digits, +, spaces, dots, dashes)."""
    compact = _SEPARATORS.sub("", value.strip())
    return bool(compact) and re.fullmatch(r"\+?\d+", compact) is not None


def normalize_mobile(value: str) -> str:
    """Return the number as ``+84`` followed by 9 digits, or raise ``ValidationError``.

    Accepts ``0912345678``, ``0912 345 678``, ``+84912345678``, ``84912345678`` and
    ``0084912345678``.
    """
    compact = _SEPARATORS.sub("", value.strip())
    if compact.startswith("+84"):
        national = compact[3:]
    elif compact.startswith("0084"):
        national = compact[4:]
    elif compact.startswith("84") and len(compact) == 11:
        national = compact[2:]
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        national = ""
    if not _MOBILE_NATIONAL.fullmatch(national):
        raise ValidationError(
            _(
                "Enter a Vietnamese mobile number of 10 digits, for example 0912345678 "
                "or +84912345678."
            ),
            code="invalid_phone",
        )
    return f"+84{national}"


def normalize_email(value: str) -> str:
    """Return the address in lower case, or raise ``ValidationError``."""
    email = value.strip().lower()
    if len(email) > MAX_EMAIL_LENGTH:
        raise ValidationError(
            _("This e-mail address is too long (at most %(max)d characters).")
            % {"max": MAX_EMAIL_LENGTH},
            code="email_too_long",
        )
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            _("Enter a valid e-mail address, for example ten@example.vn."), code="invalid_email"
        ) from exc
    return email


def normalize_login_identifier(value: str) -> str:
    """What a person typed in the username box, mapped onto how usernames are stored.

    Phone numbers become ``+84…`` and e-mail addresses lower case; anything else (staff
    usernames) is kept as typed. An unrecognisable number is kept too, so that the login simply
    fails with the usual message instead of revealing which formats exist.
    """
    stripped = value.strip()
    if looks_like_phone(stripped):
        try:
            return normalize_mobile(stripped)
        except ValidationError:
            return stripped
    if "@" in stripped:
        return stripped.lower()
    return stripped
