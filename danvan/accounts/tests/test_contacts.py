from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from danvan.accounts.contacts import normalize_email, normalize_login_identifier, normalize_mobile


@pytest.mark.parametrize(
    "typed",
    ["0912345678", "0912 345 678", "0912.345.678", "+84912345678", "+84 912 345 678",
     "84912345678", "0084912345678", "(091) 234-5678"],
)  # fmt: skip
def test_usual_writings_of_one_mobile_number_normalise_to_plus84(typed):
    assert normalize_mobile(typed) == "+84912345678"


@pytest.mark.parametrize(
    "prefix", ["032", "039", "052", "056", "058", "059", "070", "076", "079", "081", "086", "089",
               "090", "099"],
)  # fmt: skip
def test_current_mobile_prefixes_are_accepted(prefix):
    assert normalize_mobile(f"{prefix}1234567") == f"+84{prefix[1:]}1234567"


@pytest.mark.parametrize(
    "typed",
    ["", "091234567", "09123456789", "0212345678", "0112345678", "+1 912 345 6789",
     "12345", "0912abc678", "+840912345678"],
)  # fmt: skip
def test_non_mobile_numbers_are_refused_with_a_message(typed):
    with pytest.raises(ValidationError) as info:
        normalize_mobile(typed)
    assert info.value.code == "invalid_phone"


def test_emails_are_lower_cased_and_validated():
    assert normalize_email("  Nguyen.An@Example.VN ") == "nguyen.an@example.vn"
    for bad in ["khong-phai-email", "a@", "@example.vn", "a b@example.vn"]:
        with pytest.raises(ValidationError):
            normalize_email(bad)
    with pytest.raises(ValidationError):
        normalize_email("a" * 140 + "@example.vn")


def test_login_identifier_maps_phone_and_email_and_keeps_staff_usernames():
    assert normalize_login_identifier("0912 345 678") == "+84912345678"
    assert normalize_login_identifier("An@Example.VN") == "an@example.vn"
    assert normalize_login_identifier("canbo.tiepnhan") == "canbo.tiepnhan"
    assert normalize_login_identifier("12345") == "12345"
