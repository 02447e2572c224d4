"""Authentication events go into the audit trail (COMPLIANCE.md G6: successes and failures).

Signals are the one place that sees every login, whichever view performed it (our login page, the
admin's), so the audit entries are written here rather than in a view. Entries never hold the
username or password that was typed: a failure is recorded as a public actor (keyed hash of the IP),
naming the targeted account only by its id when that account exists.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from danvan.accounts.audit_actions import AuditAction
from danvan.core import audit

# An attempt refused because the account was already locked never reaches the password check:
# Axes' backend sets ``request.axes_locked_out`` and Axes does not count it (its
# ``axes_failures_since_start`` stays None). That case is recorded once, as a lockout, by
# ``audit_lockout``. The failure that triggers the lockout is counted, so it is recorded as a
# failure too, whichever of the two receivers runs first.


def _refused_while_locked(request: HttpRequest | None) -> bool:
    return (
        request is not None
        and bool(getattr(request, "axes_locked_out", False))
        and getattr(request, "axes_failures_since_start", None) is None
    )


def _target_account(username: Any) -> Any:
    if not isinstance(username, str) or not username:
        return None
    return get_user_model().objects.filter(username=username).first()


@receiver(user_logged_in, dispatch_uid="danvan.accounts.audit_login")
def audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit.record(action=AuditAction.LOGIN_SUCCEEDED, actor=user, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="danvan.accounts.audit_logout")
def audit_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(action=AuditAction.USER_LOGGED_OUT, actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="danvan.accounts.audit_login_failed")
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if _refused_while_locked(request):
        return
    audit.record(
        action=AuditAction.LOGIN_FAILED,
        actor=AnonymousUser(),
        target=_target_account(credentials.get("username")),
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="danvan.accounts.audit_lockout")
def audit_lockout(
    sender: Any, request: HttpRequest | None, username: Any, ip_address: Any, **kwargs: Any
) -> None:
    audit.record(
        action=AuditAction.LOGIN_LOCKED_OUT,
        actor=AnonymousUser(),
        target=_target_account(username),
        request=request,
    )
