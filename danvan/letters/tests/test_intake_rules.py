"""Every rule of the public form and of the staff entry form is the service's: called directly,
without any form (as an API would), the services refuse each one with the form's message,
beside the input it concerns, and save nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.core import calendar
from danvan.letters.choices import Channel, LetterKind, SignatureMethod
from danvan.letters.models import Letter
from danvan.letters.services import intake, public_intake
from danvan.letters.services.public_intake import DraftFile, PublicLetter
from danvan.letters.tests import factories as lf
from danvan.letters.tests.conftest import COMPLAINANT, Office
from danvan.letters.tests.public_support import (
    ADDRESS,
    EMAIL,
    FULL_NAME,
    PHONE,
    PHONE_NORMALISED,
    Setting,
    make_setting,
)
from danvan.organizations.matters import MatterType
from danvan.organizations.tests import factories as org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TOMORROW = "tomorrow"
CONTACT = (
    "Give a mobile number or an e-mail address: the code that signs your letter is sent there."
)


@pytest.fixture
def setting(db: Any) -> Setting:
    return make_setting()


def refusals(exc: intake.IntakeError) -> dict[str | None, list[str]]:
    """The problems of a refusal by the input they concern (None: the letter as a whole)."""
    found: dict[str | None, list[str]] = {}
    for problem in exc.problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


# --- The citizen's own letter (public_intake) ---------------------------------------------------


def public_letter(setting: Setting, **overrides: Any) -> PublicLetter:
    """A valid named feedback letter, as the public form hands it to the service."""
    values: dict[str, Any] = {
        "kind": LetterKind.FEEDBACK.value,
        "subject": "Cống thoát nước trước nhà số 12 bị tắc",
        "content": "Cống thoát nước trước nhà số 12 đường Hoa Sen bị tắc đã hai tuần.",
        "field_id": setting.field.pk,
        "province_code": setting.province.code,
        "ward_code": setting.ward.code,
        "full_name": FULL_NAME,
        "phone": PHONE,
        "address": ADDRESS,
    }
    values.update(overrides)
    if values.get("letter_date") == TOMORROW:
        values["letter_date"] = (calendar.today_local() + dt.timedelta(days=1)).isoformat()
    return PublicLetter(**values)


def complaint(setting: Setting, **overrides: Any) -> PublicLetter:
    values: dict[str, Any] = {
        "kind": LetterKind.COMPLAINT.value,
        "about": "Chủ tịch Ủy ban nhân dân xã Hoa Sen",
    }
    values.update(overrides)
    return public_letter(setting, **values)


def public_refusals(letter: PublicLetter) -> dict[str | None, list[str]]:
    with pytest.raises(intake.IntakeError) as info:
        public_intake.public_letter_clean(letter)
    return refusals(info.value)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": LetterKind.MIXED.value}, "kind", "Choose the kind of letter."),
        ({"kind": "letter"}, "kind", "Choose the kind of letter."),
        ({"subject": "   "}, "subject", "Give the letter a short subject."),
        (
            {"subject": "x" * 256},
            "subject",
            "Ensure this value has at most 255 characters (it has 256).",
        ),
        ({"content": "\n "}, "content", "Write the content of the letter."),
        (
            {"content": "x" * 20_001},
            "content",
            "Ensure this value has at most 20000 characters (it has 20001).",
        ),
        (
            {"about": "x" * 256},
            "about",
            "Ensure this value has at most 255 characters (it has 256).",
        ),
        (
            {"letter_date": TOMORROW},
            "letter_date",
            "The date of the letter cannot be in the future.",
        ),
        (
            {"letter_date": "1945-09-01"},
            "letter_date",
            "Enter a real date, for example 26/11/2026.",
        ),
        (
            {"letter_date": "31/02/2026"},
            "letter_date",
            "Enter a real date, for example 26/11/2026.",
        ),
        (
            {"province_code": "", "ward_code": ""},
            "province",
            "Choose the province or city where the matter is.",
        ),
        ({"province_code": "99"}, "province", "Choose the province or city where the matter is."),
        ({"ward_code": ""}, "ward", "Choose the commune or ward where the matter is."),
        ({"full_name": "  "}, "full_name", "Enter your full name, or tick “Send without my name”."),
        (
            {"phone": "12345"},
            "phone",
            "Enter a Vietnamese mobile number of 10 digits, for example 0912345678 "
            "or +84912345678.",
        ),
        (
            {"email": "nguyen.at.example"},
            "email",
            "Enter a valid e-mail address, for example ten@example.vn.",
        ),
        (
            {"id_number": "12-34"},
            "id_number",
            "Enter the number as written on the card, digits only.",
        ),
        (
            {"id_number": "12345"},
            "id_number",
            "Enter the number as written on the card, digits only.",
        ),
        (
            {"kind": LetterKind.PETITION.value, "full_name": ""},
            "full_name",
            "Enter your full name.",
        ),
        (
            {"kind": LetterKind.PETITION.value, "anonymous": True},
            "anonymous",
            "A petition must give your name and address (Decree 20/2008/NĐ-CP, Art. 7). "
            "Untick “Send without my name”.",
        ),
        (
            {"kind": LetterKind.DENUNCIATION.value, "about": "Ông A", "anonymous": True},
            "anonymous_ack",
            "Tick the box to confirm that you understand: information sent without your name "
            "is not handled as a denunciation.",
        ),
        (
            {"kind": LetterKind.DENUNCIATION.value},
            "about",
            "Name the person or body you report.",
        ),
    ],
)
def test_the_public_letter_rules_are_the_services(
    setting: Setting, overrides: dict[str, Any], field: str, message: str
) -> None:
    assert public_refusals(public_letter(setting, **overrides)) == {field: [message]}


def test_a_field_must_be_one_the_form_offers(setting: Setting) -> None:
    retired = org.FieldFactory(code="retired", name="Đã bỏ", active=False)
    under_retired = org.FieldFactory(code="under-retired", name="Con", parent=retired)
    for field in (retired, under_retired):
        assert public_refusals(public_letter(setting, field_id=field.pk)) == {
            "field": ["Choose a field from the list."]
        }


def test_the_commune_must_be_of_the_province(setting: Setting) -> None:
    elsewhere = org.WardFactory(code="92001", province=org.ProvinceFactory(code="92"))
    assert public_refusals(public_letter(setting, ward_code=elsewhere.code)) == {
        "ward": ["Choose a commune or ward of this province."]
    }


def test_a_retired_commune_is_refused(setting: Setting) -> None:
    setting.ward.effective_to = calendar.today_local()
    setting.ward.save()
    assert public_refusals(public_letter(setting)) == {
        "ward": ["Choose a commune or ward of this province."]
    }


def test_a_complaint_names_its_sender_and_their_address_and_a_contact(setting: Setting) -> None:
    assert public_refusals(complaint(setting, full_name="", address="", phone="", email="")) == {
        "full_name": ["Enter your full name."],
        "address": ["Enter your address."],
        "phone": [CONTACT],
    }
    assert public_refusals(complaint(setting, about="")) == {
        "about": ["Name the body or person your complaint is about."]
    }


def test_a_complaint_is_never_anonymous(setting: Setting) -> None:
    assert public_refusals(complaint(setting, anonymous=True)) == {
        "anonymous": [
            "A complaint must carry your name, your address and your signature (Law on "
            "Complaints, Art. 8). Untick “Send without my name”."
        ]
    }


def test_an_e_mail_alone_is_a_contact_enough(setting: Setting) -> None:
    letter = public_intake.public_letter_clean(complaint(setting, phone="", email=EMAIL))
    assert (letter.phone, letter.email) == ("", EMAIL)


def test_the_service_normalises_what_was_typed(setting: Setting) -> None:
    letter = public_intake.public_letter_clean(
        public_letter(
            setting,
            subject="  Cống   bị  tắc ",
            full_name=" Nguyễn   Thị Hoà ",
            phone="0912 345 678",
            email=" Hoa@Example.VN ",
            id_number=" 0011 9009 9887a ",
            latitude="21.0285",
            longitude="",
        )
    )
    assert letter.subject == "Cống bị tắc"
    assert letter.full_name == "Nguyễn Thị Hoà"
    assert letter.phone == PHONE_NORMALISED
    assert letter.email == "hoa@example.vn"
    assert letter.id_number == "001190099887A"
    assert (letter.latitude, letter.longitude) == ("", "")  # half a position is none


def test_the_service_removes_characters_no_one_types(setting: Setting) -> None:
    letter = public_intake.public_letter_clean(
        public_letter(setting, subject="Cống\x00 bị\u200b\ufeff tắc", content="Nội\x07 dung\n")
    )
    assert letter.subject == "Cống bị\u200b tắc"
    assert letter.content == "Nội dung"
    decomposed = public_intake.public_letter_clean(public_letter(setting, full_name="Hoa\u0300"))
    assert decomposed.full_name == "Hoà"  # NFC


def test_an_anonymous_letter_keeps_no_identity(setting: Setting) -> None:
    letter = public_intake.public_letter_clean(
        public_letter(setting, anonymous=True, id_number="001190099887", email=EMAIL)
    )
    assert (letter.full_name, letter.address, letter.id_number) == ("", "", "")
    assert (letter.phone, letter.email) == (PHONE_NORMALISED, EMAIL)  # for news of the letter


def test_an_anonymous_denunciation_with_the_acknowledgement_is_accepted(setting: Setting) -> None:
    letter = public_letter(
        setting,
        kind=LetterKind.DENUNCIATION.value,
        about="Ông A",
        anonymous=True,
        anonymous_ack=True,
    )
    assert public_intake.public_letter_clean(letter).is_anonymous_denunciation


def test_a_draft_kept_before_the_acknowledgement_was_stored_keeps_it(setting: Setting) -> None:
    letter = public_letter(
        setting, kind=LetterKind.DENUNCIATION.value, about="Ông A", anonymous=True
    )
    stored = letter.to_session()
    del stored["anonymous_ack"]
    kept = PublicLetter.from_session(stored)
    assert kept is not None
    assert kept.anonymous_ack


def test_sending_checks_the_rules_again_and_saves_nothing(setting: Setting) -> None:
    """The door an API would use: a letter that never went through the form."""
    with pytest.raises(intake.IntakeError) as info:
        public_intake.public_letter_submit(letter=complaint(setting, anonymous=True))
    assert set(refusals(info.value)) == {"anonymous"}
    assert not Letter.objects.exists()


def test_sending_registers_the_cleaned_letter(setting: Setting) -> None:
    result = public_intake.public_letter_submit(
        letter=public_letter(setting, phone="0912 345 678", subject=" Cống  bị tắc ")
    )
    letter = result.letter
    assert letter.subject == "Cống bị tắc"
    assert letter.signers.get().phone == PHONE  # kept as written in Vietnam


def test_a_code_signature_needs_the_contact_it_went_to(setting: Setting) -> None:
    letter = complaint(setting, phone="", email=EMAIL, id_number="")
    with pytest.raises(intake.IntakeError) as info:
        public_intake.public_letter_submit(letter=letter, signature_method=SignatureMethod.OTP_SMS)
    assert refusals(info.value) == {"signature_method": ["Choose how the letter was signed."]}
    with pytest.raises(intake.IntakeError) as info:
        public_intake.public_letter_submit(
            letter=letter, signature_method=SignatureMethod.HANDWRITTEN
        )
    assert refusals(info.value) == {"signature_method": ["Choose how the letter was signed."]}
    assert not Letter.objects.exists()


def test_a_signed_scan_is_one_of_the_letters_files(setting: Setting) -> None:
    letter = complaint(setting)
    stray = DraftFile(token="a" * 48, name="don.png", size=10)
    message = "Choose the file that shows your signed letter, or attach it."
    with pytest.raises(intake.IntakeError) as info:
        public_intake.public_letter_submit(letter=letter, signed_scan=[stray.token])
    assert refusals(info.value) == {"scan_file": [message]}
    with pytest.raises(intake.IntakeError) as info:
        public_intake.public_letter_submit(
            letter=letter, signature_method=SignatureMethod.SIGNED_SCAN
        )
    assert refusals(info.value) == {"scan_file": [message]}
    assert not Letter.objects.exists()


# --- Every letter, whatever its channel (intake.letter_receive) --------------------------------


def letter_input(office: Office, **overrides: Any) -> intake.LetterInput:
    values: dict[str, Any] = {
        "unit": office.unit,
        "channel": Channel.POST,
        "kind": LetterKind.PETITION,
        "subject": "Kiến nghị sửa đường liên thôn",
        "content": "Đề nghị sửa đoạn đường liên thôn bị sạt lở.",
        "signers": [COMPLAINANT],
        "signature_method": SignatureMethod.HANDWRITTEN,
    }
    values.update(overrides)
    return intake.LetterInput(**values)


def received_refusals(office: Office, **overrides: Any) -> dict[str | None, list[str]]:
    with pytest.raises(intake.IntakeError) as info:
        intake.letter_receive(data=letter_input(office, **overrides), actor=office.receiver)
    assert not Letter.objects.exists()
    return refusals(info.value)


def upload(name: str = "don.png") -> SimpleUploadedFile:
    return lf.png_upload(name)


TODAY = calendar.today_local()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"channel": Channel.FORWARDED, "forwarded_by_body": "Ban Dân nguyện"},
            "forwarded_by_number",
            "Give the number of the forwarding document.",
        ),
        (
            {"channel": Channel.FORWARDED, "forwarded_by_number": "12/BDN"},
            "forwarded_by_body",
            "Name the body that forwarded the letter.",
        ),
        (
            {"received_on": TODAY + dt.timedelta(days=1)},
            "received_on",
            "The date cannot be in the future.",
        ),
        (
            {"letter_date": TODAY + dt.timedelta(days=1)},
            "letter_date",
            "The date cannot be in the future.",
        ),
        (
            {"received_on": TODAY - dt.timedelta(days=5), "letter_date": TODAY},
            "letter_date",
            "The date on the letter cannot be after the day it was received.",
        ),
        ({"kind": "letter"}, "kind", "Choose the kind of letter."),
        ({"channel": "pigeon"}, "channel", "Choose how the letter arrived."),
        ({"matter": "church"}, "matter", "Choose whether it is a party or a state matter."),
        ({"signature_method": "stamp"}, "signature_method", "Choose how the letter was signed."),
        (
            {"subject": "x" * 256},
            "subject",
            "Ensure this value has at most 255 characters (it has 256).",
        ),
        (
            {"content": "x" * 20_001},
            "content",
            "Ensure this value has at most 20000 characters (it has 20001).",
        ),
        (
            {"place": "x" * 256},
            "place",
            "Ensure this value has at most 255 characters (it has 256).",
        ),
        (
            {
                "channel": Channel.FORWARDED,
                "forwarded_by_body": "Ban Dân nguyện",
                "forwarded_by_number": "1" * 61,
            },
            "forwarded_by_number",
            "Ensure this value has at most 60 characters (it has 61).",
        ),
        (
            {"signature_method": SignatureMethod.SIGNED_SCAN},
            "attachments",
            "Attach the scan of the signed letter.",
        ),
        (
            {"signers": [dataclasses.replace(COMPLAINANT, phone="09x12345678")]},
            "signers.0.phone",
            "Enter a telephone number of digits only.",
        ),
        (
            {"signers": [dataclasses.replace(COMPLAINANT, phone="0912")]},
            "signers.0.phone",
            "Enter a telephone number of digits only.",
        ),
        (
            {"signers": [dataclasses.replace(COMPLAINANT, email="toan.at.example")]},
            "signers.0.email",
            "Enter a valid email address.",
        ),
        (
            {"signers": [dataclasses.replace(COMPLAINANT, full_name="x" * 151)]},
            "signers.0.full_name",
            "Ensure this value has at most 150 characters (it has 151).",
        ),
    ],
)
def test_the_rules_of_every_letter_are_the_services(
    office: Office, overrides: dict[str, Any], field: str, message: str
) -> None:
    assert received_refusals(office, **overrides) == {field: [message]}


def test_a_future_letter_date_is_not_also_after_the_day_received(office: Office) -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    assert received_refusals(office, letter_date=tomorrow) == {
        "letter_date": ["The date cannot be in the future."]
    }


def test_the_signed_file_is_one_of_the_files(office: Office) -> None:
    assert received_refusals(
        office,
        signature_method=SignatureMethod.SIGNED_SCAN,
        attachments=[upload()],
        signed_scan_indexes=[1],
    ) == {"signed_file": ["There is no file at this position."]}


def test_a_letter_carries_at_most_the_files_allowed(office: Office, settings: Any) -> None:
    settings.DANVAN_LETTER_MAX_FILES = 1
    assert received_refusals(office, attachments=[upload("a.png"), upload("b.png")]) == {
        "attachments": ["Attach at most 1 files."]
    }


def test_a_retired_field_is_refused(office: Office) -> None:
    retired = org.FieldFactory(code="retired", name="Đã bỏ", active=False)
    assert received_refusals(office, field=retired) == {"field": ["Choose a field from the list."]}


def test_a_province_no_longer_in_force_is_refused(office: Office) -> None:
    merged = org.ProvinceFactory(code="95", effective_to=TODAY - dt.timedelta(days=1))
    assert received_refusals(office, province=merged) == {
        "province": ["Choose the province or city where the matter is."]
    }


def test_the_commune_is_in_the_province(office: Office) -> None:
    ward = org.WardFactory(code="93001", province=org.ProvinceFactory(code="93"))
    other = org.ProvinceFactory(code="94")
    assert received_refusals(office, ward=ward, province=other) == {
        "ward": ["The commune is not in the chosen province."]
    }


def test_a_letter_signed_by_many_names_representatives(office: Office) -> None:
    signers = [intake.SignerInput(full_name=f"Người ký {i}") for i in range(5)]
    assert received_refusals(office, signers=signers) == {
        None: ["A letter signed by 5 to 10 people names 1 or 2 representatives."]
    }


def test_the_refusal_lists_each_field_for_an_api(office: Office) -> None:
    with pytest.raises(intake.IntakeError) as info:
        intake.letter_receive(
            data=letter_input(office, subject="", channel=Channel.FORWARDED), actor=office.receiver
        )
    assert info.value.extra["fields"] == {
        "subject": ["Give the letter a short subject."],
        "forwarded_by_body": ["Name the body that forwarded the letter."],
        "forwarded_by_number": ["Give the number of the forwarding document."],
    }
    assert info.value.extra["errors"] == [p.message for p in info.value.problems]


# --- A letter an officer enters by hand (intake.letter_enter) ----------------------------------


def entry_refusals(office: Office, actor: Any = None, **overrides: Any) -> dict[str | None, Any]:
    with pytest.raises(intake.IntakeError) as info:
        intake.letter_enter(data=letter_input(office, **overrides), actor=actor or office.receiver)
    assert not Letter.objects.exists()
    return refusals(info.value)


def test_an_officer_enters_letters_only_in_their_units(office: Office) -> None:
    elsewhere = org.UnitFactory(name="Ủy ban nhân dân xã Khác")
    assert entry_refusals(office, unit=elsewhere) == {
        "unit": ["You do not register letters in this unit."]
    }
    assert entry_refusals(office, actor=office.handler) == {
        "unit": ["You do not register letters in this unit."]
    }


@pytest.mark.parametrize("channel", [Channel.WEB, Channel.API])
def test_an_officer_does_not_enter_the_web_form_or_the_api(office: Office, channel: str) -> None:
    assert entry_refusals(office, channel=channel) == {
        "channel": ["Choose how the letter arrived."]
    }


@pytest.mark.parametrize("method", [SignatureMethod.OTP_SMS, SignatureMethod.OTP_EMAIL])
def test_an_officer_does_not_record_a_code_signature(office: Office, method: str) -> None:
    assert entry_refusals(office, signature_method=method) == {
        "signature_method": ["Choose how the letter was signed."]
    }


def test_entry_lists_its_own_and_every_letters_problems_together(office: Office) -> None:
    assert entry_refusals(office, channel=Channel.WEB, subject=" ") == {
        "channel": ["Choose how the letter arrived."],
        "subject": ["Give the letter a short subject."],
    }


def test_entry_registers_a_letter_that_meets_the_rules(office: Office) -> None:
    result = intake.letter_enter(
        data=letter_input(
            office,
            channel=Channel.FORWARDED,
            forwarded_by_body="Ban Dân nguyện",
            forwarded_by_number="123/BDN-GS",
            matter=MatterType.STATE,
        ),
        actor=office.receiver,
    )
    assert result.letter.forwarded_by_number == "123/BDN-GS"
    assert result.letter.received_by == office.receiver
