"""The public letter form: sending without an account, the no-JavaScript commune step, files,
bad input of every kind, and the anonymous route."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from danvan.core import calendar
from danvan.letters.choices import Channel, SignatureMethod
from danvan.letters.models import Attachment, Letter, Signer
from danvan.letters.tests.public_support import (
    ADDRESS,
    FULL_NAME,
    PHONE,
    Setting,
    StreamingUpload,
    complaint_data,
    english_client,
    exe_bytes,
    letter_data,
    make_setting,
    other_host_urls,
    pdf_bytes,
    png_bytes,
    read_page,
    unlabelled_controls,
    upload,
)
from danvan.notifications import sms
from danvan.organizations.models import Membership, Unit

pytestmark = pytest.mark.django_db

SUBMIT = "/gui-don/"


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


def sent_pin(code: str) -> str:
    """The PIN in the text message that told the sender their tracking code."""
    text = next(t.text for t in sms.outbox if code in t.text)
    match = re.search(r"(?<![\d/])(\d{6})(?!\d)", text)
    assert match, text
    return match.group(1)


def send(client: Client, data: dict[str, Any], capture: Any) -> Any:
    with capture(execute=True):
        return client.post(SUBMIT, data)


def test_the_url_names_are_the_public_paths() -> None:
    assert reverse("letters:submit") == SUBMIT
    assert reverse("letters:track") == "/tra-cuu/"
    assert reverse("letters:publications") == "/cong-khai-ket-qua/"


def test_the_form_works_without_an_account_or_javascript(client: Client, setting: Setting) -> None:
    response = client.get(SUBMIT)
    assert response.status_code == 200
    html = response.content.decode()
    # Every control has a label; the kinds are a fieldset with a legend.
    assert unlabelled_controls(html) == []
    page = read_page(html)
    assert page.fieldsets >= 6
    assert page.legends == page.fieldsets
    assert 'name="kind" value="complaint"' in html
    # The browser fills in the person's own details.
    for token in ('autocomplete="name"', 'autocomplete="tel"', 'autocomplete="email"'):
        assert token in html
    assert 'autocomplete="street-address"' in html
    assert 'enctype="multipart/form-data"' in html
    # The commune list is filled by a plain submit button when there is no script.
    assert 'name="action" value="communes"' in html
    # Scripts are our own, deferred, and only enhance the page.
    assert other_host_urls(html) == []
    assert "/static/letters/js/geolocate.js" in html
    assert "data-geolocate hidden" in html
    # Consent to publication is never ticked in advance, and the notice is on the page.
    consent = next(c for c in page.controls if c.get("name") == "publish_consent")
    assert "checked" not in consent
    assert 'href="#privacy"' in html
    assert 'id="privacy"' in html
    assert setting.province.name in html


def test_choosing_the_province_shows_its_communes_and_keeps_what_was_typed(
    client: Client, setting: Setting
) -> None:
    data = letter_data(setting, action="communes", ward="", subject="Đèn đường hỏng ở ngõ 5")
    response = client.post(SUBMIT, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert setting.ward.name in html
    assert setting.other_ward.name in html
    assert "Đèn đường hỏng ở ngõ 5" in html
    assert 'id="error-summary"' not in html
    assert "autofocus" in html
    assert not Letter.objects.exists()


def test_the_commune_list_is_served_for_the_script(client: Client, setting: Setting) -> None:
    response = client.get(reverse("letters:wards"), {"tinh": setting.province.code})
    names = [c["name"] for c in response.json()["communes"]]
    assert names == ["Phường Đông Hà", "Xã Hoa Sen"]
    assert client.get(reverse("letters:wards"), {"tinh": "../x"}).json() == {"communes": []}


def test_feedback_is_received_without_signing_and_shows_code_and_pin_once(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    response = send(client, letter_data(setting), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:submitted")
    letter = Letter.objects.get()
    assert letter.unit == setting.unit
    assert letter.channel == Channel.WEB
    assert letter.kind == "feedback"
    assert letter.ward == setting.ward
    assert letter.field == setting.field
    assert letter.signature_method == SignatureMethod.NONE
    signer = Signer.objects.get(letter=letter)
    assert (signer.full_name, signer.phone) == (FULL_NAME, PHONE)

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page["Cache-Control"].startswith("no-store")
    assert letter.tracking_code in html
    assert letter.register_label in html
    assert setting.unit.name in html
    assert letter.due_on is not None
    assert letter.due_on.strftime("%d/%m/%Y") in html
    # The date is labelled as the deadline it is, not as the unit that handles the letter.
    assert f"Processing deadline</dt><dd>{letter.due_on:%d/%m/%Y}" in html
    # The PIN was sent by SMS too; it is on the page once only.
    pin = sent_pin(letter.tracking_code)
    assert pin in html
    again = client.get(response["Location"]).content.decode()
    assert pin not in again
    assert letter.tracking_code not in again


def test_an_empty_form_lists_every_problem_at_the_top(client: Client, setting: Setting) -> None:
    response = client.post(SUBMIT, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    for anchor in ("#id_kind_0", "#id_subject", "#id_content", "#id_province"):
        assert f'href="{anchor}"' in html
    assert 'aria-invalid="true"' in html
    assert not Letter.objects.exists()


def test_a_date_in_the_future_is_refused_and_the_text_kept(
    client: Client, setting: Setting
) -> None:
    tomorrow = calendar.today_local() + dt.timedelta(days=1)
    data = letter_data(setting, letter_date=tomorrow.isoformat())
    response = client.post(SUBMIT, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_letter_date"' in html
    assert data["content"] in html
    assert not Letter.objects.exists()


def test_a_past_letter_date_in_vietnamese_format_is_kept(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    data = letter_data(setting, letter_date="20/11/2026")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, data)
    assert response.status_code == 302
    assert Letter.objects.get().letter_date == dt.date(2026, 11, 20)


def test_nul_bytes_and_broken_unicode_never_break_the_page(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    data = letter_data(setting)
    body = "&".join(
        f"{k}={v}"
        for k, v in {
            **{k: v for k, v in data.items() if k not in ("subject", "content")},
        }.items()
    ).encode()
    # A NUL byte, invalid UTF-8 and a lone surrogate encoded as UTF-8.
    body += b"&subject=C%E1%BB%91ng%00t%E1%BA%AFc%FF%FE&content=N%C6%B0%E1%BB%9Bc%ED%A0%80tr%C3%A0n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.generic(
            "POST", SUBMIT, body, content_type="application/x-www-form-urlencoded"
        )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert "\x00" not in letter.subject
    assert letter.subject.startswith("Cốngtắc")
    assert letter.content.startswith("Nước")


def test_nul_bytes_in_a_failing_form_are_not_shown_back(client: Client, setting: Setting) -> None:
    response = client.post(SUBMIT, {"subject": "Đèn\x00 hỏng", "content": "a\x00b"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "\x00" not in html
    assert 'value="Đèn hỏng"' in html


def test_a_200_megabyte_file_gets_a_clear_message_and_the_text_is_kept(
    client: Client, setting: Setting
) -> None:
    fields = {k: str(v) for k, v in letter_data(setting).items()}
    stream = StreamingUpload("ranh-gioi-12345", fields, "attachments", "ho-so.pdf", 200 * 2**20)
    response = client.generic(
        "POST",
        SUBMIT,
        b"",
        CONTENT_TYPE="multipart/form-data; boundary=ranh-gioi-12345",
        CONTENT_LENGTH=str(stream.length),
        **{"wsgi.input": stream},
    )
    assert response.status_code == 200
    assert stream.consumed == stream.length  # the whole body was read, the file not kept
    html = response.content.decode()
    assert "ho-so.pdf" in html
    assert "10 MB" in html
    assert 'href="#id_attachments"' in html
    assert fields["content"] in html
    assert not Letter.objects.exists()


def test_an_exe_renamed_pdf_is_refused_and_the_text_kept(client: Client, setting: Setting) -> None:
    data = letter_data(setting, attachments=upload("hoa-don.pdf", exe_bytes(), "application/pdf"))
    response = client.post(SUBMIT, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "hoa-don.pdf" in html
    assert "DOCX" in html
    assert data["content"] in html
    assert not Letter.objects.exists()
    assert not Attachment.objects.exists()


def test_real_pictures_and_pdfs_are_attached(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    data = letter_data(
        setting,
        attachments=[
            upload("anh-cong.png", png_bytes(), "image/png"),
            upload("don.pdf", pdf_bytes(), "application/pdf"),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, data)
    assert response.status_code == 302
    stored = sorted(Attachment.objects.values_list("original_name", "content_type"))
    assert stored == [("anh-cong.png", "image/png"), ("don.pdf", "application/pdf")]


def test_a_file_is_kept_while_the_person_corrects_the_form(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    first = letter_data(
        setting, subject="", attachments=upload("anh.png", png_bytes(), "image/png")
    )
    response = client.post(SUBMIT, first)
    assert response.status_code == 200
    assert "anh.png" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBMIT, letter_data(setting))
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "anh.png"


def test_more_than_five_files_are_not_kept(client: Client, setting: Setting) -> None:
    files = [upload(f"anh-{i}.png", png_bytes(), "image/png") for i in range(7)]
    response = client.post(SUBMIT, letter_data(setting, subject="", attachments=files))
    html = response.content.decode()
    assert "anh-5.png" in html
    assert "anh-6.png" in html
    assert html.count('name="remove_file"') == 5


def test_a_kept_file_can_be_removed(client: Client, setting: Setting) -> None:
    client.post(
        SUBMIT,
        letter_data(setting, subject="", attachments=upload("anh.png", png_bytes(), "image/png")),
    )
    token = client.session["letters.public.draft"]["files"][0]["token"]
    response = client.post(SUBMIT, letter_data(setting, subject="", remove_file=token))
    assert 'name="remove_file"' not in response.content.decode()


def test_a_draft_can_be_deleted(client: Client, setting: Setting) -> None:
    client.post(
        SUBMIT,
        letter_data(setting, subject="", attachments=upload("anh.png", png_bytes(), "image/png")),
    )
    response = client.post(SUBMIT, {"action": "discard"})
    assert response.status_code == 302
    assert "letters.public.draft" not in client.session


def test_a_commune_of_another_province_is_refused(client: Client, setting: Setting) -> None:
    from danvan.organizations.tests import factories as org

    elsewhere = org.WardFactory(code="92001", province=org.ProvinceFactory(code="92"))
    response = client.post(SUBMIT, letter_data(setting, ward=elsewhere.code))
    assert 'href="#id_ward"' in response.content.decode()


def test_a_complaint_needs_a_name_an_address_a_contact_and_whom_it_is_about(
    client: Client, setting: Setting
) -> None:
    data = complaint_data(setting, full_name="", address="", phone="", email="", about="")
    html = client.post(SUBMIT, data).content.decode()
    for anchor in ("#id_full_name", "#id_address", "#id_phone", "#id_about"):
        assert f'href="{anchor}"' in html


def test_a_complaint_cannot_be_anonymous(client: Client, setting: Setting) -> None:
    html = client.post(SUBMIT, complaint_data(setting, anonymous="on")).content.decode()
    assert 'href="#id_anonymous"' in html
    assert not Letter.objects.exists()


def test_an_invalid_phone_number_is_explained(client: Client, setting: Setting) -> None:
    html = client.post(SUBMIT, letter_data(setting, phone="12345")).content.decode()
    assert 'href="#id_phone"' in html


def test_an_anonymous_denunciation_must_be_acknowledged_and_takes_the_anonymous_route(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    data = complaint_data(
        setting,
        kind="denunciation",
        subject="Cán bộ thu tiền sai quy định",
        anonymous="on",
        full_name=FULL_NAME,
        address=ADDRESS,
        phone="",
    )
    html = client.post(SUBMIT, data).content.decode()
    assert 'href="#id_anonymous_ack"' in html
    assert "not handled as a denunciation" in html
    assert not Letter.objects.exists()

    response = send(client, {**data, "anonymous_ack": "on"}, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:submitted")  # no signing step
    letter = Letter.objects.get()
    assert letter.anonymous
    assert letter.kind == "denunciation"
    assert not Signer.objects.filter(letter=letter).exists()  # the typed name was dropped
    assert FULL_NAME not in letter.content_redacted
    page = client.get(response["Location"]).content.decode()
    assert "Art. 25" in page


def test_anonymous_feedback_keeps_only_the_contact_for_news(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    data = letter_data(setting, anonymous="on", id_number="001190099887")
    assert send(client, data, django_capture_on_commit_callbacks).status_code == 302
    letter = Letter.objects.get()
    signer = Signer.objects.get(letter=letter)
    assert letter.anonymous
    assert (signer.full_name, signer.address, signer.id_number) == ("", "", "")
    assert signer.phone == PHONE


def test_a_position_is_kept_only_when_both_numbers_are_sane(
    client: Client, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    data = letter_data(setting, latitude="21.0285123", longitude="105.8542")
    send(client, data, django_capture_on_commit_callbacks)
    letter = Letter.objects.get()
    assert (str(letter.latitude), str(letter.longitude)) == ("21.028512", "105.854200")

    data = letter_data(setting, latitude="NaN", longitude="999")
    send(client, data, django_capture_on_commit_callbacks)
    letter = Letter.objects.latest("pk")
    assert letter.latitude is None
    assert letter.longitude is None


def test_without_any_receiving_unit_the_person_is_told_plainly(client: Client, db: Any) -> None:
    from danvan.organizations.tests import factories as org

    province = org.ProvinceFactory(code="93")
    ward = org.WardFactory(code="93001", province=province)
    data = {
        "kind": "feedback",
        "subject": "Đèn đường hỏng",
        "content": "Đèn đường ở ngõ 5 hỏng.",
        "province": province.code,
        "ward": ward.code,
        "full_name": FULL_NAME,
    }
    assert not Unit.objects.exists()
    response = client.post(SUBMIT, data)
    assert response.status_code == 200
    assert "has not been set up yet" in response.content.decode()
    assert not Letter.objects.exists()


def test_a_unit_without_receiving_officers_is_not_chosen_as_the_fallback(
    client: Client, setting: Setting
) -> None:
    Membership.objects.all().delete()
    response = client.post(SUBMIT, letter_data(setting))
    assert "has not been set up yet" in response.content.decode()


def test_the_form_refuses_a_post_without_the_csrf_token(setting: Setting) -> None:
    strict = english_client(enforce_csrf_checks=True)
    assert strict.post(SUBMIT, letter_data(setting)).status_code == 403
    strict.get(SUBMIT)
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        SUBMIT, {**letter_data(setting, subject=""), "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200


def test_the_home_page_links_to_the_public_letter_pages(client: Client, db: Any) -> None:
    html = client.get("/").content.decode()
    for name in ("letters:submit", "letters:track", "letters:publications"):
        assert f'href="{reverse(name)}"' in html


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"action": "nonsense"},
        {"action": "scan", "scan_file": "../../danvan.sqlite3"},
        {"action": "resend", "channel": "fax"},
        {"action": "submit"},
        {"action": "rate", "score": "five"},
        {"action": "forget"},
        {"remove_file": "../../etc/passwd", "kind": ["feedback", "complaint"]},
        {"kind": "mixed", "field": "-1", "province": "'; DROP TABLE", "ward": "\x00"},
        {"subject": "x" * 100_000, "content": "y" * 100_000, "letter_date": "9999-99-99"},
        {"code": "DV-" + "Ä" * 40, "pin": "１２３４５６"},
    ],
    ids=lambda p: ",".join(sorted(p)) or "empty",
)
def test_no_public_page_answers_with_a_server_error(
    client: Client, setting: Setting, payload: dict[str, Any]
) -> None:
    urls = ["/gui-don/", "/gui-don/ky-don/", "/gui-don/da-gui/", "/tra-cuu/"]
    for url in urls:
        assert client.post(url, payload).status_code < 500, url
        assert client.get(url, payload).status_code < 500, url
    for url in ("/cong-khai-ket-qua/", "/gui-don/xa-phuong/"):
        assert (
            client.get(url, {"page": "x", "tinh": payload.get("province", "")}).status_code == 200
        )
    # The same, with a complaint waiting to be signed.
    assert client.post(SUBMIT, complaint_data(setting)).status_code == 302
    assert client.post("/gui-don/ky-don/", payload).status_code < 500
