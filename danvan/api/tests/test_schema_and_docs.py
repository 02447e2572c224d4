"""The OpenAPI 3.1 schema describes every operation; its page is served from our own host."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import URLPattern, get_resolver
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def _api_operations() -> set[tuple[str, str]]:
    """(method, path) of every view mounted under /api/v1/."""
    found = set()
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    for pattern in api.url_patterns:  # type: ignore[attr-defined]
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if not route.startswith("v1/"):
            continue
        view = pattern.callback.cls  # type: ignore[attr-defined]
        path = "/api/" + re.sub(r"<int:(\w+)>", "{id}", route)
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view, method):
                found.add((method, path))
    return found


def test_the_schema_is_openapi_3_1_valid_and_lists_every_operation() -> None:
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    validate_schema(schema)
    described = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert described == _api_operations()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "500" in operation["responses"], (method, path)
            errors = [code for code in operation["responses"] if code.startswith("4")]
            assert errors, (method, path)
            for code in errors:
                content = operation["responses"][code]["content"]
                assert list(content) == ["application/problem+json"], (method, path, code)


def test_the_docs_page_loads_from_our_own_host() -> None:
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html), html
    assert "/api/schema/" in html
    for path in re.findall(r"(?:src|href)=\"/static/([^\"]+)\"", html):
        assert finders.find(path), path


def test_unknown_media_types_are_refused_with_a_problem(client: Any) -> None:
    response = Client().post("/api/v1/public/track/", "<x/>", content_type="application/xml")
    assert response.status_code == 415
    assert response["Content-Type"].startswith("application/problem+json")
