"""Cases: the clock stopping while suspended, extensions by decision, withdrawal, decisions,
publication, rating and the citizen's PIN."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from danvan.documents.testing import issue_drafts_about
from danvan.letters.choices import (
    Complexity,
    ComplexityGround,
    ContestedMeasure,
    LetterKind,
    NoteKind,
    SuspensionGround,
    TerminationGround,
)
from danvan.letters.models import Case, Letter, Signer
from danvan.letters.services import cases, complaints, handling, intake, tracking
from danvan.letters.states import CaseStatus
from danvan.letters.tests.conftest import COMPLAINANT, DENOUNCER, MakeLetter, Office

WITHDRAWN = TerminationGround.KN_WITHDRAWN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def open_case(
    make_letter: MakeLetter,
    office: Office,
    *,
    kind: str = LetterKind.COMPLAINT,
    accepted_on: dt.date = dt.date(2026, 9, 1),
    **kwargs: object,
) -> Case:
    signers = kwargs.pop(
        "signers", [DENOUNCER] if kind == LetterKind.DENUNCIATION else [COMPLAINANT]
    )
    letter = make_letter(kind=kind, signers=signers, received_on=accepted_on, **kwargs)
    if kind == LetterKind.COMPLAINT and len(signers) > 1:
        # A group complaint is accepted with its representatives recorded (TT 07/2013 Art. 5).
        first = Signer.objects.filter(letter=letter).order_by("position").first()
        assert first is not None
        letter = complaints.letter_record_representatives(
            letter=letter, actor=office.receiver, representative_ids=[first.pk],
            every_signature=True, recorded_on=accepted_on,
        )  # fmt: skip
    letter = handling.letter_classify(
        letter=letter,
        actor=office.receiver,
        data=handling.Classification(
            kind=kind, competent_unit=office.unit, summary="Vụ việc", field=letter.field
        ),
    )
    case = handling.letter_accept(letter=letter, actor=office.leader, accepted_on=accepted_on)
    return cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])


def test_the_clock_stops_while_the_case_is_suspended(
    make_letter: MakeLetter, office: Office
) -> None:
    case = open_case(make_letter, office)
    assert case.due_on == dt.date(2026, 10, 1)
    case = cases.case_suspend(
        case=case,
        actor=office.leader,
        ground=SuspensionGround.KN_WAITING,
        explanation="Chờ kết quả giám định",
        started_on=dt.date(2026, 9, 10),
    )
    assert case.status == CaseStatus.SUSPENDED
    with pytest.raises(cases.CaseError, match="Resume"):
        cases.case_decide(
            case=case, actor=office.leader, outcome="rejected", findings="x", conclusion="y"
        )
    case = cases.case_resume(case=case, actor=office.leader, resumed_on=dt.date(2026, 9, 20))
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.suspended_days == 10
    assert case.due_on == dt.date(2026, 10, 12)  # 40 days end on Sunday 11/10
    suspension = case.suspensions.get()
    assert (suspension.started_on, suspension.ended_on, suspension.counted_days) == (
        dt.date(2026, 9, 10),
        dt.date(2026, 9, 20),
        10,
    )


def test_a_complicated_complaint_gets_the_longer_statutory_period(
    make_letter: MakeLetter, office: Office
) -> None:
    case = open_case(make_letter, office)
    with pytest.raises(cases.CaseError, match="Explain"):
        cases.case_set_complexity(
            case=case, actor=office.leader, grounds=[ComplexityGround.SEVERAL_PLACES], reason=""
        )
    case = cases.case_set_complexity(
        case=case,
        actor=office.leader,
        grounds=[ComplexityGround.SEVERAL_PLACES],
        reason="Xác minh tại hai xã",
    )
    assert case.complexity == Complexity.COMPLEX
    assert case.due_on == dt.date(2026, 10, 16)  # 45 days from 01/9


def test_denunciation_extensions_follow_the_complexity_grounds(
    make_letter: MakeLetter, office: Office
) -> None:
    case = open_case(make_letter, office, kind=LetterKind.DENUNCIATION)
    assert case.due_on == dt.date(2026, 10, 1)
    with pytest.raises(cases.CaseError, match="complicated"):
        cases.case_extend(
            case=case,
            actor=office.leader,
            days=30,
            decided_on=dt.date(2026, 9, 25),
            reason="Cần xác minh thêm",
        )
    case = cases.case_set_complexity(
        case=case,
        actor=office.leader,
        grounds=[ComplexityGround.SEVERAL_CONTENTS],
        reason="Hai nội dung cần xác minh",
    )
    assert case.due_on == dt.date(2026, 10, 1)  # complexity alone does not lengthen a denunciation
    with pytest.raises(cases.CaseError, match="1 to 30"):
        cases.case_extend(
            case=case,
            actor=office.leader,
            days=31,
            decided_on=dt.date(2026, 9, 25),
            reason="Quá dài",
        )
    cases.case_extend(
        case=case,
        actor=office.leader,
        days=30,
        decided_on=dt.date(2026, 9, 25),
        reason="Cần xác minh thêm",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.due_on == dt.date(2026, 11, 2)  # 60 days end on Saturday 31/10
    with pytest.raises(cases.CaseError, match="1 time"):
        cases.case_extend(
            case=case,
            actor=office.leader,
            days=10,
            decided_on=dt.date(2026, 10, 20),
            reason="Lần hai",
        )
    case = cases.case_set_complexity(
        case=case,
        actor=office.leader,
        grounds=[ComplexityGround.SEVERAL_CONTENTS, ComplexityGround.SEVERAL_PLACES],
        reason="Hai nội dung, hai địa điểm",
    )
    assert case.complexity == Complexity.ESPECIALLY_COMPLEX
    cases.case_extend(
        case=case,
        actor=office.leader,
        days=30,
        decided_on=dt.date(2026, 10, 30),
        reason="Đặc biệt phức tạp",
    )
    case = Case.objects.get(pk=case.pk)
    assert case.due_on == dt.date(2026, 11, 30)
    assert case.extensions.count() == 2
    with pytest.raises(cases.CaseError):
        cases.case_extend(
            case=case,
            actor=office.leader,
            days=5,
            decided_on=dt.date(2026, 11, 20),
            reason="Lần ba",
        )


def test_withdrawal_by_some_of_several_complainants_lets_the_case_go_on(
    make_letter: MakeLetter, office: Office
) -> None:
    two = [COMPLAINANT, intake.SignerInput(full_name="Đỗ Thị Lan", phone="0977000111")]
    case = open_case(make_letter, office, signers=two)
    first, second = Signer.objects.filter(letter=case.letter).order_by("position")
    cases.case_withdraw(
        case=case,
        actor=office.handler,
        scope="whole",
        signer_ids=[first.pk],
        received_on=dt.date(2026, 9, 5),
    )
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.IN_PROGRESS
    cases.case_withdraw(
        case=case,
        actor=office.handler,
        scope="partial",
        signer_ids=[second.pk],
        received_on=dt.date(2026, 9, 6),
        content="Rút yêu cầu bồi thường",
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS
    cases.case_withdraw(
        case=case,
        actor=office.handler,
        scope="whole",
        signer_ids=[second.pk],
        received_on=dt.date(2026, 9, 7),
    )
    # Ending the resolution is the resolver's decision (Luật Khiếu nại Art. 10, 31(1); DOMAIN.md
    # §12.1d): a handler recording the last withdrawal leaves it to the head, whose own record
    # of a whole withdrawal by everyone ends the case.
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.IN_PROGRESS
    with pytest.raises(PermissionDenied):
        cases.case_terminate(case=case, actor=office.handler, ground=WITHDRAWN)
    case = cases.case_terminate(case=case, actor=office.leader, ground=WITHDRAWN)
    assert case.status == CaseStatus.TERMINATED
    assert case.ended_on is not None


def test_a_denunciation_continues_after_withdrawal_when_there_are_signs_of_violation(
    make_letter: MakeLetter, office: Office
) -> None:
    case = open_case(make_letter, office, kind=LetterKind.DENUNCIATION)
    signer = Signer.objects.get(letter=case.letter)
    cases.case_withdraw(
        case=case,
        actor=office.handler,
        scope="whole",
        signer_ids=[signer.pk],
        received_on=dt.date(2026, 9, 5),
        continues=True,
        reason="Có dấu hiệu vi phạm",
    )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS


def test_dialogue_minutes_record_a_refusal_to_sign(make_letter: MakeLetter, office: Office) -> None:
    case = open_case(make_letter, office)
    with pytest.raises(cases.CaseError, match="why"):
        cases.case_note_add(
            case=case,
            actor=office.handler,
            kind=NoteKind.DIALOGUE,
            occurred_on=dt.date(2026, 9, 10),
            text="Đối thoại",
            signed_by_all=False,
        )
    note = cases.case_note_add(
        case=case,
        actor=office.handler,
        kind=NoteKind.DIALOGUE,
        occurred_on=dt.date(2026, 9, 10),
        text="Đối thoại",
        signed_by_all=False,
        refusal_reason="Người khiếu nại không ký",
    )
    assert note.refusal_reason
    with pytest.raises(cases.CaseError, match="future"):
        cases.case_note_add(
            case=case,
            actor=office.handler,
            kind=NoteKind.VERIFICATION,
            occurred_on=dt.date(2099, 1, 1),
            text="Xác minh",
        )


def test_decision_sending_answer_and_rating(make_letter: MakeLetter, office: Office) -> None:
    case = open_case(make_letter, office)
    case = cases.case_decide(
        case=case,
        actor=office.leader,
        outcome="partly",
        decided_on=dt.date(2026, 9, 25),
        legal_grounds="Luật Đất đai 2024",
        contested_measure=ContestedMeasure.AMEND,
        findings=f"Ông {COMPLAINANT.full_name} trình bày...",
        conclusion=f"Khiếu nại của ông {COMPLAINANT.full_name} đúng một phần.",
    )
    assert case.status == CaseStatus.DECIDED
    assert COMPLAINANT.full_name not in case.decision_summary
    assert case.send_due_on == dt.date(2026, 9, 30)  # 3 working days
    assert case.decision_document is not None
    letter = Letter.objects.get(pk=case.letter_id)
    with pytest.raises(cases.CaseError):
        cases.rating_submit(letter=letter, score=5)
    # The second-complaint window runs from the complainant's receipt (Luật Khiếu nại Art. 33).
    issue_drafts_about(case)
    case = cases.case_send(
        case=case, actor=office.handler, sent_on=dt.date(2026, 9, 28),
        received_on=dt.date(2026, 9, 28),
    )  # fmt: skip
    assert case.status == CaseStatus.CLOSED
    assert case.appeal_until == dt.date(2026, 10, 28)
    letter.refresh_from_db()
    assert letter.public_answer == case.decision_summary
    with pytest.raises(cases.CaseError, match="1 to 5"):
        cases.rating_submit(letter=letter, score=9)
    rating = cases.rating_submit(letter=letter, score=4, comment="Trả lời rõ ràng")
    assert rating.score == 4
    with pytest.raises(cases.CaseError, match="already"):
        cases.rating_submit(letter=letter, score=1)


def test_denunciation_conclusion_is_published_for_at_least_fifteen_days_without_identity(
    make_letter: MakeLetter, office: Office
) -> None:
    case = open_case(make_letter, office, kind=LetterKind.DENUNCIATION)
    case = cases.case_decide(
        case=case,
        actor=office.leader,
        outcome="upheld",
        findings="Đã xác minh",
        conclusion="Nội dung tố cáo là đúng.",
        decided_on=dt.date(2026, 9, 20),
    )
    with pytest.raises(cases.CaseError, match="names a signer"):
        cases.publication_create(
            case=case,
            actor=office.leader,
            title="Kết luận",
            text=f"Người tố cáo {DENOUNCER.full_name}",
            starts_on=dt.date(2026, 9, 21),
        )
    publication = cases.publication_create(
        case=case,
        actor=office.leader,
        title="Kết luận",
        text="Nội dung tố cáo là đúng.",
        starts_on=dt.date(2026, 9, 21),
        ends_on=dt.date(2026, 9, 25),
    )
    assert publication.required_by_law
    assert publication.ends_on == dt.date(2026, 10, 5)


def test_a_complaint_answer_is_published_only_with_consent(
    make_letter: MakeLetter, office: Office
) -> None:
    case = open_case(make_letter, office)
    case = cases.case_decide(
        case=case,
        actor=office.leader,
        outcome="rejected",
        findings="x",
        conclusion="Không đúng",
        legal_grounds="Luật Đất đai 2024",
        contested_measure=ContestedMeasure.KEEP,
        decided_on=dt.date(2026, 9, 20),
    )
    with pytest.raises(cases.CaseError, match="agree"):
        cases.publication_create(
            case=case,
            actor=office.leader,
            title="Kết quả",
            text="Kết quả",
            starts_on=dt.date(2026, 9, 21),
        )


def test_wrong_pins_lock_the_tracking_code(make_letter: MakeLetter, office: Office) -> None:
    letter = make_letter()
    Letter.objects.filter(pk=letter.pk).update(pin_hash=intake.pin_hash("123456"))
    with pytest.raises(tracking.TrackingError, match="wrong"):
        tracking.letter_track(code="DV-0000-0000", pin="123456")
    for _ in range(4):
        with pytest.raises(tracking.TrackingError, match="wrong"):
            tracking.letter_track(code=letter.tracking_code, pin="000000")
    with pytest.raises(tracking.TrackingLockedError):
        tracking.letter_track(code=letter.tracking_code, pin="000000")
    for _ in range(15):
        with pytest.raises(tracking.TrackingLockedError):
            tracking.letter_track(code=letter.tracking_code, pin="123456")
    with time_machine.travel(dt.timedelta(minutes=16)):
        found = tracking.letter_track(code=letter.tracking_code.lower(), pin="123456")
    assert found.pk == letter.pk


def test_an_officer_working_in_english_still_writes_vietnamese_to_the_citizen(
    make_letter: MakeLetter, office: Office, django_capture_on_commit_callbacks: Any
) -> None:
    import io

    from django.core import mail
    from docx import Document

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(make_letter, office)
    letter = Letter.objects.get(pk=case.letter_id)
    assert letter.handling_document is not None
    letter.handling_document.file.open("rb")
    text = "\n".join(
        p.text for p in Document(io.BytesIO(letter.handling_document.file.read())).paragraphs
    )
    letter.handling_document.file.close()
    assert "khiếu nại" in text
    assert "complaint" not in text.lower()
    news = [m for m in mail.outbox if "accepted" in m.body or "thụ lý" in m.body]
    assert news
    assert all("thụ lý" in m.body for m in news)


def test_an_answer_on_administrative_procedures_is_published_by_law_others_need_consent(
    make_letter: MakeLetter, office: Office
) -> None:
    from danvan.organizations.tests import factories as org

    procedures = org.FieldFactory(code="administrative-procedures", name="Thủ tục hành chính")
    petitions = (
        (procedures, True, "Đề nghị bỏ yêu cầu nộp bản sao chứng thực khi xin giấy phép xây dựng"),
        (None, False, "Đề nghị lắp thêm đèn chiếu sáng ở ngõ 5 vì buổi tối rất tối"),
    )
    for field, required, content in petitions:
        case = open_case(
            make_letter,
            office,
            kind=LetterKind.PETITION,
            field=field,
            subject=content[:40],
            content=content,
        )
        case = cases.case_decide(
            case=case,
            actor=office.leader,
            outcome="answered",
            findings="Đã xem xét",
            conclusion="Sẽ sửa quy định",
            decided_on=dt.date(2026, 9, 20),
        )
        if required:
            publication = cases.publication_create(
                case=case,
                actor=office.leader,
                title="Kết quả",
                text="Sẽ sửa quy định",
                starts_on=dt.date(2026, 9, 21),
            )
            assert publication.required_by_law
        else:
            with pytest.raises(cases.CaseError, match="agree"):
                cases.publication_create(
                    case=case,
                    actor=office.leader,
                    title="Kết quả",
                    text="Sẽ sửa quy định",
                    starts_on=dt.date(2026, 9, 21),
                )
