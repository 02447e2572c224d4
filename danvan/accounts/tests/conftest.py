"""Fixtures for the accounts tests: a staff officer, a citizen, TOTP codes from a device key."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts.models import User

PASSWORD = "Sen-hong-ven-ho-2026"


def make_staff(username: str = "canbo.tiepnhan", **kwargs: Any) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name="Trần Thị Thu Hà", **kwargs
    )
    user.user_permissions.add(
        Permission.objects.get(codename="access_staff_area", content_type__app_label="accounts")
    )
    return User.objects.get(pk=user.pk)  # fresh instance: no stale permission cache


def make_citizen(username: str = "+84912345678") -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, full_name="Lê Văn Bình", phone=username
    )


def totp_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now for ``device`` (or ``offset_steps`` later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.fixture
def staff() -> User:
    return make_staff()


@pytest.fixture
def citizen() -> User:
    return make_citizen()


@pytest.fixture
def otp_required(settings: Any) -> None:
    settings.DANVAN_STAFF_OTP_REQUIRED = True


@pytest.fixture
def otp_optional(settings: Any) -> None:
    settings.DANVAN_STAFF_OTP_REQUIRED = False
