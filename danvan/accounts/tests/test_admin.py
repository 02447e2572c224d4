from __future__ import annotations

import pytest

from danvan.accounts import services
from danvan.accounts.models import CitizenProfile, ContactChannel, User

from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("otp_optional")]


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser(username="quantri", password=PASSWORD)
    client.force_login(admin)
    return client


def test_user_admin_lists_searches_and_edits_without_first_last_name(admin_client, citizen):
    assert admin_client.get("/admin/accounts/user/?q=Bình").status_code == 200
    html = admin_client.get(f"/admin/accounts/user/{citizen.pk}/change/").content.decode()
    assert 'name="full_name"' in html
    assert 'name="phone"' in html
    assert "first_name" not in html
    assert admin_client.get("/admin/accounts/user/add/").status_code == 200


def test_admin_creates_a_user(admin_client):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "canbo.moi",
            "full_name": "Đỗ Quang Huy",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "citizen_profile-TOTAL_FORMS": "0",
            "citizen_profile-INITIAL_FORMS": "0",
            "citizen_profile-MIN_NUM_FORMS": "0",
            "citizen_profile-MAX_NUM_FORMS": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="canbo.moi").full_name == "Đỗ Quang Huy"


def test_citizen_profile_admin(admin_client):
    services.citizen_register(
        full_name="Phạm Thị Minh Thư",
        phone="+84987654321",
        email="",
        preferred_channel=ContactChannel.PHONE,
        password=PASSWORD,
        notice_accepted=True,
    )
    profile = CitizenProfile.objects.get()
    assert admin_client.get("/admin/accounts/citizenprofile/").status_code == 200
    assert (
        admin_client.get(f"/admin/accounts/citizenprofile/{profile.pk}/change/").status_code == 200
    )
