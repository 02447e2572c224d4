from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danvan.accounts import policies
from danvan.accounts.models import CitizenProfile, ContactChannel, User
from danvan.core.models import AuditEntry

from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_required")]

REGISTER = "/accounts/register/"


def _form(**overrides):
    data = {
        "full_name": "Phạm Thị Minh Thư",
        "phone": "0987 654 321",
        "email": "",
        "preferred_channel": "phone",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_notice": "on",
    }
    data.update(overrides)
    return data


def test_registration_page_is_vietnamese_accessible_and_consent_is_not_pre_ticked(client):
    response = client.get(REGISTER)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng ký tài khoản công dân" in html
    assert "Thông báo xử lý dữ liệu cá nhân" in html
    assert 'inputmode="tel"' in html
    assert 'autocomplete="tel"' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="new-password"' in html
    assert 'name="accept_notice"' in html
    assert "checked" not in html
    assert "csrfmiddlewaretoken" in html
    for name in ["full_name", "phone", "email", "password1", "password2", "accept_notice"]:
        assert f'<label for="id_{name}">' in html


def test_citizen_registers_with_phone_and_is_logged_in_without_staff_permission(client):
    response = client.post(REGISTER, _form())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")
    user = User.objects.get()
    assert user.username == "+84987654321"
    assert user.phone == "+84987654321"
    assert user.check_password(PASSWORD)
    assert not policies.is_staff_member(user)
    assert not user.is_staff
    profile = CitizenProfile.objects.get(user=user)
    assert profile.preferred_channel == ContactChannel.PHONE
    assert profile.notice_accepted_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    entry = AuditEntry.objects.get(action="accounts.citizen.registered")
    assert "+84987654321" not in repr(entry.__dict__)
    assert "Minh Thư" not in repr(entry.__dict__)
    # Citizens need no second factor, even where staff must have one.
    assert client.get(reverse("accounts:security")).status_code == 200


def test_citizen_registers_with_email_normalised_and_logs_in_with_it(client):
    response = client.post(
        REGISTER, _form(phone="", email="Minh.Thu@Example.VN", preferred_channel="email")
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.username == "minh.thu@example.vn"
    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/", {"username": "MINH.THU@example.vn", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:security")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"phone": "0212345678"}, "phone", "Nhập số điện thoại di động Việt Nam"),
        ({"phone": ""}, "phone", "Vui lòng nhập số điện thoại di động bạn sẽ dùng"),
        ({"email": "khong-phai-email", "preferred_channel": "email", "phone": ""}, "email",
         "Nhập địa chỉ email hợp lệ"),
        ({"preferred_channel": ""}, "preferred_channel", "Vui lòng chọn điện thoại hoặc email"),
        ({"full_name": ""}, "full_name", "Vui lòng nhập họ và tên"),
        ({"password2": "Khac-mat-khau-2026"}, "password2", "Hai mật khẩu đã nhập không giống"),
        ({"password1": "ngan", "password2": "ngan"}, "password1", "Mật khẩu quá ngắn"),
        ({"password1": "1234567890123", "password2": "1234567890123"}, "password1",
         "hoàn toàn là số"),
        ({"accept_notice": ""}, "accept_notice", "Bạn cần đồng ý với thông báo"),
    ],
)  # fmt: skip
def test_invalid_registrations_are_refused_with_a_linked_vietnamese_message(
    client, overrides, field, message
):
    response = client.post(REGISTER, _form(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'id="id_{field}_errors"' in html
    tag = re.search(rf'<input[^>]*name="{field}"[^>]*>', html).group(0)
    assert f"id_{field}_errors" in tag.split('aria-describedby="')[1].split('"')[0]
    assert 'aria-invalid="true"' in tag
    assert not User.objects.exists()


def test_duplicate_phone_in_another_writing_is_refused(client):
    client.post(REGISTER, _form())
    client.post("/accounts/logout/")
    response = client.post(REGISTER, _form(phone="+84 987 654 321", full_name="Người Khác"))
    assert response.status_code == 200
    assert "Số điện thoại này đã được dùng để đăng ký tài khoản" in response.content.decode()
    assert User.objects.count() == 1


def test_duplicate_email_in_other_case_is_refused(client):
    User.objects.create_user(username="canbo.a", password=PASSWORD, email="an@example.vn")
    response = client.post(
        REGISTER, _form(phone="", email="AN@example.vn", preferred_channel="email")
    )
    assert response.status_code == 200
    assert "Địa chỉ email này đã được dùng để đăng ký tài khoản" in response.content.decode()
    assert User.objects.count() == 1


def test_public_pages_need_no_account(client):
    assert client.get("/").status_code == 200
    assert client.get(REGISTER).status_code == 200


def test_service_refuses_registration_without_consent_and_duplicates():
    from danvan.accounts import services

    kwargs = {
        "full_name": "Hoàng Văn Nam",
        "phone": "+84911222333",
        "email": "nam@example.vn",
        "preferred_channel": ContactChannel.PHONE,
        "password": PASSWORD,
    }
    with pytest.raises(services.ConsentRequiredError):
        services.citizen_register(**kwargs, notice_accepted=False)
    user = services.citizen_register(**kwargs, notice_accepted=True)
    assert (user.username, user.email) == ("+84911222333", "nam@example.vn")
    with pytest.raises(services.ContactAlreadyRegisteredError) as info:
        services.citizen_register(
            **{**kwargs, "phone": "", "preferred_channel": ContactChannel.EMAIL},
            notice_accepted=True,
        )
    assert info.value.channel == ContactChannel.EMAIL
    assert User.objects.count() == 1
