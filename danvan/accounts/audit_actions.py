"""The audit action names the accounts context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: A person signed in.
    LOGIN_SUCCEEDED = "accounts.login.succeeded", _("Signed in")
    #: A sign-in was refused (wrong username or password).
    LOGIN_FAILED = "accounts.login.failed", _("Sign-in refused")
    #: Too many failed sign-ins locked the account or address out.
    LOGIN_LOCKED_OUT = "accounts.login.locked_out", _("Sign-in locked after repeated failures")
    #: A signed-in person signed out.
    USER_LOGGED_OUT = "accounts.user.logged_out", _("Signed out")
    #: A citizen registered an account.
    CITIZEN_REGISTERED = "accounts.citizen.registered", _("Citizen account registered")
    #: A person changed their own password.
    PASSWORD_CHANGED = "accounts.password.changed", _("Password changed")
    #: The code that should confirm a new authenticator app was wrong.
    TOTP_SETUP_FAILED = "accounts.totp.setup_failed", _("Authenticator setup code refused")
    #: A person confirmed a new authenticator app (second factor turned on).
    TOTP_CONFIRMED = "accounts.totp.confirmed", _("Two-step verification turned on")
    #: A second-factor code was accepted at sign-in.
    TOTP_VERIFIED = "accounts.totp.verified", _("Two-step verification code accepted")
    #: A second-factor code was refused at sign-in.
    TOTP_FAILED = "accounts.totp.failed", _("Two-step verification code refused")
    #: A person's authenticator apps were removed (second factor turned off).
    TOTP_DISABLED = "accounts.totp.disabled", _("Two-step verification turned off")
