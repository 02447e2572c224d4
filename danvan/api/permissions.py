"""Scopes: what a key may do. A signed-in session has every scope its person's roles allow
(the policies decide the rest); a key has the scopes it was given."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request

from danvan.api.authentication import api_key_of
from danvan.api.models import Scope

__all__ = ["ActScope", "Public", "PublicSubmit", "ReadScope", "SubmitScope", "has_scope"]


def has_scope(request: Request, scope: Scope) -> bool:
    key = api_key_of(request)
    if key is not None:
        return key.has_scope(scope)
    return bool(request.user and request.user.is_authenticated)


class _ScopePermission(BasePermission):
    scope: Scope = Scope.READ

    @property
    def message(self) -> Any:
        return _("This API key does not have the “%(scope)s” scope.") % {"scope": self.scope}

    def has_permission(self, request: Request, view: Any) -> bool:
        return has_scope(request, self.scope)


class ReadScope(_ScopePermission):
    """Authenticated with a key of scope ``read`` or a session."""

    scope = Scope.READ


class SubmitScope(_ScopePermission):
    scope = Scope.SUBMIT


class ActScope(_ScopePermission):
    scope = Scope.ACT


class PublicSubmit(AllowAny):
    """Anyone may send a letter, as on the public form; a key that is given needs ``submit``."""

    message = _("This API key does not have the “submit” scope.")

    def has_permission(self, request: Request, view: Any) -> bool:
        key = api_key_of(request)
        return key is None or key.has_scope(Scope.SUBMIT)


class Public(AllowAny):
    """Anyone (tracking by code and PIN; the reference data a public form needs)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return True
