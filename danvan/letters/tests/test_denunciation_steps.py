"""The steps of a denunciation (Luật Tố cáo 2018; NĐ 31/2019/NĐ-CP): the acceptance decision and
its notices, the conclusion's copies and measures, publication, the review of a further
denunciation, the transfer on signs of a crime, several recipients, a mixed letter's part, and
the denouncer's requests for protection. Every decision is made by the unit's head."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from danvan.core import calendar
from danvan.documents.models import IssuedDocument
from danvan.letters import selectors
from danvan.letters.choices import (
    CaseNoticeKind,
    Competence,
    CrimeBody,
    LetterKind,
    ProtectedInterest,
    ProtectionMeans,
    PublicationForm,
    ReResolutionGround,
    ReviewOutcome,
)
from danvan.letters.errors import CaseError, HandlingError
from danvan.letters.models import Case, CaseNotice, Letter, LetterStatusChange
from danvan.letters.services import cases, decisions, denunciations, handling
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests import factories as lf
from danvan.organizations.tests import factories as org
from danvan.workflow import work_items
from danvan.workflow.rules import Urgency

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DENOUNCER = lf.DENOUNCER
SECRETS = (DENOUNCER.full_name, DENOUNCER.phone, DENOUNCER.address, DENOUNCER.id_number)


def _doc(case: Case, key: str) -> IssuedDocument:
    return IssuedDocument.objects.get(template_key=key, target_id=str(case.pk))


@pytest.fixture
def office() -> lf.Office:
    return lf.make_office()


def _classified(office: lf.Office, **overrides: Any) -> Letter:
    letter = lf.denunciation(office.unit, office.receiver)
    overrides.setdefault("denounced_name", "Ông Phạm Văn Địa")
    overrides.setdefault("denounced_position", "Công chức địa chính")
    overrides.setdefault("about_unit", office.unit)
    overrides.setdefault(
        "content_redacted",
        "Tôi tố cáo ông cán bộ địa chính xã đã nhận tiền khi làm thủ tục cấp giấy chứng nhận.",
    )
    return lf.classify(letter, office.receiver, **overrides)


def _open(office: lf.Office, day: dt.date | None = None) -> Case:
    letter = _classified(office)
    return handling.letter_accept(
        letter=letter, actor=office.leader, accepted_on=day or calendar.today_local(),
        new_facts=True,
    )  # fmt: skip


def _concluded(office: lf.Office, **kwargs: Any) -> Case:
    case = _open(office)
    return cases.case_decide(
        case=case,
        actor=office.leader,
        outcome="upheld",
        findings="Đã xác minh tại xã.",
        conclusion="Nội dung tố cáo là đúng.",
        **kwargs,
    )


def _keys(day: dt.date) -> set[str]:
    return {i.key for i in work_items.due_items(day)}


# --- 1. Acceptance is a decision, with its two notices --------------------------------------------


def test_acceptance_is_a_decision_with_notices_to_the_denouncer_and_the_person_denounced(
    office: lf.Office,
) -> None:
    """Luật Tố cáo 2018 Art. 29(1)-(3); NĐ 31/2019 Art. 9, Mẫu 04, 05, 06: the resolver issues
    the acceptance decision; the denouncer and the person denounced are notified within 5
    working days (rule ``notify_acceptance.denunciation``)."""
    case = _open(office)
    decision = _doc(case, "letters.denunciation_acceptance")
    assert decision.doc_type == "quyet_dinh"
    to_denouncer = _doc(case, "letters.denunciation_acceptance_notice")
    assert to_denouncer.restricted  # only those who may read the identity open it
    assert DENOUNCER.full_name in lf.docx_text(to_denouncer)
    notices = {n.kind: n for n in CaseNotice.objects.filter(case=case)}
    assert set(notices) == {
        CaseNoticeKind.ACCEPTANCE_TO_DENOUNCER,
        CaseNoticeKind.CONTENT_TO_DENOUNCED,
    }
    expected = calendar.add_working_days(case.accepted_on, 5)
    for notice in notices.values():
        assert notice.due_on == expected
        assert notice.due_rule.key == "notify_acceptance.denunciation"
        assert notice.due_rule.legal_basis == "Luật Tố cáo 2018, Điều 29(3)"


def test_the_notice_to_the_person_denounced_never_identifies_the_denouncer(
    office: lf.Office,
) -> None:
    """Luật Tố cáo 2018 Arts. 29(3), 47(1): the person denounced is told the content of the
    denunciation (Mẫu 06), never the denouncer's name, telephone or address."""
    case = _open(office)
    document = _doc(case, "letters.denunciation_content_notice")
    text = lf.docx_text(document)
    assert "nhận tiền" in text
    assert "Phạm Văn Địa" in text
    for secret in SECRETS:
        assert secret not in text
    assert not document.restricted


