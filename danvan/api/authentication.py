"""Who calls the API: a key (``Authorization: Bearer <key>``, or the ``api_key`` parameter that
Open311 clients send) or the site's own session (with its CSRF check on writes)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.request import Request

from danvan.api import keys
from danvan.api.models import ApiKey

__all__ = ["ApiKeyAuthentication", "CsrfSessionAuthentication", "IntegrationUser", "api_key_of"]

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class IntegrationUser(AnonymousUser):
    """The caller behind an integration key: no person and no role, so every policy treats it
    as the public (it never reads a protected identity), but authenticated for the API's own
    permission classes. ``unit_id`` is the unit of the integration."""

    def __init__(self, key: ApiKey) -> None:
        super().__init__()
        self.api_key = key
        self.unit_id = key.unit_id

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True

    def __str__(self) -> str:
        return f"integration:{self.api_key.prefix}"


def _token_of(request: Request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return str(value).strip()
    token = request.query_params.get("api_key", "")
    if not token and request.method == "POST":
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith(_FORM_TYPES):
            token = request._request.POST.get("api_key", "")
    return str(token or "").strip()


class ApiKeyAuthentication(BaseAuthentication):
    """A key given in the ``Authorization`` header (``Bearer``) or as ``api_key``. A key that is
    given but unknown or revoked is refused (401); no key leaves the request to the next
    authentication (the session), then to the public."""

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        token = _token_of(request)
        if not token:
            return None
        key = keys.apikey_for_token(token)
        if key is None:
            raise exceptions.AuthenticationFailed(_("This API key is unknown or revoked."))
        if key.user is not None and not key.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this API key is not active."))
        keys.apikey_touch(key)
        user: Any = key.user if key.user is not None else IntegrationUser(key)
        return user, key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class CsrfSessionAuthentication(SessionAuthentication):
    """The site's own session; writes need the CSRF token, as on its pages."""

    def authenticate_header(self, request: Request) -> str:
        # A 401 (not a 403) when nobody is signed in, so clients know to send a key.
        return 'Bearer realm="api"'


def api_key_of(request: Request) -> ApiKey | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None
