"""Signing a complaint or a denunciation from the public form: a one-time code by SMS or
e-mail, a photo of the signed letter, or no signature (flagged)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from danvan.letters.choices import SignatureMethod
from danvan.letters.models import AcceptedSignatureMethod, Attachment, Letter, Signer
from danvan.letters.tests.public_support import (
    EMAIL,
    FULL_NAME,
    Setting,
    complaint_data,
    english_client,
    make_setting,
    other_host_urls,
    png_bytes,
    unlabelled_controls,
    upload,
)
from danvan.notifications import sms

pytestmark = pytest.mark.django_db

SUBMIT = "/gui-don/"
SIGN = "/gui-don/ky-don/"


@pytest.fixture(autouse=True)
def _outboxes(settings: Any) -> None:
    settings.DANVAN_SMS_BACKEND = "locmem"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sms.outbox.clear()
    mail.outbox = []


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def setting(db: Any) -> Setting:
    return make_setting()


def code_in(text: str) -> str:
    match = re.search(r"(?<!\d)(\d{6})(?!\d)", text)
    assert match, text
    return match.group(1)


def start(client: Client, data: dict[str, Any], capture: Any) -> Any:
    with capture(execute=True):
        response = client.post(SUBMIT, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("letters:sign")
    return response


def test_a_complaint_is_signed_with_a_code_sent_by_sms(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    assert not Letter.objects.exists()  # nothing is registered before it is signed
    page = client.get(SIGN)
    html = page.content.decode()
    assert page.status_code == 200
    assert "*678" in html  # the masked number the code went to
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="one-time-code"' in html
    assert unlabelled_controls(html) == []
    assert other_host_urls(html) == []
    (message,) = sms.outbox
    code = code_in(message.text)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGN, {"action": "verify", "code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:submitted")
    letter = Letter.objects.get()
    assert letter.kind == "complaint"
    assert letter.signature_method == SignatureMethod.OTP_SMS
    assert letter.signed
    assert Signer.objects.get(letter=letter).full_name == FULL_NAME
    assert "letters.public.draft" not in client.session
    receipt = client.get(response["Location"]).content.decode()
    assert letter.tracking_code in receipt
    assert "not signed" not in receipt


def test_a_denunciation_is_signed_with_a_code_sent_by_e_mail(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    data = complaint_data(setting, kind="denunciation", phone="", email=EMAIL)
    start(client, data, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGN, {"action": "verify", "code": code_in(message.body)})
    letter = Letter.objects.get()
    assert letter.signature_method == SignatureMethod.OTP_EMAIL
    assert letter.signed


def test_a_wrong_code_says_how_many_tries_are_left(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    good = code_in(sms.outbox[0].text)
    wrong = "000000" if good != "000000" else "111111"
    response = client.post(SIGN, {"action": "verify", "code": wrong})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_code"' in html
    assert "You have 4 more tries" in html
    assert not Letter.objects.exists()
    response = client.post(SIGN, {"action": "verify", "code": "12ab"})
    assert "The code has exactly 6 digits" in response.content.decode()
    assert not Letter.objects.exists()


def test_asking_for_codes_too_often_is_refused_clearly(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGN, {"action": "resend", "channel": "sms"}, follow=True)
    assert response.status_code == 200
    assert "too many codes" in response.content.decode()
    assert len(sms.outbox) == 1


def test_without_a_code_a_photo_of_the_signed_letter_signs_it(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SIGN,
            {
                "action": "scan",
                "scan_upload": upload("don-co-chu-ky.png", png_bytes(), "image/png"),
            },
        )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.signature_method == SignatureMethod.SIGNED_SCAN
    assert letter.signed
    assert Attachment.objects.get(letter=letter).signed_letter


def test_an_attached_file_can_be_marked_as_the_signed_letter(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    data = complaint_data(
        setting,
        attachments=[
            upload("anh-hien-truong.png", png_bytes((6, 6)), "image/png"),
            upload("don-da-ky.png", png_bytes((9, 9)), "image/png"),
        ],
    )
    start(client, data, django_capture_on_commit_callbacks)
    tokens = [f["token"] for f in client.session["letters.public.draft"]["files"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGN, {"action": "scan", "scan_file": tokens[1]})
    flags = dict(Attachment.objects.values_list("original_name", "signed_letter"))
    assert flags == {"anh-hien-truong.png": False, "don-da-ky.png": True}


def test_a_scan_action_without_any_file_asks_for_one(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    response = client.post(SIGN, {"action": "scan"})
    assert response.status_code == 200
    assert 'href="#scan-errors"' in response.content.decode()
    assert not Letter.objects.exists()


def test_a_letter_sent_without_signing_is_received_and_flagged(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGN, {"action": "unsigned"})
    letter = Letter.objects.get()
    assert not letter.signed
    assert letter.signature_method == SignatureMethod.NONE
    receipt = client.get(response["Location"]).content.decode()
    assert "not signed" in receipt


def test_a_code_does_not_count_when_the_administrators_switched_the_method_off(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    AcceptedSignatureMethod.objects.filter(method=SignatureMethod.OTP_SMS).update(accepted=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBMIT, complaint_data(setting))
    assert sms.outbox == []  # no code is offered for a method that would not count
    html = client.get(SIGN).content.decode()
    assert 'value="verify"' not in html
    assert 'value="unsigned"' in html


def test_the_sign_page_without_a_draft_goes_back_to_the_form(client: Client, db: Any) -> None:
    assert client.get(SIGN)["Location"] == reverse("letters:submit")
    assert client.post(SIGN, {"action": "verify", "code": "123456"}).status_code == 302


def test_the_draft_can_be_changed_from_the_sign_page(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    html = client.get(SUBMIT).content.decode()
    assert "Khiếu nại quyết định xử phạt hành chính" in html
    assert re.search(r'<input[^>]*value="complaint"[^>]*checked', html)


def test_a_signed_denunciation_hides_the_denouncer_on_the_tracking_page(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    content = (
        f"Tôi là {FULL_NAME}, điện thoại 0912 345 678 (hoặc +84912345678), tố cáo cán bộ "
        "địa chính xã nhận tiền khi làm thủ tục."
    )
    data = complaint_data(setting, kind="denunciation", content=content)
    start(client, data, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGN, {"action": "verify", "code": code_in(sms.outbox[0].text)})
    letter = Letter.objects.get()
    receipt = client.get(reverse("letters:submitted")).content.decode()
    pin = re.search(r'class="code-big">(\d{6})<', receipt)
    assert pin, receipt
    client.post(reverse("letters:track"), {"code": letter.tracking_code, "pin": pin.group(1)})
    html = client.get(reverse("letters:track")).content.decode()
    assert "địa chính xã nhận tiền" in html
    for secret in (FULL_NAME, "0912 345 678", "+84912345678", "912345678"):
        assert secret not in html


def test_changing_the_letter_keeps_a_code_sent_to_the_same_phone(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    code = code_in(sms.outbox[0].text)
    changed = complaint_data(setting, subject="Khiếu nại quyết định xử phạt (sửa lại)")
    start(client, changed, django_capture_on_commit_callbacks)
    assert len(sms.outbox) == 1  # no second code a few seconds after the first
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGN, {"action": "verify", "code": code})
    assert Letter.objects.get().subject == "Khiếu nại quyết định xử phạt (sửa lại)"


def test_changing_the_phone_sends_a_new_code_and_the_old_one_no_longer_signs(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    start(client, complaint_data(setting), django_capture_on_commit_callbacks)
    old_code = code_in(sms.outbox[0].text)
    start(client, complaint_data(setting, phone="0987654321"), django_capture_on_commit_callbacks)
    assert [m.phone for m in sms.outbox] == ["+84912345678", "+84987654321"]
    response = client.post(SIGN, {"action": "verify", "code": old_code})
    if old_code != code_in(sms.outbox[1].text):
        assert response.status_code == 200
        assert not Letter.objects.exists()
