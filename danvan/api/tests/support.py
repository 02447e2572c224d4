"""Helpers of the api tests."""

from __future__ import annotations

from typing import Any

from django.test import Client

from danvan.api import keys


def key_for(*, scopes: str = "read", user: Any = None, unit: Any = None, name: str = "") -> str:
    made = keys.apikey_create(
        name=name or "Ứng dụng thử nghiệm", scopes=scopes, user=user, unit=unit, actor=None
    )
    return made.token


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def api_client() -> Client:
    return Client(enforce_csrf_checks=True)


def problem(response: Any) -> dict[str, Any]:
    """The problem document of ``response``, after checking its media type and shape."""
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}, body
    assert body["status"] == response.status_code
    assert body["type"].startswith("/api/problems/")
    return body