def test_an_unsent_notice_is_a_work_item_until_it_is_recorded_as_sent(office: lf.Office) -> None:
    """Luật Tố cáo 2018 Art. 29(3): a notice not sent within 5 working days is overdue."""
    case = _open(office)
    notice = CaseNotice.objects.get(case=case, kind=CaseNoticeKind.CONTENT_TO_DENOUNCED)
    late = calendar.add_working_days(notice.due_on, 1)
    key = f"letters.case_notice:{notice.pk}"
    item = next(i for i in work_items.due_items(late) if i.key == key)
    assert item.urgency == Urgency.OVERDUE
    assert item.rule_key == "notify_acceptance.denunciation"
    assert office.leader.pk in item.people
    with pytest.raises(PermissionDenied):
        denunciations.case_notice_sent(
            case=case, actor=lf.make_office("Xã khác").leader, kind=notice.kind
        )
    denunciations.case_notice_sent(case=case, actor=office.receiver, kind=notice.kind)
    notice.refresh_from_db()
    assert notice.sent_on == calendar.today_local()
    assert key not in _keys(late)
    with pytest.raises(CaseError, match="already"):
        denunciations.case_notice_sent(case=case, actor=office.receiver, kind=notice.kind)


# --- 2. The conclusion: copies, notice, measures --------------------------------------------------


def test_the_conclusion_is_sent_and_the_denouncer_notified_within_five_working_days(
    office: lf.Office,
) -> None:
    """Luật Tố cáo 2018 Art. 35(3): the conclusion goes to the person denounced and their
    managing body, the denouncer gets a notice of it; what the person denounced receives never
    names the denouncer."""
    case = _concluded(office)
    notices = {n.kind: n for n in CaseNotice.objects.filter(case=case)}
    due = calendar.add_working_days(case.decided_on, 5)
    for kind in (
        CaseNoticeKind.CONCLUSION_TO_DENOUNCED,
        CaseNoticeKind.CONCLUSION_TO_MANAGING_BODY,
        CaseNoticeKind.CONCLUSION_NOTICE_TO_DENOUNCER,
    ):
        assert notices[kind].due_on == due
        assert notices[kind].due_rule.key == "send_conclusion.denunciation"
    assert notices[CaseNoticeKind.CONCLUSION_TO_DENOUNCED].document_id == case.decision_document_id
    conclusion = lf.docx_text(case.decision_document)
    for secret in SECRETS:
        assert secret not in conclusion
    assert _doc(case, "letters.denunciation_conclusion_notice").restricted
    assert case.handle_due_on == calendar.add_working_days(case.decided_on, 7)


