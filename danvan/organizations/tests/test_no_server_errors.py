"""No page answers with a server error, whoever asks and whatever they send.

Every URL pattern of the project (the admin and the language switch aside) is requested as
nobody, as a citizen and as a staff member in each role, with ordinary and junk query strings;
patterns with an integer argument get 0, a huge number and an existing object. The form views get
empty and junk bodies and answer with the form and a Vietnamese error message.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import User
from danvan.core import audit
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/",)
SKIPPED_NAMES = {"set_language"}

JUNK_QUERIES = [
    "",
    "?page=abc&page=-1&date_from=2026-13-45&actor=%00&action=%ff",
    "?page=-1",
    "?page=0",
    "?page=99999999999999999999999999",
    "?page=last&page=1e9",
    "?date_from=%C3%28&date_to=%E2%82&actor=%F0%28%8C%BC",  # broken UTF-8 sequences
    "?%zz=%zz&action=%&target_type=%%",  # broken percent escapes
    "?date_from=9999-12-31&date_to=0001-01-01",
    "?date_from=0000-00-00&date_to=31/12/2026",
    "?target_id=-1&target_type=..%2F..%2Fetc%2Fpasswd&action=%27%3B--",
    "?actor=" + "x" * 5000 + "&target_id=" + "9" * 5000,
    "?next=%ff%fe&next=javascript:alert(1)&next=//evil.example",
    "?" + "a" * 3000,
]
HUGE = 10**30
VIETNAMESE_FORM_ERROR = "Vui lòng sửa các lỗi dưới đây."


@dataclass(frozen=True)
class Route:
    name: str
    path: str  # with {} where an integer argument goes
    int_args: int


def _routes(patterns: list[Any] | None = None, prefix: str = "") -> Iterator[Route]:
    """Every URL pattern of the project, by walking the resolver (no hand-kept list)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            converters = getattr(entry.pattern, "converters", {})
            if route.startswith(SKIPPED_PREFIXES) or entry.name in SKIPPED_NAMES:
                continue
            assert all(type(c).__name__ == "IntConverter" for c in converters.values()), (
                f"teach this test the arguments of {route}"
            )
            path = "/" + route
            for name in converters:
                path = path.replace(f"<int:{name}>", "{0}")
            yield Route(entry.name or route, path, len(converters))


ROUTES = list(_routes())


@dataclass(frozen=True)
class World:
    unit_id: int
    entry_id: int


@pytest.fixture
def world() -> World:
    unit = UnitFactory(name="Ủy ban nhân dân xã Thử Nghiệm")
    staff = UserFactory(username="quantri.xa")
    MembershipFactory(user=staff, unit=unit, role=Role.ADMINISTRATOR)
    entry = audit.record(action="organizations.unit.changed", actor=staff, target=unit)
    return World(unit.pk, entry.pk)


def _client_for(who: str) -> Client:
    client = Client()
    if who == "anonymous":
        return client
    user = UserFactory(username=f"nguoi.{who}")
    if who != "citizen":
        MembershipFactory(user=user, unit=UnitFactory(), role=Role(who))
    client.force_login(user)
    return client


def _paths(route: Route, world: World) -> list[str]:
    if route.int_args == 0:
        return [route.path]
    existing = world.entry_id if "audit" in route.path else world.unit_id
    return [route.path.format(value) for value in (0, HUGE, existing)]


def test_the_walk_finds_the_pages() -> None:
    names = {route.name for route in ROUTES}
    assert {"home", "login", "register", "staff-home", "unit-detail", "audit-detail"} <= names
    assert not any(route.path.startswith("/admin/") for route in ROUTES)


@pytest.mark.parametrize("who", ["anonymous", "citizen", *Role.values])
def test_no_get_or_post_answers_with_a_server_error(who: str, world: World) -> None:
    client = _client_for(who)
    failures = []
    for route in ROUTES:
        for path in _paths(route, world):
            for query in JUNK_QUERIES:
                response = client.get(path + query)
                if response.status_code >= 500:
                    failures.append(f"GET {path}{query[:80]} → {response.status_code}")
            # A POST with an empty body to every page (most are GET-only: 405, not 500).
            response = client.post(path, {})
            if response.status_code >= 500:
                failures.append(f"POST {path} → {response.status_code}")
    assert failures == []


def test_a_post_without_the_csrf_token_is_refused_politely() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hiệu lực" in response.content.decode()


JUNK_BODIES: list[dict[str, Any]] = [
    {},
    {"username": "", "password": ""},
    {"username": "\x00", "password": "\x00"},
    {"username": "x" * 10000, "password": "y" * 10000, "next": "//evil.example"},
    {"username": ["a", "b"], "password": "%ff"},
]


def _assert_form_shown_with_vietnamese_error(response: Any, status: int = 200) -> None:
    assert response.status_code == status
    assert VIETNAMESE_FORM_ERROR in response.content.decode()


@pytest.mark.parametrize("body", JUNK_BODIES)
def test_login_with_junk_shows_the_form_with_an_error(body: dict[str, Any]) -> None:
    _assert_form_shown_with_vietnamese_error(Client().post("/accounts/login/", body))


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"full_name": "\x00", "phone": "abc", "email": "not-an-email", "password1": "1"},
        {
            "full_name": "Đinh Thị Hoa" * 200,
            "phone": "+84" + "9" * 300,
            "email": "a@" + "b" * 300 + ".vn",
            "preferred_channel": "carrier-pigeon",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD + "x",
            "accept_notice": "maybe",
        },
    ],
)
def test_registration_with_junk_shows_the_form_with_an_error(body: dict[str, Any]) -> None:
    _assert_form_shown_with_vietnamese_error(Client().post("/accounts/register/", body))


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"old_password": "sai", "new_password1": "1", "new_password2": "2"},
        {"old_password": "\x00", "new_password1": "x" * 5000, "new_password2": "x" * 5000},
    ],
)
def test_password_change_with_junk_shows_the_form_with_an_error(body: dict[str, Any]) -> None:
    client = Client()
    client.force_login(UserFactory())
    _assert_form_shown_with_vietnamese_error(client.post("/accounts/password/", body))


TOKEN_BODIES: list[dict[str, Any]] = [
    {},
    {"token": ""},
    {"token": "abcdef"},
    {"token": "\x00" * 6},
    {"token": "9" * 5000},
    {"token": "-12345"},
]


@pytest.mark.parametrize("body", TOKEN_BODIES)
def test_totp_verify_with_junk_shows_the_form_with_an_error(body: dict[str, Any]) -> None:
    """The code forms answer 400 (Bad Request) with the form: a deliberate choice of the
    accounts context, tested there."""
    user: User = UserFactory()
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(user)
    _assert_form_shown_with_vietnamese_error(
        client.post("/accounts/two-step/verify/", body), status=400
    )


@pytest.mark.parametrize("body", TOKEN_BODIES)
def test_totp_setup_with_junk_shows_the_form_with_an_error(body: dict[str, Any]) -> None:
    client = Client()
    client.force_login(UserFactory())
    _assert_form_shown_with_vietnamese_error(
        client.post("/accounts/two-step/setup/", body), status=400
    )


@pytest.mark.parametrize("body", [{}, {"next": "//evil.example"}, {"next": "%ff" * 1000}])
def test_logout_with_junk_still_logs_out(body: dict[str, Any]) -> None:
    client = Client()
    client.force_login(UserFactory())
    response = client.post("/accounts/logout/", body)
    assert response.status_code == 302
    assert not response["Location"].startswith("//evil")
    assert "_auth_user_id" not in client.session
