"""Checking and masking the addresses messages go to.

Callers pass addresses already normalised (``+84912345678``, lower-case e-mail); this module only
checks their shape, so that a typo caught nowhere else becomes a clear message instead of a
failed delivery, and masks them wherever they would otherwise be shown or logged.
"""

from __future__ import annotations

import re
from typing import Final

from django.utils.translation import gettext_lazy as _

from danvan.core.errors import ApplicationError

# International format, optional "+", 8 to 15 digits (ITU-T E.164 allows at most 15).
_PHONE_RE: Final = re.compile(r"\+?\d{8,15}")
# One "@", no spaces, a dot in the domain: enough to refuse what cannot be an address.
_EMAIL_RE: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_ADDRESS_LENGTH: Final = 254
_VISIBLE_PHONE_DIGITS: Final = 3


class AddressInvalid(ApplicationError):  # noqa: N818 (the name says the failure)
    """The e-mail address or phone number cannot be written to."""

    def __init__(self, *, phone: bool) -> None:
        if phone:
            message = _("The phone number is not valid, for example 0912345678 or +84912345678.")
        else:
            message = _("The e-mail address is not valid, for example ten@example.vn.")
        super().__init__(message)


def check_phone(phone: str) -> str:
    """The phone number as given, or ``AddressInvalid`` when it is not one."""
    if not _PHONE_RE.fullmatch(phone):
        raise AddressInvalid(phone=True)
    return phone


def check_email(email: str) -> str:
    """The e-mail address as given, or ``AddressInvalid`` when it is not one."""
    if len(email) > MAX_ADDRESS_LENGTH or not _EMAIL_RE.fullmatch(email):
        raise AddressInvalid(phone=False)
    return email


def mask_phone(phone: str) -> str:
    """Every character but the last three digits hidden: ``*********678``."""
    visible = phone[-_VISIBLE_PHONE_DIGITS:]
    return "*" * (len(phone) - len(visible)) + visible


def mask_email(email: str) -> str:
    """The first letter of the local part and the domain: ``n***@example.vn``."""
    local, _at, domain = email.rpartition("@")
    if not local:
        return "***"
    return f"{local[0]}***@{domain}"


def mask(address: str) -> str:
    """An e-mail address or a phone number, masked."""
    return mask_email(address) if "@" in address else mask_phone(address)


def scrub(text: str, address: str) -> str:
    """``text`` with every occurrence of ``address`` (any case) replaced by its masked form."""
    if not address:
        return text
    return re.sub(re.escape(address), mask(address), text, flags=re.IGNORECASE)
