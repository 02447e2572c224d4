"""Who is staff, and who must prove a second factor.

Other contexts check staff access through ``STAFF_PERMISSION`` (or ``StaffRequiredMixin`` in
``danvan.accounts.mixins``) and never through ``User.is_staff``, which only opens the Django admin.
"""

from __future__ import annotations

from typing import Any, Final

from django.conf import settings
from django_otp import user_has_device

STAFF_PERMISSION: Final = "accounts.access_staff_area"


def is_staff_member(user: Any) -> bool:
    """True for a signed-in person who may use the staff area (a unit member or a superuser)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(STAFF_PERMISSION))


def second_factor_required(user: Any) -> bool:
    """True when the deployment demands a second factor from this person.

    Level-3 information systems require it for every staff account (COMPLIANCE.md §2.4, G7):
    ``DANVAN_STAFF_OTP_REQUIRED`` is always on in production. Citizens are never required to.
    """
    return bool(settings.DANVAN_STAFF_OTP_REQUIRED) and is_staff_member(user)


def has_second_factor(user: Any) -> bool:
    """True when the person has a confirmed authenticator device."""
    return bool(user.is_authenticated and user_has_device(user, confirmed=True))


def second_factor_expected(user: Any) -> bool:
    """True when this person must enter a code after the password: either the deployment
    requires it, or they set up an authenticator themselves (voluntary use is honoured)."""
    return second_factor_required(user) or has_second_factor(user)


def may_turn_off_second_factor(user: Any) -> bool:
    return has_second_factor(user) and not second_factor_required(user)