def test_measures_of_the_conclusion_are_tracked_to_done_and_reported(office: lf.Office) -> None:
    """Luật Tố cáo 2018 Art. 36: the conclusion is handled within 7 working days, the bodies
    acting on it report back within 5 working days; an overdue measure is a work item."""
    case = _concluded(office)
    with pytest.raises(PermissionDenied):
        denunciations.measure_add(
            case=case, actor=office.handler, what="Kiểm điểm", responsible="Trưởng phòng"
        )
    measure = denunciations.measure_add(
        case=case,
        actor=office.leader,
        what="Tổ chức kiểm điểm công chức địa chính",
        responsible="Chủ tịch UBND xã",
    )
    assert measure.due_on == case.handle_due_on
    assert measure.due_rule.key == "handle_conclusion.denunciation"
    late = calendar.add_working_days(measure.due_on, 2)
    item = next(i for i in work_items.due_items(late) if i.key == f"letters.measure:{measure.pk}")
    assert item.urgency == Urgency.OVERDUE
    today = calendar.today_local()
    measure = denunciations.measure_done(
        case=case, actor=office.receiver, measure_id=measure.pk, done_on=today
    )
    assert measure.report_due_on == calendar.add_working_days(today, 5)
    assert measure.report_rule is not None
    assert measure.report_rule.key == "report_measure.denunciation"
    with pytest.raises(CaseError, match="report"):
        denunciations.measure_done(
            case=case, actor=office.receiver, measure_id=measure.pk, done_on=today,
            reported_on=today,
        )  # fmt: skip
    measure = denunciations.measure_done(
        case=case, actor=office.receiver, measure_id=measure.pk, done_on=today,
        report="Đã kiểm điểm, hình thức khiển trách.", reported_on=today,
    )  # fmt: skip
    assert measure.finished
    assert f"letters.measure:{measure.pk}" not in _keys(late)
    assert list(case.measures.all()) == [measure]


# --- 3. Publication -------------------------------------------------------------------------------


def test_publication_is_due_within_seven_working_days_and_is_a_work_item_until_published(
    office: lf.Office,
) -> None:
    """Luật Tố cáo 2018 Art. 40(1): the conclusion is published within 7 working days."""
    case = _concluded(office)
    assert case.publish_due_on == calendar.add_working_days(case.decided_on, 7)
    late = calendar.add_working_days(case.publish_due_on, 1)
    assert f"letters.publication:{case.pk}" in _keys(late)
    cases.publication_create(
        case=case, actor=office.leader, title="Kết luận nội dung tố cáo",
        text="Nội dung tố cáo là đúng.", starts_on=calendar.today_local(),
        form=PublicationForm.POSTING,
    )  # fmt: skip
    assert f"letters.publication:{case.pk}" not in _keys(late)


def test_the_forms_of_publication_and_their_minimum_durations(office: lf.Office) -> None:
    """Luật Tố cáo 2018 Art. 40(2); NĐ 31/2019 Art. 6: posting and the portal for at least 15
    consecutive days; the press, radio or television at least twice."""
    case = _concluded(office)
    today = calendar.today_local()
    with pytest.raises(CaseError, match="2 times"):
        cases.publication_create(
            case=case, actor=office.leader, title="Kết luận", text="Nội dung tố cáo là đúng.",
            starts_on=today, form=PublicationForm.MEDIA, times=1,
        )  # fmt: skip
    media = cases.publication_create(
        case=case, actor=office.leader, title="Kết luận", text="Nội dung tố cáo là đúng.",
        starts_on=today, form=PublicationForm.MEDIA, times=2,
    )  # fmt: skip
    assert media.times == 2
    portal = cases.publication_create(
        case=case, actor=office.leader, title="Kết luận", text="Nội dung tố cáo là đúng.",
        starts_on=today, form=PublicationForm.PORTAL,
    )  # fmt: skip
    # 15 days counting the first; a last day that is a day off moves to the next working day
    # (Civil Code Art. 148).
    assert portal.ends_on == calendar.next_working_day(today + dt.timedelta(days=14))


