from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from danvan.accounts import policies
from danvan.accounts.models import User

from .conftest import PASSWORD, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.urls("danvan.accounts.tests.urls")]

PAGES = ["/test-staff/class/", "/test-staff/function/"]


@pytest.fixture(autouse=True)
def _otp_off(otp_optional):
    return None


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, page):
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("page", PAGES)
def test_citizens_are_refused_staff_pages(client, citizen, page):
    client.force_login(citizen)
    response = client.get(page)
    assert response.status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_staff_and_superusers_may_enter(client, staff, page):
    client.force_login(staff)
    assert client.get(page).status_code == 200
    admin = User.objects.create_superuser(username="quantri", password=PASSWORD)
    client.force_login(admin)
    assert client.get(page).status_code == 200


def test_django_is_staff_flag_alone_does_not_make_staff(client):
    user = User.objects.create_user(username="chi.admin", password=PASSWORD, is_staff=True)
    assert not policies.is_staff_member(user)
    client.force_login(user)
    assert client.get(PAGES[0]).status_code == 403


def test_inactive_staff_is_not_staff():
    user = make_staff(username="da.nghi")
    user.is_active = False
    assert not policies.is_staff_member(user)
    assert not policies.is_staff_member(AnonymousUser())


@pytest.mark.usefixtures("otp_required")
def test_required_second_factor_guards_staff_pages_but_not_citizens(client, staff, citizen):
    client.force_login(staff)
    assert client.get(PAGES[0])["Location"].startswith("/accounts/two-step/setup/")
    client.force_login(citizen)
    assert client.get(PAGES[0]).status_code == 403
