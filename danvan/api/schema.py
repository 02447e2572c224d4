"""The OpenAPI 3.1 schema: every operation's errors as problem documents, and the key's
security scheme."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

__all__ = ["PROBLEM", "ProblemAutoSchema", "problem_responses"]

_DESCRIPTIONS = {
    400: "The request is not valid, or a rule refused it.",
    401: "No valid key, or no session.",
    403: "The key lacks the scope, or the caller may not do this.",
    404: "Not found (or not visible to the caller).",
    405: "Method not allowed.",
    406: "The response format asked for cannot be given.",
    415: "The request body's format is not accepted.",
    429: "Too many requests; Retry-After says when to try again.",
    500: "An error on the server.",
}

#: RFC 9457 problem document.
PROBLEM = inline_serializer(
    name="Problem",
    fields={
        "type": serializers.CharField(help_text="A URI reference naming the kind of problem."),
        "title": serializers.CharField(help_text="The kind of problem, in the asked language."),
        "status": serializers.IntegerField(),
        "detail": serializers.CharField(help_text="This occurrence, for the person."),
        "instance": serializers.CharField(required=False, help_text="The path asked."),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Each refused input's messages.",
        ),
    },
)


def problem_responses(statuses: Iterable[int]) -> dict[Any, OpenApiResponse]:
    """``{(status, "application/problem+json"): Problem}`` for ``extend_schema(responses=…)``."""
    return {
        (code, "application/problem+json"): OpenApiResponse(
            PROBLEM, description=_DESCRIPTIONS[code]
        )
        for code in statuses
    }


class ProblemAutoSchema(AutoSchema):
    """drf-spectacular's schema with a 500 problem on every operation (no operation is meant
    to fail so, but a client should know the shape)."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies: dict[str, Any] = super()._get_response_bodies(direction)
        if "500" not in bodies:
            bodies["500"] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                PROBLEM, "500", media_types=["application/problem+json"]
            )
            bodies["500"]["description"] = _DESCRIPTIONS[500]
        return bodies


class ApiKeyScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "danvan.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key: Authorization: Bearer dv_…",
        }


class SessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "danvan.api.authentication.CsrfSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