def test_the_public_page_shows_a_published_conclusion_only_during_its_period(
    office: lf.Office,
) -> None:
    """NĐ 31/2019 Art. 6; Luật Tố cáo 2018 Art. 40: on the portal for its period, then gone;
    what is posted at the office is not on the portal."""
    case = _concluded(office)
    today = calendar.today_local()
    portal = cases.publication_create(
        case=case, actor=office.leader, title="Kết luận", text="Nội dung tố cáo là đúng.",
        starts_on=today, form=PublicationForm.PORTAL,
    )  # fmt: skip
    posted = cases.publication_create(
        case=case, actor=office.leader, title="Kết luận (niêm yết)",
        text="Nội dung tố cáo là đúng.", starts_on=today, form=PublicationForm.POSTING,
    )  # fmt: skip
    assert portal.ends_on is not None
    shown = set(selectors.current_publications(today).values_list("pk", flat=True))
    assert portal.pk in shown
    assert posted.pk not in shown
    after = portal.ends_on + dt.timedelta(days=1)
    assert portal.pk not in set(selectors.current_publications(after).values_list("pk", flat=True))
    assert portal.pk in set(
        selectors.current_publications(portal.ends_on).values_list("pk", flat=True)
    )


def test_a_published_text_that_names_the_denouncer_is_refused(office: lf.Office) -> None:
    """Luật Tố cáo 2018 Art. 40(3): no data of the denouncer in what is published."""
    case = _concluded(office)
    for text in (
        f"Theo đơn của bà {DENOUNCER.full_name}, nội dung tố cáo là đúng.",
        f"Người tố cáo (điện thoại {DENOUNCER.phone}) đã được trả lời.",
    ):
        with pytest.raises(CaseError, match="names a signer"):
            cases.publication_create(
                case=case, actor=office.leader, title="Kết luận", text=text,
                starts_on=calendar.today_local(), form=PublicationForm.PORTAL,
            )  # fmt: skip
    assert not case.letter.publications.exists()


# --- 4. A further denunciation and re-resolution --------------------------------------------------


@pytest.fixture
def two_levels(office: lf.Office) -> tuple[lf.Office, lf.Office]:
    above = lf.make_office("Ủy ban nhân dân tỉnh Thử nghiệm")
    org.UnitLinkFactory(parent=above.unit, child=office.unit)
    return office, above


def _further(above: lf.Office, earlier: Case) -> Letter:
    letter = lf.denunciation(above.unit, above.receiver)
    return lf.classify(
        letter, above.receiver, repeat_of_case=earlier, competent_unit=above.unit,
        content_redacted="Tố cáo tiếp: việc giải quyết trước đây không khách quan.",
    )  # fmt: skip


def test_a_further_denunciation_goes_above_and_is_reviewed_within_twenty_days(
    two_levels: tuple[lf.Office, lf.Office],
) -> None:
    """Luật Tố cáo 2018 Art. 37(1)-(2): the head above the resolver reviews the file within 20
    days; the earlier resolution being lawful, the denouncer is refused in writing."""
    office, above = two_levels
    earlier = _concluded(office)
    letter = _further(above, earlier)
    assert letter.proposed_unit_id == above.unit.pk
    assert letter.due_rule is not None
    assert letter.due_rule.key == "review.denunciation"
    assert letter.due_on == letter.received_on + dt.timedelta(days=20)
    with pytest.raises(HandlingError, match="Review"):
        handling.letter_accept(letter=letter, actor=above.leader)
    with pytest.raises(PermissionDenied):
        denunciations.repeat_review(
            letter=letter, actor=above.receiver, outcome=ReviewOutcome.LAWFUL, reasons="Đúng"
        )
    review = decisions.run(
        "review", letter, above.leader,
        {"outcome": ReviewOutcome.LAWFUL, "reasons": "Việc giải quyết trước đúng pháp luật."},
        expected_version=None,
    )  # fmt: skip
    letter.refresh_from_db()
    assert letter.status == LetterStatus.NOT_ACCEPTED
    assert review.new_case is None
    assert review.document is None or review.document.template_key
    refusal = IssuedDocument.objects.get(template_key="letters.denunciation_repeat_refusal")
    assert earlier.number in lf.docx_text(refusal)


