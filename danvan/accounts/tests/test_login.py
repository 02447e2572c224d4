from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry

from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_optional")]

LOGIN = "/accounts/login/"


def _login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_vietnamese_accessible_and_links_home(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng nhập" in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html
    assert 'aria-describedby="id_username_helptext"' in html
    assert f'href="{reverse("core:home")}"' in html
    assert "csrfmiddlewaretoken" in html


def test_staff_login_redirects_to_staff_home_and_is_audited(client, staff):
    response = _login(client, staff.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:staff-home")
    entry = AuditEntry.objects.filter(action="accounts.login.succeeded").get()
    assert entry.actor_id == staff.pk
    assert entry.target_id == str(staff.pk)


def test_login_honours_a_safe_next_and_ignores_an_external_one(client, staff):
    response = _login(client, staff.username, next="/accounts/security/")
    assert response["Location"] == "/accounts/security/"
    client.logout()
    response = _login(client, staff.username, next="https://evil.example/")
    assert response["Location"] == reverse("organizations:staff-home")


def test_citizen_logs_in_with_phone_in_any_usual_writing(client, citizen):
    response = _login(client, "0912 345 678")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")


def test_wrong_password_shows_vietnamese_error_and_audits_without_credentials(client, staff):
    response = _login(client, staff.username, "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập (số điện thoại, email) hoặc mật khẩu không đúng" in html
    entry = AuditEntry.objects.filter(action="accounts.login.failed").get()
    assert entry.actor_kind == AuditEntry.ActorKind.PUBLIC
    assert entry.actor_id is None
    assert entry.actor_ip_hash
    assert entry.target_id == str(staff.pk)
    stored = repr(entry.__dict__)
    assert staff.username not in stored
    assert "not-the-password" not in stored


def test_unknown_username_failure_names_no_account(client):
    _login(client, "khong.ton.tai", "whatever-password")
    entry = AuditEntry.objects.filter(action="accounts.login.failed").get()
    assert entry.target_id == ""
    assert "khong.ton.tai" not in repr(entry.__dict__)


def test_lockout_after_five_failures_refuses_even_the_right_password(client, staff):
    for _ in range(4):
        assert _login(client, staff.username, "wrong-password").status_code == 200
    fifth = _login(client, staff.username, "wrong-password")
    assert fifth.status_code == 429
    sixth = _login(client, staff.username, PASSWORD)
    html = sixth.content.decode()
    assert sixth.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in html
    assert "Vui lòng thử lại sau" in html
    assert int(sixth["Retry-After"]) <= 15 * 60
    assert "_auth_user_id" not in client.session
    actions = list(
        AuditEntry.objects.filter(action__startswith="accounts.login").values_list(
            "action", flat=True
        )
    )
    assert actions.count("accounts.login.failed") == 5
    assert actions.count("accounts.login.locked_out") == 2  # at the 5th failure, then refused
    assert "accounts.login.succeeded" not in actions


def test_lockout_is_per_username_not_per_address(client, staff, citizen):
    for _ in range(5):
        _login(client, staff.username, "wrong-password")
    # Another officer behind the same address can still log in.
    response = _login(client, citizen.username)
    assert response.status_code == 302


def test_lockout_ends_after_the_cool_off(client, staff):
    import time_machine
    from django.utils import timezone

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            _login(client, staff.username, "wrong-password")
        assert _login(client, staff.username).status_code == 429
    with time_machine.travel(start + timezone.timedelta(minutes=16), tick=False):
        assert _login(client, staff.username).status_code == 302


def test_logout_is_post_only(client, staff):
    client.force_login(staff)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.user.logged_out", actor=staff).exists()
