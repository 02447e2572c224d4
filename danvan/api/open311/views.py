"""The Open311 GeoReport v2 endpoints: thin adapters that read the parameters, call the
selectors or ``submit.request_submit`` and write the answer in the format the address ends
with (``.json`` or ``.xml``). Every refusal is the standard's error list, never a page."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from danvan.api import keys
from danvan.api.audit_actions import AuditAction
from danvan.api.models import ApiKey, Scope
from danvan.api.open311 import ids, selectors, submit
from danvan.api.open311.formats import FORMATS, Open311Error, error_response, render
from danvan.core import audit

__all__ = [
    "DiscoveryView",
    "RequestDetailView",
    "RequestListView",
    "ServiceDefinitionView",
    "ServiceListView",
    "TokenView",
    "not_found",
]

SPECIFICATION: Final = "http://wiki.open311.org/GeoReport_v2"
#: When this endpoint last changed in a way clients see (the discovery's ``changeset``).
CHANGESET: Final = "2026-12-04T00:00:00+07:00"
_LIST_LIMIT: Final = 200  # ids or codes in one comma list


def _jurisdiction() -> str:
    return str(getattr(settings, "DANVAN_OPEN311_JURISDICTION", "") or "")


class Open311View(View):
    """The base of the endpoints: the format, the jurisdiction, the errors."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = kwargs.pop("fmt", "xml")
        try:
            if request.method not in ("GET", "HEAD", "POST", "OPTIONS"):
                raise Open311Error(405, _("This method is not allowed here."))
            handler = getattr(self, (request.method or "get").lower(), None)
            if handler is None:
                raise Open311Error(405, _("This method is not allowed here."))
            params = _params(request)
            # PostgreSQL refuses a NUL in a text; no parameter of the standard holds one.
            values = [*kwargs.values(), *(v for key in params for v in params.getlist(key))]
            if any("\x00" in str(value) for value in values):
                raise Open311Error(400, _("The text contains characters that are not allowed."))
            _check_jurisdiction(params)
            response: HttpResponse = handler(request, fmt, params, *args, **kwargs)
        except Open311Error as exc:
            return error_response(fmt, exc)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-cache"
        return response

    def options(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = HttpResponse()
        response["Allow"] = ", ".join(m.upper() for m in ("get", "post") if hasattr(self, m))
        return response


def _params(request: HttpRequest) -> QueryDict:
    """The query, and for a POST the form with it (the form's value wins)."""
    if request.method != "POST":
        return request.GET
    try:
        form = request.POST
    except (SuspiciousOperation, RequestDataTooBig, MultiPartParserError, BadRequest):
        raise Open311Error(400, _("The form could not be read.")) from None
    merged = request.GET.copy()
    for key in form:
        merged.setlist(key, form.getlist(key))
    return merged


def _check_jurisdiction(params: QueryDict) -> None:
    given = params.get("jurisdiction_id", "").strip()
    if given and given.lower() != _jurisdiction().lower():
        raise Open311Error(404, _("This server does not serve the jurisdiction_id given."))


def _key(params: QueryDict) -> ApiKey:
    """The key of a ``POST``: given, known, active, with the ``submit`` scope."""
    token = params.get("api_key", "").strip()
    if not token:
        raise Open311Error(403, _("The parameter api_key is required."))
    key = keys.apikey_for_token(token)
    if key is None:
        raise Open311Error(403, _("This API key is unknown or revoked."))
    if key.user is not None and not key.user.is_active:
        raise Open311Error(403, _("The account of this API key is not active."))
    if not key.has_scope(Scope.SUBMIT):
        raise Open311Error(403, _("This API key does not have the “submit” scope."))
    keys.apikey_touch(key)
    return key


# --- discovery and services -------------------------------------------------------------------


class DiscoveryView(Open311View):
    def get(self, request: HttpRequest, fmt: str, params: QueryDict) -> HttpResponse:
        operator = getattr(settings, "DANVAN_OPERATOR", {}) or {}
        contact = ", ".join(
            value for value in (operator.get("name"), operator.get("email")) if value
        )
        public_url = str(getattr(settings, "DANVAN_PUBLIC_URL", "")).rstrip("/")
        production = getattr(settings, "DANVAN_ENV", "") == "production"
        body = {
            "changeset": CHANGESET,
            "contact": contact,
            "key_service": _(
                "API keys with the “submit” scope are issued by the administrators of the "
                "installation."
            ),
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": f"{public_url}/open311/v2",
                    "changeset": CHANGESET,
                    "type": "production" if production else "test",
                    "formats": [FORMATS["xml"].split(";")[0], FORMATS["json"].split(";")[0]],
                }
            ],
        }
        return render(fmt, "discovery", body)


class ServiceListView(Open311View):
    def get(self, request: HttpRequest, fmt: str, params: QueryDict) -> HttpResponse:
        return render(fmt, "services", selectors.service_rows(selectors.services()))


