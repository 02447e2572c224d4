from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.core.models import AuditEntry

from .conftest import PASSWORD, confirmed_device, make_citizen, totp_code

pytestmark = pytest.mark.django_db

STAFF_HOME = "/staff/"


def _login(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


# --- Required (production) ------------------------------------------------------------------


@pytest.mark.usefixtures("otp_required")
def test_required_staff_without_device_is_sent_to_setup_after_password(client, staff):
    response = _login(client, staff.username)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp-setup"))
    # Nothing else is reachable before the second factor.
    response = client.get(STAFF_HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:otp-setup')}?next=%2Fstaff%2F"
    assert client.get(reverse("accounts:security")).status_code == 302


@pytest.mark.usefixtures("otp_required")
def test_setup_page_shows_inline_qr_and_base32_secret(client, staff):
    client.force_login(staff)
    response = client.get(reverse("accounts:otp-setup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    import base64

    compact = secret.replace(" ", "")
    padded = compact + "=" * (-len(compact) % 8)
    assert base64.b32decode(padded) == device.bin_key
    # Reloading shows the same pending device, not a new one.
    client.get(reverse("accounts:otp-setup"))
    assert TOTPDevice.objects.filter(user=staff).count() == 1


@pytest.mark.usefixtures("otp_required")
def test_setup_confirmed_with_a_real_code_opens_the_staff_area(client, staff):
    _login(client, staff.username)
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(
        reverse("accounts:otp-setup"), {"token": totp_code(device), "next": STAFF_HOME}
    )
    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(STAFF_HOME).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.totp.confirmed", actor=staff).exists()


@pytest.mark.usefixtures("otp_required")
def test_setup_refuses_a_wrong_code_in_vietnamese(client, staff):
    client.force_login(staff)
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp-setup"), {"token": wrong})
    assert response.status_code == 400
    assert "Mã không đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(STAFF_HOME).status_code == 302


@pytest.mark.usefixtures("otp_required")
def test_required_staff_with_device_must_verify_and_a_real_code_passes(client, staff):
    device = confirmed_device(staff)
    response = _login(client, staff.username)
    assert response["Location"] == f"{reverse('accounts:otp-verify')}?next=%2Fstaff%2F"
    assert client.get(STAFF_HOME).status_code == 302
    response = client.post(
        reverse("accounts:otp-verify"), {"token": totp_code(device), "next": STAFF_HOME}
    )
    assert response.status_code == 302
    assert response["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.totp.verified", actor=staff).exists()


@pytest.mark.usefixtures("otp_required")
def test_verify_refuses_a_wrong_code_in_vietnamese_and_audits(client, staff):
    device = confirmed_device(staff)
    _login(client, staff.username)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp-verify"), {"token": wrong})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Mã không đúng" in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_token_helptext id_token_errors"' in html
    assert client.get(STAFF_HOME).status_code == 302
    entry = AuditEntry.objects.get(action="accounts.totp.failed")
    assert wrong not in repr(entry.__dict__)


@pytest.mark.usefixtures("otp_required")
def test_verify_refuses_non_digits_and_replayed_codes(client, staff, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = confirmed_device(staff)
    _login(client, staff.username)
    assert client.post(reverse("accounts:otp-verify"), {"token": "12a456"}).status_code == 400
    code = totp_code(device)
    assert client.post(reverse("accounts:otp-verify"), {"token": code}).status_code == 302
    client.post("/accounts/logout/")
    _login(client, staff.username)
    # The same code cannot be used twice.
    assert client.post(reverse("accounts:otp-verify"), {"token": code}).status_code == 400


@pytest.mark.usefixtures("otp_required")
def test_unverified_staff_may_still_log_out_and_switch_language(client, staff):
    _login(client, staff.username)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.post("/accounts/logout/").status_code == 302


@pytest.mark.usefixtures("otp_required")
def test_unverified_staff_can_read_the_public_pages_but_not_staff_pages(client, staff):
    _login(client, staff.username)
    for path in ("/", "/accessibility/", "/.well-known/security.txt"):
        assert client.get(path).status_code == 200, path
    assert client.get("/staff/").status_code == 302


@pytest.mark.usefixtures("otp_required")
def test_unverified_holder_cannot_replace_the_device_from_setup(client, staff):
    confirmed_device(staff)
    client.force_login(staff)
    response = client.get(reverse("accounts:otp-setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp-verify"))
    assert TOTPDevice.objects.filter(user=staff).count() == 1


@pytest.mark.usefixtures("otp_required")
def test_citizens_are_never_required_to_set_up_a_second_factor(client):
    citizen = make_citizen()
    response = _login(client, citizen.username)
    assert response["Location"] == reverse("accounts:security")
    assert client.get(reverse("accounts:security")).status_code == 200


@pytest.mark.usefixtures("otp_required")
def test_required_staff_cannot_turn_the_second_factor_off(client, staff):
    device = confirmed_device(staff)
    _login(client, staff.username)
    client.post(reverse("accounts:otp-verify"), {"token": totp_code(device)})
    response = client.post(reverse("accounts:otp-disable"), follow=True)
    assert "bắt buộc dùng xác thực hai bước" in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff).exists()


# --- Optional (demo, development) -----------------------------------------------------------


@pytest.mark.usefixtures("otp_optional")
def test_optional_staff_without_device_goes_straight_in(client, staff):
    response = _login(client, staff.username)
    assert response["Location"] == STAFF_HOME
    assert client.get(STAFF_HOME).status_code == 200


@pytest.mark.usefixtures("otp_optional")
def test_optional_voluntary_setup_then_verify_is_asked_at_next_login(client, staff):
    _login(client, staff.username)
    security = client.get(reverse("accounts:security")).content.decode()
    assert "Bật xác thực hai bước" in security
    client.get(reverse("accounts:otp-setup"))
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(reverse("accounts:otp-setup"), {"token": totp_code(device)})
    assert response["Location"] == reverse("accounts:security")
    client.post("/accounts/logout/")

    response = _login(client, staff.username)
    assert response["Location"].startswith(reverse("accounts:otp-verify"))
    assert client.get(STAFF_HOME).status_code == 302
    device.refresh_from_db()
    response = client.post(
        reverse("accounts:otp-verify"), {"token": totp_code(device, offset_steps=1)}
    )
    assert response.status_code == 302
    assert client.get(STAFF_HOME).status_code == 200


@pytest.mark.usefixtures("otp_optional")
def test_optional_second_factor_can_be_turned_off_after_verifying(client, staff):
    device = confirmed_device(staff)
    _login(client, staff.username)
    client.post(reverse("accounts:otp-verify"), {"token": totp_code(device)})
    response = client.post(reverse("accounts:otp-disable"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert AuditEntry.objects.filter(action="accounts.totp.disabled", actor=staff).exists()


@pytest.mark.usefixtures("otp_optional")
def test_replacing_the_device_keeps_only_the_new_one(client, staff):
    old = confirmed_device(staff)
    _login(client, staff.username)
    client.post(reverse("accounts:otp-verify"), {"token": totp_code(old)})
    client.get(reverse("accounts:otp-setup"))
    new = TOTPDevice.objects.get(user=staff, confirmed=False)
    response = client.post(reverse("accounts:otp-setup"), {"token": totp_code(new)})
    assert response.status_code == 302
    assert list(TOTPDevice.objects.filter(user=staff).values_list("pk", flat=True)) == [new.pk]