def test_a_re_resolution_is_a_new_case_above_that_states_the_lower_levels_violations(
    two_levels: tuple[lf.Office, lf.Office],
) -> None:
    """Luật Tố cáo 2018 Art. 37(3)-(4); NĐ 31/2019 Art. 17(2): on a ground of Art. 37(3) the
    head above resolves again under the full procedure; the new conclusion states the lower
    level's violations."""
    office, above = two_levels
    earlier = _concluded(office)
    letter = _further(above, earlier)
    with pytest.raises(HandlingError, match="ground"):
        denunciations.repeat_review(
            letter=letter, actor=above.leader, outcome=ReviewOutcome.RE_RESOLVE, reasons="x"
        )
    review = denunciations.repeat_review(
        letter=letter,
        actor=above.leader,
        outcome=ReviewOutcome.RE_RESOLVE,
        grounds=[ReResolutionGround.EVIDENCE_MISSED],
        reasons="Bỏ sót chứng cứ quan trọng.",
    )
    case = review.new_case
    assert case is not None
    assert case.unit_id == above.unit.pk
    assert case.previous_id == earlier.pk
    assert case.round == 2
    assert _doc(case, "letters.denunciation_acceptance")
    with pytest.raises(CaseError, match="lower level"):
        cases.case_decide(
            case=case, actor=above.leader, outcome="upheld", findings="Xác minh lại",
            conclusion="Tố cáo đúng.",
        )  # fmt: skip
    case = cases.case_decide(
        case=case, actor=above.leader, outcome="upheld", findings="Xác minh lại",
        conclusion="Tố cáo đúng.", lower_violations="Cấp xã bỏ sót chứng cứ quan trọng.",
    )  # fmt: skip
    assert case.lower_violations == "Cấp xã bỏ sót chứng cứ quan trọng."
    assert "Cấp xã bỏ sót chứng cứ quan trọng." in lf.docx_text(case.decision_document)


def test_a_further_denunciation_cannot_be_reviewed_at_the_same_level(office: lf.Office) -> None:
    """Luật Tố cáo 2018 Art. 37(1): the review is the superior head's, not the resolver's."""
    earlier = _concluded(office)
    letter = lf.classify(
        lf.denunciation(office.unit, office.receiver), office.receiver, repeat_of_case=earlier,
        competent_unit=office.unit,
    )  # fmt: skip
    with pytest.raises(HandlingError, match="head above"):
        denunciations.repeat_review(
            letter=letter, actor=office.leader, outcome=ReviewOutcome.RE_RESOLVE,
            grounds=[ReResolutionGround.LAW_MISAPPLIED], reasons="Áp dụng sai pháp luật.",
        )  # fmt: skip


# --- 5. Signs of a crime --------------------------------------------------------------------------


