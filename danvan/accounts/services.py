"""Writes of the accounts context: citizen registration and the second factor.

Every function here is keyword-only, atomic and leaves an audit entry that names objects and fields,
never their values (no names, phone numbers, e-mail addresses, passwords or secrets).
"""

from __future__ import annotations

from typing import Any, Final

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.audit_actions import AuditAction
from danvan.accounts.models import CitizenProfile, ContactChannel, User
from danvan.core import audit
from danvan.core.errors import ApplicationError

# Bump when the text of the processing notice on the registration page changes.
PROCESSING_NOTICE_VERSION: Final = "2026-11"
TOTP_DEVICE_NAME: Final = "authenticator"


class RegistrationError(ApplicationError):
    """A registration that cannot go ahead; ``message`` is translated and shown to the person."""


class ContactAlreadyRegisteredError(RegistrationError):
    def __init__(self, channel: ContactChannel) -> None:
        if channel == ContactChannel.PHONE:
            message = _("An account with this phone number already exists. Please log in instead.")
        else:
            message = _(
                "An account with this e-mail address already exists. Please log in instead."
            )
        super().__init__(message)
        self.channel = channel


class ConsentRequiredError(RegistrationError):
    def __init__(self) -> None:
        super().__init__(_("You must read and accept the personal data processing notice."))


def contact_taken(*, phone: str = "", email: str = "") -> ContactChannel | None:
    """Which of the given (normalised) contacts already belongs to an account, if any."""
    if phone and User.objects.filter(Q(username=phone) | Q(phone=phone)).exists():
        return ContactChannel.PHONE
    if email and User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
        return ContactChannel.EMAIL
    return None


@transaction.atomic
def citizen_register(
    *,
    full_name: str,
    phone: str,
    email: str,
    preferred_channel: ContactChannel,
    password: str,
    notice_accepted: bool,
    request: HttpRequest | None = None,
) -> User:
    """Create a citizen account (no staff permission) and its ``CitizenProfile``.

    ``phone`` and ``email`` must already be normalised (``danvan.accounts.contacts``); the one of
    ``preferred_channel`` becomes the username. Raises ``ConsentRequiredError`` without consent and
    ``ContactAlreadyRegisteredError`` when the phone or e-mail is already used by any account.
    """
    if not notice_accepted:
        raise ConsentRequiredError()
    username = phone if preferred_channel == ContactChannel.PHONE else email
    if not username:
        raise ValueError("the preferred channel's contact is required")
    taken = contact_taken(phone=phone, email=email)
    if taken is not None:
        raise ContactAlreadyRegisteredError(taken)
    user = User(username=username, full_name=full_name.strip(), phone=phone, email=email)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent registration took the username first
        raise ContactAlreadyRegisteredError(preferred_channel) from exc
    CitizenProfile.objects.create(
        user=user,
        preferred_channel=preferred_channel,
        notice_version=PROCESSING_NOTICE_VERSION,
        notice_accepted_at=timezone.now(),
    )
    audit.record(
        action=AuditAction.CITIZEN_REGISTERED,
        actor=user,
        target=user,
        fields=["username", "full_name", "phone", "email", "password"],
        extra={"preferred_channel": str(preferred_channel), "notice": PROCESSING_NOTICE_VERSION},
        request=request,
    )
    return user


@transaction.atomic
def totp_device_for_setup(*, user: User) -> TOTPDevice:
    """The person's pending (unconfirmed) authenticator, created on first use.

    Reusing the pending device keeps the QR code stable when the setup page is reloaded.
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("-pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _verify(device: TOTPDevice, token: str) -> bool:
    allowed, _info = device.verify_is_allowed()
    return bool(allowed) and bool(device.verify_token(token.strip()))


@transaction.atomic
def totp_device_confirm(
    *, user: User, device: TOTPDevice, token: str, request: HttpRequest
) -> bool:
    """Confirm ``device`` with a code from the app; it then replaces any earlier authenticator.

    On success the session is marked verified with it. Returns False for a wrong code.
    """
    if device.user_id != user.pk or device.confirmed:
        raise ValueError("not a pending device of this user")
    if not _verify(device, token):
        audit.record(action=AuditAction.TOTP_SETUP_FAILED, actor=user, target=user, request=request)
        return False
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
    replaced_count = replaced.count()
    replaced.delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit.record(
        action=AuditAction.TOTP_CONFIRMED,
        actor=user,
        target=user,
        extra={"device": device.pk, "replaced": replaced_count},
        request=request,
    )
    return True


@transaction.atomic
def totp_verify(*, user: User, token: str, request: HttpRequest) -> TOTPDevice | None:
    """Check a code against the person's confirmed authenticators; mark the session verified.

    Returns the matching device, or None (wrong code, or too many recent failures: the device
    throttles itself, doubling the wait after each failure).
    """
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        if _verify(device, token):
            otp_login(request, device)
            audit.record(
                action=AuditAction.TOTP_VERIFIED,
                actor=user,
                target=user,
                extra={"device": device.pk},
                request=request,
            )
            return device
    audit.record(action=AuditAction.TOTP_FAILED, actor=user, target=user, request=request)
    return None


def totp_throttled_until(*, user: User) -> Any:
    """When the person may try a code again, or None when they may try now."""
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            return info["locked_until"]
    return None


@transaction.atomic
def totp_disable(*, user: User, request: HttpRequest) -> int:
    """Remove the person's authenticators.

    Callers check ``policies.may_turn_off_second_factor`` first.
    """
    deleted, _details = TOTPDevice.objects.filter(user=user).delete()
    audit.record(
        action=AuditAction.TOTP_DISABLED,
        actor=user,
        target=user,
        extra={"devices": deleted},
        request=request,
    )
    return int(deleted)
