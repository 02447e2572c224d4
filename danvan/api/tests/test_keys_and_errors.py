"""API keys (hashed, revoked, last used, scopes, the command) and the one error format."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danvan.api import keys
from danvan.api.models import ApiKey
from danvan.api.tests.support import api_client, bearer, key_for, problem
from danvan.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LETTERS = "/api/v1/letters/"


def test_a_key_is_stored_as_a_keyed_hash_and_refused_once_revoked(office: Any) -> None:
    token = key_for(user=office.receiver)
    key = ApiKey.objects.get()
    assert token.startswith(f"dv_{key.prefix}_")
    assert len(token) > 50
    stored = " ".join(str(v) for v in ApiKey.objects.values_list().get())
    assert token not in stored
    assert token.split("_", 2)[2] not in stored
    assert key.digest == keys.digest_of(token)
    assert AuditEntry.objects.filter(action="api.key.created").count() == 1

    client = api_client()
    assert client.get(LETTERS, **bearer(token)).status_code == 200
    keys.apikey_revoke(key=key, actor=None)
    response = client.get(LETTERS, **bearer(token))
    assert response.status_code == 401
    assert problem(response)["type"] == "/api/problems/unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEntry.objects.filter(action="api.key.revoked").count() == 1


def test_last_used_is_written_at_most_once_a_minute(office: Any) -> None:
    token = key_for(user=office.receiver)
    client = api_client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/api/v1/fields/", **bearer(token))
        first = ApiKey.objects.get().last_used_at
        assert first == start
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/fields/", **bearer(token))
        assert not any("UPDATE" in q["sql"] and "api_apikey" in q["sql"] for q in queries)
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        client.get("/api/v1/fields/", **bearer(token))
    assert ApiKey.objects.get().last_used_at == start + dt.timedelta(seconds=61)


def test_the_command_prints_the_new_key_alone_on_its_last_line(office: Any) -> None:
    out = StringIO()
    call_command(
        "apikey",
        "create",
        "Tổng đài 1022",
        "--unit",
        office.unit.code,
        "--scopes",
        "read,submit",
        stdout=out,
    )
    token = out.getvalue().strip().splitlines()[-1]
    key = ApiKey.objects.get()
    assert token == token.strip()
    assert " " not in token
    assert keys.apikey_for_token(token) == key
    assert key.unit == office.unit
    assert key.user is None
    assert key.scopes == ["read", "submit"]
    out = StringIO()
    call_command("apikey", "revoke", key.prefix, stdout=out)
    assert keys.apikey_for_token(token) is None


def test_scopes_are_enforced(office: Any) -> None:
    client = api_client()
    submit_only = key_for(user=office.receiver, scopes="submit")
    response = client.get(LETTERS, **bearer(submit_only))
    assert response.status_code == 403
    assert problem(response)["type"] == "/api/problems/forbidden"
    read_only = key_for(user=office.receiver, scopes="read")
    response = client.post(
        "/api/v1/public/letters/",
        {"kind": "feedback"},
        content_type="application/json",
        **bearer(read_only),
    )
    assert response.status_code == 403
    # The api_key parameter (as Open311 clients send it) is the same key.
    assert client.get(LETTERS, {"api_key": read_only}).status_code == 200


def test_an_unknown_scope_is_refused() -> None:
    with pytest.raises(keys.ApiKeyError):
        keys.parse_scopes("read,admin")


@pytest.mark.parametrize(
    ("method", "path", "status", "kind"),
    [
        ("get", "/api/v1/calendar/add-working-days?start=2026-13-01&days=-1", 400, "invalid"),
        ("get", LETTERS, 401, "unauthenticated"),
        ("get", "/api/v1/letters/999999/", 404, "not-found"),
        ("get", "/api/khong-co/", 404, "not-found"),
        ("delete", "/api/v1/fields/", 405, "method-not-allowed"),
    ],
)
def test_every_failure_is_a_problem_document_in_the_asked_language(
    office: Any, method: str, path: str, status: int, kind: str
) -> None:
    client = api_client()
    headers = bearer(key_for(user=office.receiver)) if path.startswith(LETTERS + "9") else {}
    vi = getattr(client, method)(path, **headers)
    en = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert vi.status_code == en.status_code == status
    body_vi, body_en = problem(vi), problem(en)
    assert body_vi["type"] == body_en["type"] == f"/api/problems/{kind}"
    assert body_vi["title"] != body_en["title"]
    assert en["Content-Language"] == "en"
    assert vi["Content-Language"] == "vi"
    if status == 400:
        assert set(body_en["errors"]) == {"start", "days"}


def test_a_forbidden_write_without_csrf_is_a_problem(office: Any) -> None:
    client = api_client()
    client.force_login(office.receiver)
    response = client.post("/api/v1/public/track/", {"code": "x", "pin": "1"})
    assert response.status_code == 403
    assert "CSRF" in problem(response)["detail"]