def test_signs_of_a_crime_send_the_file_at_once_at_any_stage(office: lf.Office) -> None:
    """Luật Tố cáo 2018 Arts. 27, 36(2): at classification or while the case is open, the head
    sends the file to the investigating body or the procuracy; it is not a forwarding."""
    letter = _classified(office)
    with pytest.raises(PermissionDenied):
        denunciations.crime_refer(
            letter=letter, actor=office.receiver, body_kind=CrimeBody.INVESTIGATION,
            body_name="Cơ quan CSĐT Công an tỉnh", signs="Nhận hối lộ",
        )  # fmt: skip
    referral = denunciations.crime_refer(
        letter=letter, actor=office.leader, body_kind=CrimeBody.INVESTIGATION,
        body_name="Cơ quan CSĐT Công an tỉnh", signs="Có dấu hiệu tội nhận hối lộ.",
    )  # fmt: skip
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLASSIFIED  # not forwarded
    assert referral.referred_on == calendar.today_local()
    text = lf.docx_text(referral.document)
    assert "Cơ quan CSĐT Công an tỉnh" in text
    for secret in SECRETS:
        assert secret not in text
    # A later forwarding is still possible: the transfer is not the one forwarding.
    assert not LetterStatusChange.objects.filter(letter=letter, to_status="forwarded").exists()
    case = handling.letter_accept(letter=letter, actor=office.leader)
    second = decisions.run(
        "crime", case, office.leader,
        {"body_kind": CrimeBody.PROCURACY, "body_name": "Viện kiểm sát nhân dân tỉnh",
         "signs": "Dấu hiệu tội lợi dụng chức vụ."},
        expected_version=None,
    )  # fmt: skip
    assert second.case_id == case.pk
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert letter.crime_referrals.count() == 2


# --- 6. Several recipients ------------------------------------------------------------------------


def test_sent_to_several_bodies_the_competent_one_processes_it_the_others_file_it(
    office: lf.Office,
) -> None:
    """Luật Tố cáo 2018 Art. 24(3): a denunciation sent to several bodies including the
    competent one is processed by the competent body; the others do not process it."""
    competent = _classified(office, sent_to_several=True)
    assert competent.competence == Competence.OWN
    case = handling.letter_accept(letter=competent, actor=office.leader)
    assert case.status == CaseStatus.IN_PROGRESS

    other = lf.make_office("Ủy ban nhân dân xã Thử nghiệm Tây")
    elsewhere = lf.classify(
        lf.denunciation(other.unit, other.receiver), other.receiver, sent_to_several=True,
        competent_unit=office.unit, override_reason="Thuộc thẩm quyền xã Đông",
    )  # fmt: skip
    assert elsewhere.competence == Competence.OTHER
    with pytest.raises(HandlingError, match="24"):
        handling.letter_forward(letter=elsewhere, actor=other.leader, to_unit=office.unit)
    with pytest.raises(HandlingError):
        handling.letter_accept(letter=elsewhere, actor=other.leader)
    filed = handling.letter_archive(
        letter=elsewhere, actor=other.leader, reason="Đơn gửi nhiều nơi, có nơi có thẩm quyền"
    )
    assert filed.status == LetterStatus.ARCHIVED


# --- 7. A mixed letter's denunciation part --------------------------------------------------------


def test_a_mixed_letters_denunciation_part_keeps_seven_working_days_from_the_receipt(
    office: lf.Office,
) -> None:
    """Luật Tố cáo 2018 Art. 24(1): the denunciation split from a mixed letter is processed
    within 7 working days of the original receipt, on the working-day calendar (Tết 2027)."""
    received = dt.date(2027, 2, 3)  # Wednesday before the Tết closure of 4-10 February 2027
    with time_machine.travel(dt.datetime(2027, 2, 12, 9, tzinfo=calendar.DEADLINE_TZ)):
        mixed = lf.receive(
            office.unit, office.receiver, kind=LetterKind.MIXED, signers=[DENOUNCER],
            subject="Khiếu nại và tố cáo", content="Khiếu nại quyết định; tố cáo cán bộ.",
            received_on=received,
        ).letter  # fmt: skip
        parts = handling.letter_split(
            letter=mixed,
            actor=office.receiver,
            parts=[
                handling.Part(LetterKind.COMPLAINT, "Khiếu nại", "Khiếu nại quyết định"),
                handling.Part(LetterKind.DENUNCIATION, "Tố cáo", "Tố cáo cán bộ nhận tiền"),
            ],
        )
    part = next(p for p in parts if p.kind == LetterKind.DENUNCIATION)
    assert part.received_on == received
    assert part.due_rule is not None
    assert part.due_rule.key == "processing.denunciation"
    assert not calendar.is_working_day(dt.date(2027, 2, 8))  # a Monday of Tết
    assert part.due_on == dt.date(2027, 2, 19)
    assert part.due_on == calendar.add_working_days(received, 7)


