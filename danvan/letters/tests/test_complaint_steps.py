"""The steps of a complaint (Luật Khiếu nại 2011 as amended; TT 07/2013/TT-TTCP) and the listed
grounds for suspending and ending a complaint's or a denunciation's resolution (Luật Tố cáo
Art. 34): each test names the article it checks. The head (``office.leader``) decides."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from danvan.core import calendar
from danvan.documents.models import IssuedDocument
from danvan.documents.testing import issue_drafts_about
from danvan.letters.choices import (
    CaseOutcome,
    ContestedKind,
    ContestedMeasure,
    DecisionScope,
    IneligibilityGround,
    NoteKind,
    PublicationForm,
    SuspensionGround,
    TerminationGround,
)
from danvan.letters.errors import CaseError, HandlingError
from danvan.letters.models import Case, DeadlineRule, Letter
from danvan.letters.services import cases, clusters, complaints, handling, intake
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests import factories as lf
from danvan.letters.work_items import publication_items
from danvan.organizations.tests import factories as org
from danvan.workflow.work_items import Window

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = dt.date


def _person(n: int) -> intake.SignerInput:
    return intake.SignerInput(
        full_name=f"Người Khiếu Nại Số {n}",
        id_number=f"0010880{n:05d}",
        phone=f"09881{n:05d}",
        address=f"Số {n} thôn Đông",
    )


def _letter(office: lf.Office, received_on: dt.date, n: int = 1, **classify: Any) -> Letter:
    letter = lf.receive(
        office.unit, office.receiver, signers=[_person(n)], received_on=received_on
    ).letter
    return lf.classify(letter, office.receiver, **classify)


def _case(office: lf.Office, day: dt.date, n: int = 1, **classify: Any) -> Case:
    letter = _letter(office, day, n, **classify)
    return handling.letter_accept(letter=letter, actor=office.leader, accepted_on=day)


def _decide(case: Case, office: lf.Office, day: dt.date, **extra: Any) -> Case:
    values: dict[str, Any] = {
        "outcome": CaseOutcome.REJECTED,
        "findings": "Kết quả xác minh: quyết định đúng quy định.",
        "conclusion": "Khiếu nại là sai.",
        "legal_grounds": "Luật Đất đai 2024, Điều 81",
        "contested_measure": ContestedMeasure.KEEP,
        "decided_on": day,
    }
    values.update(extra)
    return cases.case_decide(case=case, actor=office.leader, **values)


def _text(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle:
        body = docx.Document(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in body.paragraphs)


@pytest.fixture
def office(db: Any) -> lf.Office:
    return lf.make_office()


# --- 1. The time bar -------------------------------------------------------------------------


@time_machine.travel(D(2026, 4, 20))
def test_the_ninetieth_day_is_in_time_and_the_ninety_first_is_barred(office):
    """Luật Khiếu nại Art. 9, 11(6): 90 days from the day the complainant learned of the
    decision; a complaint past the bar is refused on the ground of the time bar."""
    learned = D(2026, 1, 1)
    on_time = _letter(office, D(2026, 4, 1), 1, learned_on=learned)
    assert complaints.time_bar_end(on_time) == D(2026, 4, 1)
    assert on_time.eligible is True
    handling.letter_accept(letter=on_time, actor=office.leader)

    late = _letter(office, D(2026, 4, 2), 2, learned_on=learned)
    assert late.eligible is False
    assert late.ineligibility_ground == IneligibilityGround.KN_TIME_BARRED
    with pytest.raises(HandlingError):
        handling.letter_accept(letter=late, actor=office.leader)
    refused = handling.letter_not_accept(
        letter=late, actor=office.leader, ground=IneligibilityGround.KN_TIME_BARRED
    )
    assert refused.status == LetterStatus.NOT_ACCEPTED


@time_machine.travel(D(2026, 4, 20))
def test_days_lost_to_an_objective_obstacle_are_not_counted(office):
    """Luật Khiếu nại Art. 9: time lost to illness, disaster, war or work far away is excluded;
    the excused days need their reason."""
    with pytest.raises(HandlingError, match="objective obstacle"):
        _letter(office, D(2026, 4, 6), 1, learned_on=D(2026, 1, 1), excused_days=5)
    letter = _letter(
        office,
        D(2026, 4, 6),
        2,
        learned_on=D(2026, 1, 1),
        excused_days=5,
        excused_reason="Điều trị tại bệnh viện",
    )
    assert complaints.time_bar_end(letter) == D(2026, 4, 6)
    assert letter.eligible is True
    case = handling.letter_accept(letter=letter, actor=office.leader)
    assert case.status == CaseStatus.IN_PROGRESS
    barred = _letter(
        office, D(2026, 4, 7), 3, learned_on=D(2026, 1, 1), excused_days=5, excused_reason="Ốm"
    )
    assert barred.ineligibility_ground == IneligibilityGround.KN_TIME_BARRED


@time_machine.travel(D(2026, 4, 20))
def test_an_accepted_letter_past_the_bar_is_refused_at_acceptance(office):
    """Luật Khiếu nại Art. 9: the bar is checked again when the head accepts (a letter
    classified before the day learned was known)."""
    letter = _letter(office, D(2026, 4, 2), 1)
    Letter.objects.filter(pk=letter.pk).update(learned_on=D(2026, 1, 1))
    letter.refresh_from_db()
    with pytest.raises(HandlingError, match=r"Art\. 9"):
        handling.letter_accept(letter=letter, actor=office.leader)


@time_machine.travel(D(2026, 4, 20))
def test_a_disciplinary_decision_is_complained_of_within_fifteen_days(office):
    """Luật Khiếu nại Art. 48: 15 days for the first complaint of a disciplinary decision."""
    kind = {"contested_kind": ContestedKind.DISCIPLINE, "learned_on": D(2026, 3, 2)}
    assert _letter(office, D(2026, 3, 17), 1, **kind).eligible is True
    assert _letter(office, D(2026, 3, 18), 2, **kind).eligible is False


# --- 2. The second complaint's window and the first decision becoming final ------------------


@time_machine.travel(D(2026, 10, 30))
def test_the_second_complaint_window_runs_from_the_receipt_of_the_decision(office):
    """Luật Khiếu nại Art. 33 (30 days from the complainant's receipt, not the sending) and
    Art. 44 (final 30 days after issue if not appealed)."""
    case = _case(office, D(2026, 9, 1))
    case = _decide(case, office, D(2026, 9, 5))
    assert case.final_on == D(2026, 10, 5)
    issue_drafts_about(case)
    case = cases.case_send(case=case, actor=office.leader, sent_on=D(2026, 9, 10))
    assert case.sent_on == D(2026, 9, 10)
    assert case.appeal_until is None
    case = complaints.case_record_receipt(
        case=case, actor=office.receiver, received_on=D(2026, 9, 20)
    )
    assert case.decision_received_on == D(2026, 9, 20)
    assert case.appeal_until == D(2026, 10, 20)
    assert handling.second_complaint_deadline(case) == D(2026, 10, 20)
    with pytest.raises(CaseError, match="before it was sent"):
        complaints.case_record_receipt(case=case, actor=office.leader, received_on=D(2026, 9, 9))


@time_machine.travel(D(2026, 10, 30))
def test_the_receipt_may_be_recorded_when_the_decision_is_sent(office):
    """Luật Khiếu nại Art. 33: the receipt given with the sending opens the window; a remote
    area gets 45 days."""
    case = _case(office, D(2026, 9, 1))
    Case.objects.filter(pk=case.pk).update(remote_area=True)
    case.refresh_from_db()
    case = _decide(case, office, D(2026, 9, 5))
    issue_drafts_about(case)
    case = cases.case_send(
        case=case, actor=office.leader, sent_on=D(2026, 9, 10), received_on=D(2026, 9, 14)
    )
    assert case.appeal_until == D(2026, 10, 29)
    assert case.final_on == D(2026, 10, 20)


# --- 3. Continuing after a termination -------------------------------------------------------


def test_a_terminated_complaint_continues_within_thirty_days_of_the_notice(office):
    """Luật Khiếu nại Art. 11(8): the complainant may ask to continue within 30 days of the
    termination notice; the head reopens the case, and the days it stood ended are not counted.
    """
    with time_machine.travel(D(2026, 9, 8)):
        case = _case(office, D(2026, 9, 1))
        due = case.due_on
        case = cases.case_terminate(
            case=case, actor=office.leader, ground=TerminationGround.KN_WITHDRAWN
        )
        assert case.continue_until == D(2026, 10, 8)
    with time_machine.travel(D(2026, 10, 1)):
        with pytest.raises(PermissionDenied):
            complaints.case_continue(case=case, actor=office.handler, requested_on=D(2026, 10, 1))
        case = complaints.case_continue(case=case, actor=office.leader, requested_on=D(2026, 10, 1))
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.ended_on is None
    assert case.suspended_days == 23
    assert case.due_on > due


def test_after_thirty_days_the_complaint_is_barred(office):
    """Luật Khiếu nại Art. 11(8): after 30 days from the termination notice it cannot
    continue."""
    with time_machine.travel(D(2026, 9, 8)):
        case = cases.case_terminate(
            case=_case(office, D(2026, 9, 1)),
            actor=office.leader,
            ground=TerminationGround.KN_WITHDRAWN,
        )
    with time_machine.travel(D(2026, 10, 12)), pytest.raises(CaseError, match=r"11\(8\)"):
        complaints.case_continue(case=case, actor=office.leader, requested_on=D(2026, 10, 9))


# --- 4-6. The second time: the dialogue, the decision, its publication ----------------------


def _second_time(office: lf.Office) -> tuple[lf.Office, Case]:
    """A first-time case decided by ``office`` and the second complaint at the unit above."""
    above = lf.make_office("Ủy ban nhân dân tỉnh Thử nghiệm")
    org.UnitLinkFactory(parent=above.unit, child=office.unit)
    first = _decide(_case(office, D(2026, 9, 1)), office, D(2026, 9, 5))
    issue_drafts_about(first)
    cases.case_send(
        case=first, actor=office.leader, sent_on=D(2026, 9, 7), received_on=D(2026, 9, 8)
    )
    letter = _letter(above, D(2026, 9, 15), 1)
    second = handling.letter_accept(
        letter=letter, actor=above.leader, accepted_on=D(2026, 9, 15), previous_case=first
    )
    assert second.round == 2
    return above, second


@time_machine.travel(D(2026, 11, 20))
def test_a_second_time_decision_needs_the_dialogue_or_the_ignored_second_invitation(office):
    """Luật Khiếu nại Art. 39; TT 07/2013/TT-TTCP Art. 21: no second-time decision without
    dialogue minutes, or the record that the complainant ignored the second written invitation
    and the minutes ending the dialogue."""
    above, case = _second_time(office)
    with pytest.raises(CaseError, match="mandatory"):
        _decide(case, above, D(2026, 10, 20))
    with pytest.raises(CaseError, match="first one the complainant ignored"):
        complaints.dialogue_invitation_record(
            case=case, actor=above.leader, number=2, invited_on=D(2026, 9, 20),
            meeting_on=D(2026, 9, 25),
        )  # fmt: skip
    complaints.dialogue_invitation_record(
        case=case, actor=above.leader, number=1, invited_on=D(2026, 9, 20),
        meeting_on=D(2026, 9, 25), attended=False,
    )  # fmt: skip
    complaints.dialogue_invitation_record(
        case=case, actor=above.leader, number=2, invited_on=D(2026, 9, 26),
        meeting_on=D(2026, 10, 2), attended=False,
    )  # fmt: skip
    assert case.invitations.count() == 2
    with pytest.raises(CaseError, match="minutes ending the dialogue"):
        _decide(case, above, D(2026, 10, 20))
    cases.case_note_add(
        case=case, actor=above.leader, kind=NoteKind.DIALOGUE_ENDED, occurred_on=D(2026, 10, 2),
        text="Người khiếu nại vắng mặt lần thứ hai; kết thúc đối thoại.",
    )  # fmt: skip
    case = _decide(case, above, D(2026, 10, 20))
    assert case.status == CaseStatus.DECIDED


@time_machine.travel(D(2026, 11, 20))
def test_held_dialogue_minutes_and_their_result_go_into_the_decision(office):
    """Luật Khiếu nại Art. 31(2), 39, 40; TT 07/2013 Art. 22 (Mẫu 15-KN): the decision prints
    the verification, the dialogue's result, the legal basis, the conclusion right / wrong /
    partly right, what happens to the contested decision, compensation and the rights left."""
    above, case = _second_time(office)
    cases.case_note_add(
        case=case, actor=above.leader, kind=NoteKind.DIALOGUE, occurred_on=D(2026, 10, 1),
        text="Đối thoại tại trụ sở.",
    )  # fmt: skip
    with pytest.raises(CaseError, match="result of the dialogue"):
        _decide(case, above, D(2026, 10, 20))
    case = _decide(
        case, above, D(2026, 10, 20), outcome=CaseOutcome.PARTLY_UPHELD,
        dialogue_result="Các bên thống nhất một phần.", contested_measure=ContestedMeasure.AMEND,
        compensation="Bồi thường 5.000.000 đồng.", decision_text="Sửa Điều 2 của quyết định.",
    )  # fmt: skip
    text = _text(case.decision_document)
    for expected in (
        "Kết quả xác minh: quyết định đúng quy định.",
        "Các bên thống nhất một phần.",
        "Luật Đất đai 2024, Điều 81",
        "đúng một phần",
        "Sửa quyết định bị khiếu nại",
        "Bồi thường 5.000.000 đồng.",
        "khởi kiện",
    ):
        assert expected in text, expected


@time_machine.travel(D(2026, 11, 20))
def test_a_decision_without_its_required_contents_is_refused(office):
    """Luật Khiếu nại Art. 31(2): the legal basis and what happens to what was complained of
    are required; an act is stopped, never amended (TT 07/2013 Art. 22)."""
    case = _case(office, D(2026, 9, 1))
    with pytest.raises(CaseError) as refused:
        _decide(case, office, D(2026, 9, 5), legal_grounds="", contested_measure="")
    assert len(refused.value.extra["errors"]) == 2
    with pytest.raises(CaseError, match="Conclude"):
        _decide(case, office, D(2026, 9, 5), outcome=CaseOutcome.ANSWERED)
    act = _case(office, D(2026, 9, 1), 2, contested_kind=ContestedKind.ACT)
    with pytest.raises(CaseError, match="An act is stopped"):
        _decide(act, office, D(2026, 9, 5), contested_measure=ContestedMeasure.CANCEL)
    act = _decide(act, office, D(2026, 9, 5), contested_measure=ContestedMeasure.STOP_ACT)
    assert act.contested_measure == ContestedMeasure.STOP_ACT


def test_the_candidate_rule_to_skip_the_dialogue_is_seeded_switched_off(db):
    """Luật Khiếu nại as amended in 2025 (press reports only, DOMAIN.md §11): proceeding without
    a dialogue is a candidate row, unverified and not in use."""
    row = DeadlineRule.objects.get(key="dialogue_optional.complaint.2")
    assert (row.active, row.verified, row.effective_from) == (False, False, D(2026, 7, 1))


@time_machine.travel(D(2026, 11, 20))
def test_a_second_time_decision_is_due_for_publication_until_published(office):
    """Luật Khiếu nại Art. 41; NĐ 75/2012 Art. 12 (now NĐ 124/2020, unverified): published within
    15 days; a meeting announced 3 working days ahead; media at least twice; posting at least
    15 days. The work item stays until it is published."""
    above, case = _second_time(office)
    cases.case_note_add(
        case=case, actor=above.leader, kind=NoteKind.DIALOGUE, occurred_on=D(2026, 10, 1),
        text="Đối thoại.",
    )  # fmt: skip
    case = _decide(case, above, D(2026, 11, 2), dialogue_result="Không thống nhất.")
    assert case.publish_due_on == D(2026, 11, 17)
    assert case.send_due_on == D(2026, 11, 9)
    window = Window(module="letters", today=D(2026, 11, 20), until=D(2026, 11, 20))
    assert [i.key for i in publication_items(window)] == [
        f"letters.complaint_publication:{case.pk}"
    ]
    publish = {"case": case, "actor": above.leader, "title": "Công khai", "text": "Quyết định."}
    with pytest.raises(CaseError, match="2 times"):
        cases.publication_create(
            **publish, starts_on=D(2026, 11, 20), form=PublicationForm.MEDIA, times=1
        )
    with pytest.raises(CaseError, match="3 working days"):
        cases.publication_create(
            **publish, starts_on=D(2026, 11, 20), form=PublicationForm.MEETING,
            announced_on=D(2026, 11, 18),
        )  # fmt: skip
    posted = cases.publication_create(
        **publish, starts_on=D(2026, 11, 20), form=PublicationForm.POSTING
    )
    assert posted.ends_on == D(2026, 12, 4)
    case.refresh_from_db()
    assert case.published_on == D(2026, 11, 20)
    assert list(publication_items(window)) == []
    for key in ("publication.complaint.2", "publication_posting.complaint.2"):
        assert DeadlineRule.objects.get(key=key).verified is False


# --- 5. One decision per complainant or one with the list (cluster) --------------------------


@pytest.mark.parametrize("scope", [DecisionScope.EACH, DecisionScope.LIST])
@time_machine.travel(D(2026, 11, 20))
def test_complainants_with_the_same_content_get_one_decision_each_or_one_with_the_list(
    office, scope
):
    """Luật Khiếu nại Art. 31(3): the head chooses one decision per complainant, or one decision
    with the list of the complainants attached."""
    day = D(2026, 9, 1)
    lead = lf.receive(office.unit, office.receiver, signers=[_person(1)], received_on=day).letter
    other = lf.receive(office.unit, office.receiver, signers=[_person(2)], received_on=day).letter
    clusters.cluster_create(
        unit=office.unit, title="Thu hồi đất thôn Đông", lead=lead, letters=[other],
        actor=office.receiver,
    )  # fmt: skip
    lead.refresh_from_db()
    case = handling.letter_accept(
        letter=lf.classify(lead, office.receiver), actor=office.leader, accepted_on=day
    )
    with pytest.raises(CaseError, match=r"31\(3\)"):
        _decide(case, office, D(2026, 9, 5))
    case = _decide(case, office, D(2026, 9, 5), scope=scope)
    assert case.decision_scope == scope
    documents = IssuedDocument.objects.filter(
        template_key="letters.complaint_decision", target_id=str(case.pk)
    )
    texts = [_text(d) for d in documents]
    if scope == DecisionScope.EACH:
        assert len(texts) == 2
        assert any("Người Khiếu Nại Số 2" in t for t in texts)
    else:
        assert len(texts) == 1
        assert "Người Khiếu Nại Số 1; Người Khiếu Nại Số 2" in texts[0]


# --- 7. Disciplinary complaints --------------------------------------------------------------


@time_machine.travel(D(2026, 11, 20))
def test_a_disciplinary_complaint_has_its_own_limits_dialogue_and_notices(office):
    """Luật Khiếu nại Arts. 48, 50, 55, 57; TT 07/2013 Art. 5: resolved in 30 days, dialogue at
    every level, the decision in effect 30 days after issue, the second complaint within 10 days
    of receipt (30 for a dismissal), the acceptance notice to the complainant only."""
    case = _case(office, D(2026, 9, 1), contested_kind=ContestedKind.DISCIPLINE)
    assert case.due_rule.key == "resolution.discipline.1"
    assert case.due_on == D(2026, 10, 1)
    notice = IssuedDocument.objects.get(template_key="letters.acceptance_discipline")
    assert "Thanh tra" not in notice.recipients
    with pytest.raises(CaseError, match="mandatory"):
        _decide(case, office, D(2026, 9, 20))
    cases.case_note_add(
        case=case, actor=office.leader, kind=NoteKind.DIALOGUE, occurred_on=D(2026, 9, 10),
        text="Đối thoại với người bị kỷ luật.",
    )  # fmt: skip
    case = _decide(case, office, D(2026, 9, 20), dialogue_result="Giữ nguyên ý kiến.")
    assert case.final_on == D(2026, 10, 20)
    assert case.decision_document.template_key == "letters.discipline_decision"
    assert "trong thời hạn 10 ngày" in _text(case.decision_document)
    assert "Người giải quyết khiếu nại lần đầu" in case.decision_document.recipients
    issue_drafts_about(case)
    case = cases.case_send(
        case=case, actor=office.leader, sent_on=D(2026, 9, 21), received_on=D(2026, 9, 22)
    )
    assert case.appeal_until == D(2026, 10, 2)

    dismissed = _case(
        office, D(2026, 9, 1), 2, contested_kind=ContestedKind.DISCIPLINE, dismissal=True
    )
    cases.case_note_add(
        case=dismissed, actor=office.leader, kind=NoteKind.DIALOGUE, occurred_on=D(2026, 9, 10),
        text="Đối thoại.",
    )  # fmt: skip
    dismissed = _decide(dismissed, office, D(2026, 9, 20), dialogue_result="Không đồng ý.")
    issue_drafts_about(dismissed)
    dismissed = cases.case_send(
        case=dismissed, actor=office.leader, sent_on=D(2026, 9, 21), received_on=D(2026, 9, 22)
    )
    assert dismissed.appeal_until == D(2026, 10, 22)


# --- 8. Suspension of execution, kept apart from suspension of resolution --------------------


@time_machine.travel(D(2026, 9, 15))
def test_suspending_the_execution_never_stops_the_clock(office):
    """Luật Khiếu nại Art. 35; TT 07/2013 Art. 17 (Mẫu 09-KN, 10-KN): it lasts no longer than
    the time left to resolve, is lifted when its reason ends, and the case's clock runs on."""
    case = _case(office, D(2026, 9, 1), contested_kind=ContestedKind.DECISION)
    due = case.due_on
    with pytest.raises(PermissionDenied):
        complaints.case_suspend_execution(
            case=case, actor=office.handler, ground="Cưỡng chế phá dỡ nhà", started_on=D(2026, 9, 5)
        )
    with pytest.raises(CaseError, match="beyond"):
        complaints.case_suspend_execution(
            case=case, actor=office.leader, ground="Cưỡng chế phá dỡ nhà",
            started_on=D(2026, 9, 5), ends_by=due + dt.timedelta(days=1),
        )  # fmt: skip
    suspension = complaints.case_suspend_execution(
        case=case, actor=office.leader, ground="Cưỡng chế phá dỡ nhà", started_on=D(2026, 9, 5)
    )
    assert suspension.ends_by == due
    assert suspension.document is not None
    case.refresh_from_db()
    assert (case.status, case.due_on, case.suspended_since) == (CaseStatus.IN_PROGRESS, due, None)
    lifted = complaints.case_lift_execution_suspension(
        case=case, actor=office.leader, lifted_on=D(2026, 9, 12), reason="Đã có phương án"
    )
    assert lifted.lifted_on == D(2026, 9, 12)
    assert lifted.lift_document is not None
    case.refresh_from_db()
    assert case.due_on == due

    act = _case(office, D(2026, 9, 1), 2, contested_kind=ContestedKind.ACT)
    with pytest.raises(CaseError, match=r"Art\. 35"):
        complaints.case_suspend_execution(
            case=act, actor=office.leader, ground="x", started_on=D(2026, 9, 5)
        )


# --- 9. Suspension and termination only on the grounds the law lists -----------------------


@time_machine.travel(D(2026, 6, 15))
def test_a_complaints_resolution_cannot_be_suspended_before_july_2026(office):
    """Luật Khiếu nại Art. 11a (in force 01/7/2026): before it a complaint's resolution is
    never suspended; a complaint ends only on withdrawal (Art. 10)."""
    case = _case(office, D(2026, 6, 1))
    with pytest.raises(CaseError, match="11a"):
        cases.case_suspend(
            case=case, actor=office.leader, ground=SuspensionGround.KN_OBSTACLE,
            started_on=D(2026, 6, 10),
        )  # fmt: skip
    with pytest.raises(CaseError, match="grounds the law lists"):
        cases.case_terminate(case=case, actor=office.leader, ground=TerminationGround.KN_DIED)
    case = cases.case_terminate(
        case=case, actor=office.leader, ground=TerminationGround.KN_WITHDRAWN
    )
    assert case.end_ground == TerminationGround.KN_WITHDRAWN


@time_machine.travel(D(2026, 9, 15))
def test_a_complaint_is_suspended_from_july_2026_only_on_its_listed_grounds(office):
    """Luật Khiếu nại Art. 11a(1): force majeure or an objective obstacle, or waiting for a
    linked result; a denunciation's grounds do not apply."""
    case = _case(office, D(2026, 9, 1))
    with pytest.raises(CaseError, match="grounds the law lists"):
        cases.case_suspend(
            case=case, actor=office.leader, ground=SuspensionGround.TC_EXPERTISE,
            started_on=D(2026, 9, 10),
        )  # fmt: skip
    case = cases.case_suspend(
        case=case, actor=office.leader, ground=SuspensionGround.KN_OBSTACLE,
        started_on=D(2026, 9, 10), explanation="Người khiếu nại đang điều trị dài ngày.",
    )  # fmt: skip
    suspension = case.suspensions.get()
    assert suspension.ground_code == SuspensionGround.KN_OBSTACLE
    assert suspension.ground == "Người khiếu nại đang điều trị dài ngày."


@time_machine.travel(D(2026, 9, 15))
def test_a_denunciation_is_suspended_and_ended_on_article_34_grounds(office):
    """Luật Tố cáo Art. 34(1), (3), (4): suspended while waiting for a result or an expert
    examination; ended on (a)-(c); the decision goes to the denouncer and to the person
    denounced within 5 working days, never naming the denouncer to the latter."""
    letter = lf.denunciation(office.unit, office.receiver, received_on=D(2026, 9, 1))
    letter = lf.classify(letter, office.receiver, denounced_name="Nguyễn Văn Bình")
    case = handling.letter_accept(letter=letter, actor=office.leader, accepted_on=D(2026, 9, 1))
    with pytest.raises(CaseError, match="grounds the law lists"):
        cases.case_suspend(
            case=case, actor=office.leader, ground=SuspensionGround.KN_OBSTACLE,
            started_on=D(2026, 9, 5),
        )  # fmt: skip
    case = cases.case_suspend(
        case=case, actor=office.leader, ground=SuspensionGround.TC_EXPERTISE,
        started_on=D(2026, 9, 5),
    )  # fmt: skip
    case = cases.case_resume(case=case, actor=office.leader, resumed_on=D(2026, 9, 10))
    with pytest.raises(CaseError, match="grounds the law lists"):
        cases.case_terminate(case=case, actor=office.leader, ground=TerminationGround.KN_WITHDRAWN)
    case = cases.case_terminate(
        case=case, actor=office.leader, ground=TerminationGround.TC_DIED,
        explanation="Giấy chứng tử số 12.",
    )  # fmt: skip
    assert case.end_ground == TerminationGround.TC_DIED
    assert case.send_due_on == D(2026, 9, 22)
    assert case.continue_until is None
    notice = IssuedDocument.objects.get(
        template_key="letters.termination_denounced", target_id=str(case.pk)
    )
    text = _text(notice)
    assert "Nguyễn Văn Bình" in text
    for secret in lf.identity_strings(lf.DENOUNCER):
        assert secret not in text


# --- 10. The representatives of a group complaint --------------------------------------------


@time_machine.travel(D(2026, 9, 15))
def test_a_group_complaint_is_registered_but_accepted_only_with_its_representatives(office):
    """TT 07/2013/TT-TTCP Art. 5; Luật Khiếu nại Art. 8(3)-(4): every letter goes into the
    register; a complaint by several people is accepted only with every signature and the
    written appointment of the representatives."""
    result = lf.receive(office.unit, office.receiver, signers=[_person(1), _person(2)])
    letter = result.letter
    assert letter.register_number > 0
    assert letter.status == LetterStatus.RECEIVED
    letter = lf.classify(letter, office.receiver)
    with pytest.raises(HandlingError, match="representatives"):
        handling.letter_accept(letter=letter, actor=office.leader)
    signers = list(letter.signers.order_by("position").values_list("pk", flat=True))
    with pytest.raises(HandlingError, match="every complainant signed"):
        complaints.letter_record_representatives(
            letter=letter, actor=office.receiver, representative_ids=signers[:1],
            every_signature=False,
        )  # fmt: skip
    letter = complaints.letter_record_representatives(
        letter=letter, actor=office.receiver, representative_ids=signers[:1], every_signature=True
    )
    assert letter.representatives_recorded_on == D(2026, 9, 15)
    case = handling.letter_accept(letter=letter, actor=office.leader)
    assert case.status == CaseStatus.IN_PROGRESS


# --- The pages -------------------------------------------------------------------------------


def test_the_head_suspends_the_execution_and_records_the_receipt_from_the_case_page(client, office):
    """Luật Khiếu nại Art. 35 (the head's decision, from the case page) and Art. 33 (the
    receipt recorded by the officer who sends)."""
    case = _case(office, calendar.today_local(), contested_kind=ContestedKind.DECISION)
    page_url = reverse("letters:staff-case-detail", args=[case.pk])
    client.force_login(office.leader)
    page = client.get(page_url).content.decode()
    action = reverse("letters:staff-case-suspend_execution", args=[case.pk])
    assert action in page
    today = calendar.today_local().isoformat()
    data = {
        "suspend_execution-version": case.version,
        "suspend_execution-ground": "Cưỡng chế phá dỡ nhà.",
        "suspend_execution-started_on": today,
    }
    assert client.post(action, data).status_code == 302
    assert case.execution_suspensions.filter(lifted_on__isnull=True).exists()
    case.refresh_from_db()
    case = _decide(case, office, calendar.today_local())
    issue_drafts_about(case)
    case = cases.case_send(case=case, actor=office.leader)
    client.force_login(office.receiver)
    receipt = reverse("letters:staff-case-receipt", args=[case.pk])
    assert receipt in client.get(page_url).content.decode()
    data = {"receipt-version": case.version, "receipt-received_on": today}
    assert client.post(receipt, data).status_code == 302
    case.refresh_from_db()
    assert case.decision_received_on == calendar.today_local()
    assert case.appeal_until is not None
