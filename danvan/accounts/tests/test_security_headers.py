from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PAGES = ["/", "/accounts/login/", "/accounts/register/"]


def _directives(header: str) -> dict[str, list[str]]:
    result = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            result[words[0]] = words[1:]
    return result


@pytest.mark.parametrize("page", PAGES)
def test_pages_carry_a_self_only_content_security_policy(client, page):
    response = client.get(page)
    header = response["Content-Security-Policy"]
    directives = _directives(header)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert set(directives["img-src"]) <= {"'self'", "data:"}
    # No third-party host, no wildcard, no inline script anywhere in the policy.
    assert not re.search(r"https?:|\*|'unsafe-inline'|'unsafe-eval'", header)


@pytest.mark.parametrize("page", PAGES)
def test_pages_carry_the_other_security_headers(client, page):
    response = client.get(page)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_load_nothing_from_third_party_hosts(client):
    html = client.get("/accounts/register/").content.decode()
    for url in re.findall(r'(?:src|href|action)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url


def test_session_cookie_is_http_only_and_same_site(client, citizen):
    from .conftest import PASSWORD

    client.post("/accounts/login/", {"username": citizen.username, "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_forms_refuse_posts_without_csrf_token(citizen):
    from .conftest import PASSWORD

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": citizen.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/register/", {"full_name": "Ai Đó"})
    assert response.status_code == 403


def test_every_account_form_carries_a_csrf_token(client, citizen):
    for page in ["/accounts/login/", "/accounts/register/"]:
        html = client.get(page).content.decode()
        assert html.count("<form") == html.count("csrfmiddlewaretoken")
    client.force_login(citizen)
    for page in ["/accounts/password/", "/accounts/security/", "/accounts/two-step/setup/"]:
        html = client.get(page).content.decode()
        assert html.count('method="post"') == html.count("csrfmiddlewaretoken"), page


def test_production_settings_turn_on_https_only_cookies_hsts_and_second_factor(tmp_path):
    """Load the settings module as a production deployment would (no database needed)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
        "DANVAN_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.gov.vn",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/danvan_acct",
        "DANVAN_DATA_DIR": str(tmp_path),
        "DANVAN_PUBLIC_URL": "https://example.gov.vn",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_AGE, "
        "s.DANVAN_STAFF_OTP_REQUIRED, s.SECURE_PROXY_SSL_HEADER[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    values = result.stdout.split()
    assert values == [
        "31536000", "True", "True", "True", "True", "True",
        "__Host-sessionid", "__Host-csrftoken", "900", "True", "HTTP_X_FORWARDED_PROTO",
    ]  # fmt: skip


@pytest.mark.parametrize("secure", [True])
def test_production_flags_seen_by_the_client(client, settings, secure):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    response = client.get("/accounts/login/", secure=secure)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.cookies["csrftoken"]["secure"]