# --- 8. Requests for protection -------------------------------------------------------------------


def test_a_request_for_protection_is_recorded_and_read_only_by_identity_readers(
    office: lf.Office,
) -> None:
    """Luật Tố cáo 2018 Arts. 47-48: what is to be protected, when and how it was asked, the
    measures decided, by whom, when, and the outcome; only those who may read the denouncer's
    identity record or read it."""
    case = _open(office)
    letter = case.letter
    today = calendar.today_local()
    outsider = lf.make_office("Xã khác").leader
    with pytest.raises(PermissionDenied):
        denunciations.protection_request_record(
            letter=letter, actor=outsider, interests=[ProtectedInterest.JOB],
            requested_on=today, means=ProtectionMeans.WRITING,
        )  # fmt: skip
    with pytest.raises(HandlingError, match="protected"):
        denunciations.protection_request_record(
            letter=letter, actor=office.leader, interests=["fortune"], requested_on=today,
            means=ProtectionMeans.WRITING,
        )  # fmt: skip
    request = denunciations.protection_request_record(
        letter=letter, actor=office.leader,
        interests=[ProtectedInterest.JOB, ProtectedInterest.HONOUR], requested_on=today,
        means=ProtectionMeans.WRITING, details="Lo bị điều chuyển công tác.",
    )  # fmt: skip
    request = denunciations.protection_request_record(
        letter=letter, actor=office.leader, request=request,
        interests=request.interests, requested_on=today, means=request.means,
        measures="Không điều chuyển công tác trong thời gian giải quyết.",
        decided_by_name="Chủ tịch UBND xã", decided_on=today, outcome="Đang áp dụng.",
    )  # fmt: skip
    assert request.interests == ["honour", "job"]
    assert denunciations.protection_requests_for(office.leader, letter) == [request]
    assert denunciations.protection_requests_for(office.inspector, letter) == []
    assert denunciations.protection_requests_for(outsider, letter) == []


# --- The pages offer each new move exactly when the service accepts it ---------------------------


