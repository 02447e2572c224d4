"""One error format for every failure of the API: RFC 9457 problem documents
(``application/problem+json``), their titles and details in the request's language (Vietnamese
by default, English with ``Accept-Language: en``).

A problem carries ``type`` (a URI naming the kind of problem, documented in docs/api.md),
``title`` (its short description), ``status``, ``detail`` (this occurrence, for the person) and
``instance`` (the path asked); a refused input adds ``errors``: each field's messages.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, Final

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from danvan.core.errors import ApplicationError

__all__ = [
    "CONTENT_TYPE",
    "PROBLEM_TYPES",
    "exception_handler",
    "problem_document",
    "problem_response",
]

logger = logging.getLogger(__name__)

CONTENT_TYPE: Final = "application/problem+json"
_BASE: Final = "/api/problems/"

#: The kinds of problems, by HTTP status or by name.
PROBLEM_TYPES: Final[Mapping[str, str]] = {
    "invalid": _BASE + "invalid",
    "refused": _BASE + "refused",
    "unauthenticated": _BASE + "unauthenticated",
    "forbidden": _BASE + "forbidden",
    "not-found": _BASE + "not-found",
    "method-not-allowed": _BASE + "method-not-allowed",
    "not-acceptable": _BASE + "not-acceptable",
    "unsupported-media-type": _BASE + "unsupported-media-type",
    "throttled": _BASE + "throttled",
    "server-error": _BASE + "server-error",
}


def _titles() -> dict[str, str]:
    return {
        "invalid": _("The request is not valid."),
        "refused": _("The request was refused by a rule."),
        "unauthenticated": _("Authentication is needed."),
        "forbidden": _("You may not do this."),
        "not-found": _("Not found."),
        "method-not-allowed": _("This method is not allowed here."),
        "not-acceptable": _("This response format cannot be given."),
        "unsupported-media-type": _("This request format is not accepted."),
        "throttled": _("Too many requests."),
        "server-error": _("An error occurred on the server."),
    }


_BY_STATUS: Final[Mapping[int, str]] = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    415: "unsupported-media-type",
    429: "throttled",
    500: "server-error",
}


def problem_document(
    *,
    status_code: int,
    kind: str | None = None,
    detail: str = "",
    instance: str = "",
    errors: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    name = kind or _BY_STATUS.get(status_code, "invalid" if status_code < 500 else "server-error")
    body: dict[str, Any] = {
        "type": PROBLEM_TYPES[name],
        "title": _titles()[name],
        "status": status_code,
        "detail": detail or _titles()[name],
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = {str(k): [str(m) for m in v] for k, v in errors.items()}
    return body


def problem_response(
    request: HttpRequest | None,
    *,
    status_code: int,
    kind: str | None = None,
    detail: str = "",
    errors: Mapping[str, list[str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JsonResponse:
    """A problem as a plain Django response (for the URL-level handlers, outside DRF)."""
    body = problem_document(
        status_code=status_code,
        kind=kind,
        detail=detail,
        instance=request.path if request is not None else "",
        errors=errors,
    )
    response = JsonResponse(
        body,
        status=status_code,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response["Content-Language"] = _language()
    return response


def _language() -> str:
    from django.utils.translation import get_language

    return get_language() or "vi"


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation errors as ``{"field": [...], "field.sub": [...]}``."""
    found: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            full = f"{prefix}.{name}" if prefix and name else (name or prefix)
            for k, v in _flatten(value, full).items():
                found.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(item, (Mapping, list)) for item in detail):
            found.setdefault(prefix, []).extend(str(item) for item in detail)
        else:
            for i, item in enumerate(detail):
                for k, v in _flatten(item, f"{prefix}.{i}" if prefix else str(i)).items():
                    found.setdefault(k, []).extend(v)
    else:
        found.setdefault(prefix, []).append(str(detail))
    return found


def _validation_detail(errors: Mapping[str, list[str]]) -> str:
    general = errors.get("", [])
    if general:
        return " ".join(general)
    return _("Correct the inputs named in “errors”.")


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    """DRF's ``EXCEPTION_HANDLER``: every exception as a problem document, a domain failure
    (``ApplicationError``) as 400 with its message, anything unexpected as 500 (logged)."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    headers: dict[str, str] = {}
    errors: dict[str, list[str]] | None = None
    kind: str | None = None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if str(exc) else None)
    if isinstance(exc, ApplicationError):
        status_code = status.HTTP_400_BAD_REQUEST
        kind = "refused"
        detail = str(exc.message)
        fields = exc.extra.get("fields")
        if isinstance(fields, Mapping) and fields:
            errors = {str(k): [str(m) for m in v] for k, v in fields.items()}
    elif isinstance(exc, exceptions.APIException):
        status_code = exc.status_code
        if isinstance(exc, exceptions.ValidationError):
            errors = _flatten(exc.detail)
            detail = _validation_detail(errors)
            errors = {k: v for k, v in errors.items() if k} or None
        else:
            detail = str(exc.detail) if not isinstance(exc.detail, (list, dict)) else ""
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        wait = getattr(exc, "wait", None)
        if wait is not None:
            headers["Retry-After"] = str(int(wait))
    else:
        logger.exception("API request failed: %s", instance)
        status_code = status.HTTP_500_INTERNAL_SERVER_ERROR
        detail = ""
    set_rollback()
    body = problem_document(
        status_code=status_code, kind=kind, detail=detail, instance=instance, errors=errors
    )
    response = Response(body, status=status_code, headers=headers, content_type=CONTENT_TYPE)
    response["Content-Language"] = _language()
    return response


# --- The URL-level handlers under /api/ (no DRF view answered) --------------------------------


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return problem_response(request, status_code=404, detail=_("There is no such address."))
