"""Receiving letters: register numbers, codes, deadlines, signatures, redaction, duplicates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail

from danvan.core.models import AuditEntry
from danvan.letters.choices import Channel, LetterKind, SignatureMethod
from danvan.letters.models import AcceptedSignatureMethod, Letter, Signer
from danvan.letters.redaction import redact
from danvan.letters.services import intake
from danvan.letters.states import LetterStatus
from danvan.letters.tests.conftest import COMPLAINANT, DENOUNCER, MakeLetter, Office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_letters_are_numbered_in_the_units_register_per_year(make_letter: MakeLetter) -> None:
    first = make_letter(received_on=dt.date(2025, 12, 30))
    second = make_letter(received_on=dt.date(2025, 12, 31))
    third = make_letter(received_on=dt.date(2026, 1, 5))
    assert (first.register_year, first.register_number) == (2025, 1)
    assert (second.register_year, second.register_number) == (2025, 2)
    assert (third.register_year, third.register_number) == (2026, 1)


def test_intake_gives_a_tracking_code_and_a_pin_kept_only_as_a_hash(
    office: Office, django_capture_on_commit_callbacks: Any
) -> None:
    data = intake.LetterInput(
        unit=office.unit,
        channel=Channel.WEB,
        kind=LetterKind.FEEDBACK,
        subject="Đèn đường hỏng",
        content="Đèn đường ở ngõ 5 hỏng đã một tháng.",
        signers=[COMPLAINANT],
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = intake.letter_receive(data=data, actor=AnonymousUser())
    letter = result.letter
    assert intake.normalise_tracking_code(result.tracking_code) == letter.tracking_code
    assert len(result.pin) == 6
    assert result.pin.isdigit()
    assert result.pin not in letter.pin_hash
    assert intake.pin_matches(letter.pin_hash, result.pin)
    assert not intake.pin_matches(letter.pin_hash, "000000" if result.pin != "000000" else "111111")
    # The citizen is told the code and PIN; the stored message masks the PIN.
    assert any(result.tracking_code in m.body and result.pin in m.body for m in mail.outbox)
    entry = AuditEntry.objects.get(action="letters.letter.received", target_id=str(letter.pk))
    assert entry.actor_kind == AuditEntry.ActorKind.PUBLIC
    assert entry.actor_id is None


def test_processing_deadline_counts_working_days_across_tet(make_letter: MakeLetter) -> None:
    # Tết Bính Ngọ: 14-22/02/2026 off. Ten working days after Tuesday 10/02/2026.
    letter = make_letter(received_on=dt.date(2026, 2, 10))
    assert letter.due_on == dt.date(2026, 3, 3)
    assert letter.due_rule is not None
    assert letter.due_rule.key == "processing.complaint"


def test_denunciation_initial_handling_is_seven_working_days(make_letter: MakeLetter) -> None:
    letter = make_letter(
        kind=LetterKind.DENUNCIATION, signers=[DENOUNCER], received_on=dt.date(2026, 11, 2)
    )
    assert letter.due_on == dt.date(2026, 11, 11)


@pytest.mark.parametrize(
    ("received_on", "letter_date", "message"),
    [
        (dt.date(2099, 1, 1), None, "future"),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 5), "after the day it was received"),
    ],
)
def test_dates_in_the_future_are_refused_and_nothing_is_saved(
    office: Office, received_on: dt.date, letter_date: dt.date | None, message: str
) -> None:
    data = intake.LetterInput(
        unit=office.unit,
        channel=Channel.POST,
        kind=LetterKind.PETITION,
        subject="Kiến nghị",
        content="Nội dung",
        received_on=received_on,
        letter_date=letter_date,
    )
    with pytest.raises(intake.IntakeError, match=message):
        intake.letter_receive(data=data, actor=office.receiver)
    assert not Letter.objects.exists()


def test_empty_letter_lists_every_problem(office: Office) -> None:
    data = intake.LetterInput(unit=office.unit, channel="x", kind="y", subject=" ", content="")
    with pytest.raises(intake.IntakeError) as info:
        intake.letter_receive(data=data, actor=office.receiver)
    assert len(info.value.extra["errors"]) == 4


def test_nul_characters_are_refused(office: Office) -> None:
    data = intake.LetterInput(
        unit=office.unit,
        channel=Channel.POST,
        kind=LetterKind.FEEDBACK,
        subject="Tiêu đề",
        content="Nội dung\x00ẩn",
    )
    with pytest.raises(intake.IntakeError):
        intake.letter_receive(data=data, actor=office.receiver)


def test_forwarded_letter_names_the_forwarding_body(office: Office) -> None:
    data = intake.LetterInput(
        unit=office.unit,
        channel=Channel.FORWARDED,
        kind=LetterKind.PETITION,
        subject="Kiến nghị",
        content="Nội dung",
    )
    with pytest.raises(intake.IntakeError, match="forwarded"):
        intake.letter_receive(data=data, actor=office.receiver)


@pytest.mark.parametrize(("count", "reps", "ok"), [
    (4, 0, True), (5, 0, False), (5, 2, True), (10, 3, False), (11, 5, True), (11, 6, False),
])  # fmt: skip
def test_representatives_rule_for_letters_signed_by_many(
    make_letter: MakeLetter, count: int, reps: int, ok: bool
) -> None:
    signers = [
        intake.SignerInput(
            full_name=f"Người ký {i}", phone=f"09000000{i:02d}", is_representative=i < reps
        )
        for i in range(count)
    ]
    if ok:
        assert make_letter(signers=signers).signer_count == count
    else:
        with pytest.raises(intake.IntakeError, match="representatives"):
            make_letter(signers=signers)


def test_unsigned_complaint_is_received_and_flagged(make_letter: MakeLetter) -> None:
    letter = make_letter(signed=False)
    assert letter.status == LetterStatus.RECEIVED
    assert letter.signed is False
    assert letter.signature_method == SignatureMethod.NONE


def test_a_method_the_administrator_switched_off_does_not_count_as_signed(
    make_letter: MakeLetter,
) -> None:
    AcceptedSignatureMethod.objects.filter(method=SignatureMethod.HANDWRITTEN).update(
        accepted=False
    )
    letter = make_letter()
    assert letter.signature_method == SignatureMethod.HANDWRITTEN
    assert letter.signed is False


def test_identity_is_stored_apart_and_removed_from_the_redacted_copy(
    make_letter: MakeLetter,
) -> None:
    content = (
        "Tôi là Trần Thị Bích Ngọc, ĐT 0912 345 678, tố cáo ông Nguyễn Văn X nhận tiền của "
        "người dân khi làm thủ tục đất đai."
    )
    letter = make_letter(kind=LetterKind.DENUNCIATION, signers=[DENOUNCER], content=content)
    assert Signer.objects.get(letter=letter).full_name == DENOUNCER.full_name
    assert "Bích Ngọc" not in letter.content_redacted
    assert "345 678" not in letter.content_redacted
    assert "Nguyễn Văn X" in letter.content_redacted
    assert letter.identity_protected


def test_redaction_ignores_case_diacritics_and_number_spacing() -> None:
    text = "tran thi bich ngoc (+84 912.345.678) - TRẦN THỊ BÍCH NGỌC"
    assert redact(text, [DENOUNCER.full_name, DENOUNCER.phone], marker="#") == "# (#) - #"


def test_same_signer_with_similar_content_is_linked_to_the_earlier_letter(
    make_letter: MakeLetter,
) -> None:
    first = make_letter(received_on=dt.date(2026, 10, 1))
    again = make_letter(
        received_on=dt.date(2026, 10, 20),
        content="Đề nghị xem xét lại quyết định thu hồi đất số 15/QĐ-UBND của xã ạ",
    )
    third = make_letter(
        received_on=dt.date(2026, 10, 21),
        content="Khieu nai quyet dinh thu hoi dat so 15/QĐ-UBND cua xa, de nghi xem xet lai",
    )
    other_person = make_letter(
        received_on=dt.date(2026, 10, 22),
        signers=[intake.SignerInput(full_name="Phạm Thị Hoa", phone="0933333333")],
    )
    other_topic = make_letter(
        received_on=dt.date(2026, 10, 23),
        subject="Xin cấp giấy phép",
        content="Tôi xin hỏi thủ tục cấp phép xây dựng nhà ở.",
    )
    assert again.duplicate_of_id == first.pk
    assert third.duplicate_of_id == first.pk
    assert other_person.duplicate_of_id is None
    assert other_topic.duplicate_of_id is None
