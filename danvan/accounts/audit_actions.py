"""The audit action names the accounts context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import StrEnum, unique

__all__ = ["AuditAction"]


@unique
class AuditAction(StrEnum):
    #: A person signed in.
    LOGIN_SUCCEEDED = "accounts.login.succeeded"
    #: A sign-in was refused (wrong username or password).
    LOGIN_FAILED = "accounts.login.failed"
    #: Too many failed sign-ins locked the account or address out.
    LOGIN_LOCKED_OUT = "accounts.login.locked_out"
    #: A signed-in person signed out.
    USER_LOGGED_OUT = "accounts.user.logged_out"
    #: A citizen registered an account.
    CITIZEN_REGISTERED = "accounts.citizen.registered"
    #: A person changed their own password.
    PASSWORD_CHANGED = "accounts.password.changed"  # noqa: S105 (a name, not a password)
    #: The code that should confirm a new authenticator app was wrong.
    TOTP_SETUP_FAILED = "accounts.totp.setup_failed"
    #: A person confirmed a new authenticator app (second factor turned on).
    TOTP_CONFIRMED = "accounts.totp.confirmed"
    #: A second-factor code was accepted at sign-in.
    TOTP_VERIFIED = "accounts.totp.verified"
    #: A second-factor code was refused at sign-in.
    TOTP_FAILED = "accounts.totp.failed"
    #: A person's authenticator apps were removed (second factor turned off).
    TOTP_DISABLED = "accounts.totp.disabled"
