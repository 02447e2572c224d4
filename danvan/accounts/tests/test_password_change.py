from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry

from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_optional")]

URL = "/accounts/password/"
NEW = "Cay-da-troi-xanh-2027"


def test_password_change_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_password_change_page_is_vietnamese_and_accessible(client, citizen):
    client.force_login(citizen)
    html = client.get(URL).content.decode()
    assert "Đổi mật khẩu" in html
    assert 'autocomplete="current-password"' in html
    assert html.count('autocomplete="new-password"') == 2
    for name in ["old_password", "new_password1", "new_password2"]:
        assert f'<label for="id_{name}">' in html


def test_password_change_keeps_the_session_and_is_audited(client, citizen):
    client.force_login(citizen)
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")
    citizen.refresh_from_db()
    assert citizen.check_password(NEW)
    assert client.get(reverse("accounts:security")).status_code == 200
    entry = AuditEntry.objects.get(action="accounts.password.changed")
    assert entry.actor_id == citizen.pk
    assert entry.fields == ["password"]
    assert NEW not in repr(entry.__dict__)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("sai-mat-khau-cu", NEW, "Mật khẩu cũ không chính xác"),
        (PASSWORD, "ngan", "Mật khẩu quá ngắn"),
        (PASSWORD, "12345678901234", "hoàn toàn là số"),
        (PASSWORD, "password1234", "quá phổ biến"),
    ],
)
def test_bad_password_changes_are_refused_in_vietnamese(client, citizen, old, new, message):
    client.force_login(citizen)
    response = client.post(URL, {"old_password": old, "new_password1": new, "new_password2": new})
    assert response.status_code == 200
    assert message in response.content.decode()
    citizen.refresh_from_db()
    assert citizen.check_password(PASSWORD)