class ServiceDefinitionView(Open311View):
    def get(self, request: HttpRequest, fmt: str, params: QueryDict, code: str) -> HttpResponse:
        field = selectors.service_for_code(code)
        if field is None:
            raise Open311Error(404, _("There is no service with this service_code."))
        return render(fmt, "service_definition", selectors.definition_body(field))


# --- service requests -------------------------------------------------------------------------


def _comma_list(params: QueryDict, name: str) -> list[str]:
    items = [item.strip() for value in params.getlist(name) for item in value.split(",")]
    items = [item for item in items if item]
    if len(items) > _LIST_LIMIT:
        raise Open311Error(
            400, _("Give at most %(n)d values in %(name)s.") % {"n": _LIST_LIMIT, "name": name}
        )
    return items


def _moment(params: QueryDict, name: str, *, end: bool = False) -> dt.datetime | None:
    """A w3c date or date and time (``2026-12-01``, ``2026-12-01T08:00:00+07:00``); a date
    alone is the start (or, for ``end_date``, the end) of that day in local time."""
    value = params.get(name, "").strip()
    if not value:
        return None
    invalid = Open311Error(
        400,
        _("%(name)s must be a date and time in ISO 8601 (w3c), e.g. 2026-12-01T08:00:00+07:00.")
        % {"name": name},
    )
    if len(value) > 40:
        raise invalid
    try:
        moment = parse_datetime(value.replace(" ", "+")) if "T" in value else None
        day = parse_date(value) if moment is None else None
    except ValueError:
        raise invalid from None
    if moment is None and day is None:
        raise invalid
    if moment is None and day is not None:
        moment = dt.datetime.combine(day, dt.time.max if end else dt.time.min)
    assert moment is not None  # noqa: S101 - both branches above set it
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _filters(params: QueryDict) -> selectors.RequestFilters:
    request_ids = _comma_list(params, "service_request_id")
    start, end = _moment(params, "start_date"), _moment(params, "end_date", end=True)
    if start is not None and end is not None:
        if end < start:
            raise Open311Error(400, _("end_date must not be before start_date."))
        if end - start > selectors.WINDOW:
            raise Open311Error(
                400, _("start_date and end_date may not be more than 90 days apart.")
            )
    statuses = [s.lower() for s in _comma_list(params, "status")]
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, _("status must be open or closed."))
    return selectors.RequestFilters(
        request_ids=request_ids,
        service_codes=_comma_list(params, "service_code"),
        start=start,
        end=end,
        statuses=statuses,
    )


@method_decorator(csrf_exempt, name="dispatch")
class RequestListView(Open311View):
    """``GET requests`` (the published ones) and ``POST requests`` (send a letter)."""

    def get(self, request: HttpRequest, fmt: str, params: QueryDict) -> HttpResponse:
        letters = selectors.requests_listed(_filters(params))
        return render(fmt, "service_requests", selectors.request_rows(letters))

    def post(self, request: HttpRequest, fmt: str, params: QueryDict) -> HttpResponse:
        key = _key(params)
        sent = submit.request_submit(data=params, request=request)
        letter = sent.result.letter
        audit.record(
            action=AuditAction.OPEN311_REQUEST_RECEIVED,
            actor=key.user if key.user is not None else AnonymousUser(),
            target=letter,
            extra={"key": key.prefix, "service_code": letter.field.code if letter.field else ""},
            request=request,
        )
        notice = _(
            "Received by %(unit)s. Tracking code %(code)s, PIN %(pin)s: keep them to follow the "
            "letter on the portal (the PIN is shown only once)."
        ) % {"unit": letter.unit.name, "code": sent.result.tracking_code, "pin": sent.result.pin}
        body = [
            {
                "service_request_id": ids.request_id(letter),
                "token": ids.token_of(letter),
                "service_notice": notice,
                "account_id": sent.account_id,
            }
        ]
        response = render(fmt, "service_requests", body)
        response["Cache-Control"] = "no-store"
        return response


class RequestDetailView(Open311View):
    def get(
        self, request: HttpRequest, fmt: str, params: QueryDict, request_id: str
    ) -> HttpResponse:
        letter = selectors.request_for_id(request_id)
        if letter is None:
            raise Open311Error(404, _("There is no service request with this id."))
        return render(fmt, "service_requests", selectors.request_rows([letter]))


class TokenView(Open311View):
    def get(self, request: HttpRequest, fmt: str, params: QueryDict, token: str) -> HttpResponse:
        letter = selectors.request_for_id(token) if "." in token else None
        if letter is None:
            raise Open311Error(404, _("There is no service request with this token."))
        body = [{"service_request_id": ids.request_id(letter), "token": token}]
        return render(fmt, "service_requests", body)


def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other address under ``/open311/v2/``: the standard's 404, in the format asked."""
    fmt = "json" if request.path.endswith(".json") else "xml"
    return error_response(fmt, Open311Error(404, _("There is no such address.")))