def test_the_pages_offer_each_denunciation_step_exactly_when_the_service_accepts_it(
    client: Any, two_levels: tuple[lf.Office, lf.Office]
) -> None:
    """Luật Tố cáo 2018 Arts. 27, 29(3), 35(3), 36, 37, 47-48; TT 05/2021 Art. 13: the head
    decides (the others propose), the officers record what was sent and done, only those who may
    read the denouncer's identity record a request for protection."""
    from django.urls import reverse

    from danvan.letters.views.staff.case_actions import (
        CaseCrimeView,
        MeasureDoneView,
        MeasureView,
        NoticeSentView,
    )
    from danvan.letters.views.staff.letter_actions import (
        LetterCrimeView,
        ProtectionView,
        ReviewView,
    )
    from danvan.organizations.roles import Role
    from danvan.workflow.testing import walk

    office, above = two_levels
    elsewhere = lf.make_office("Ủy ban nhân dân xã Thử nghiệm Tây")
    people = {
        ("receiving officer", "same_unit"): above.receiver,
        ("handling officer", "same_unit"): above.other_handler,
        ("handling officer", "assigned"): above.handler,
        ("unit leader", "resolver"): above.leader,
        ("inspector", "same_unit"): above.inspector,
        ("receiving officer", "unit_above"): lf.member(
            lf.make_office("Thanh tra Chính phủ thử nghiệm").unit, Role.RECEIVING_OFFICER
        ),
        ("unit leader", "other_unit"): elsewhere.leader,
        ("citizen", "none"): org.UserFactory(),
    }
    earlier = _concluded(office)
    letters = {
        "classified denunciation": _classified(above, about_unit=above.unit),
        "further denunciation": _further(above, earlier),
    }
    open_case = _open(above)
    cases.case_assign(case=open_case, actor=above.leader, handler_ids=[above.handler.pk])
    concluded = cases.case_decide(
        case=_open(above), actor=above.leader, outcome="upheld", findings="Xác minh.",
        conclusion="Tố cáo đúng.",
    )  # fmt: skip
    denunciations.measure_add(case=concluded, actor=above.leader, what="Kiểm điểm", responsible="X")
    found = {"open": open_case, "concluded": concluded}
    today = calendar.today_local().isoformat()

    def letter_data(key: str, letter: Letter) -> dict[str, Any]:
        data: dict[str, Any] = {
            "review": {"outcome": "lawful", "reasons": "Đúng pháp luật.", "decided_on": today},
            "crime": {"body_kind": "investigation", "body_name": "Cơ quan CSĐT",
                      "signs": "Dấu hiệu tội phạm.", "referred_on": today},
            "protection": {"interests": ["job"], "requested_on": today, "means": "writing"},
        }[key]  # fmt: skip
        return {
            f"{key}-{k}": v for k, v in {**data, "version": letter.version, "confirm": "on"}.items()
        }

    def case_data(key: str, case: Case) -> dict[str, Any]:
        measure = case.measures.values_list("pk", flat=True).first() or ""
        unsent = case.notices.filter(sent_on__isnull=True).values_list("kind", flat=True)
        unsent = unsent.first() or ""
        data: dict[str, Any] = {
            "notice_sent": {"kind": unsent, "sent_on": today},
            "measure": {"what": "Kiểm điểm.", "responsible": "Chủ tịch"},
            "measure_done": {"measure": measure, "done_on": today},
            "crime": {"body_kind": "procuracy", "body_name": "Viện kiểm sát",
                      "signs": "Dấu hiệu tội phạm.", "referred_on": today},
        }[key]  # fmt: skip
        return {
            f"{key}-{k}": v for k, v in {**data, "version": case.version, "confirm": "on"}.items()
        }

    # The plain moves, walked by everyone; the head's decisions, made by the head from the page.
    outcomes = [
        *walk(
            client, people=people, objects=letters,
            actions=[ProtectionView],
            page_url=lambda o: reverse("letters:staff-letter-detail", args=[o.pk]),
            data_for=letter_data,
        ),
        *walk(
            client, people=people, objects=found,
            actions=[NoticeSentView, MeasureDoneView],
            page_url=lambda o: reverse("letters:staff-case-detail", args=[o.pk]),
            data_for=case_data,
        ),
    ]  # fmt: skip
    disagreements = [str(o) for o in outcomes if o.offered != o.accepted]
    assert not disagreements, "\n".join(disagreements)
    accepted = {(o.person, o.move) for o in outcomes if o.accepted}
    assert {m for _p, m in accepted} == {"protection", "notice_sent", "measure_done"}
    assert ("unit leader, other_unit", "protection") not in accepted
    assert ("inspector, same_unit", "protection") not in accepted

    client.force_login(above.leader)
    head_moves = [
        (ReviewView, letters["further denunciation"], "letters:staff-letter-detail", letter_data),
        (LetterCrimeView, letters["classified denunciation"], "letters:staff-letter-detail",
         letter_data),
        (MeasureView, concluded, "letters:staff-case-detail", case_data),
        (CaseCrimeView, open_case, "letters:staff-case-detail", case_data),
    ]  # fmt: skip
    for action, obj, page, data in head_moves:
        obj.refresh_from_db()
        url = reverse(action.url_name.format(key=action.key), args=[obj.pk])
        assert f'action="{url}"' in client.get(reverse(page, args=[obj.pk])).content.decode()
        assert client.post(url, data(action.key, obj)).status_code == 302, action.key
    assert letters["classified denunciation"].crime_referrals.count() == 1
    assert concluded.measures.count() == 2
