"""Classifying and handling letters: every special kind of DOMAIN.md §1.5, every refusal ground,
forward once, guide once, the rule table's dates, and the status gate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from danvan.core.gate import InvalidTransitionError, StaleObjectError
from danvan.core.models import AuditEntry
from danvan.documents.testing import issue_drafts_about
from danvan.letters.choices import (
    GROUNDS_BY_KIND,
    AnonymousOutcome,
    Competence,
    IneligibilityGround,
    LetterKind,
)
from danvan.letters.models import Case, DeadlineRule, Letter, LetterStatusChange
from danvan.letters.services import handling, intake
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests.conftest import COMPLAINANT, DENOUNCER, MakeLetter, Office, make_office
from danvan.letters.workflows import LETTER_TRANSITIONS, LETTER_WORKFLOW
from danvan.organizations.models import Unit
from danvan.organizations.tests import factories as org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def classify(letter: Letter, office: Office, **kwargs: Any) -> Letter:
    data = handling.Classification(
        kind=kwargs.pop("kind", letter.kind),
        competent_unit=kwargs.pop("competent_unit", office.unit),
        summary=kwargs.pop("summary", "Khiếu nại việc thu hồi đất"),
        **kwargs,
    )
    return handling.letter_classify(letter=letter, actor=office.receiver, data=data)


def test_classification_records_every_axis_and_writes_history(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = classify(make_letter(), office, sent_to_several=False, pseudonymous=False)
    assert letter.status == LetterStatus.CLASSIFIED
    assert letter.competence == Competence.OWN
    assert letter.version == 2
    change = LetterStatusChange.objects.filter(letter=letter).last()
    assert change is not None
    assert (change.from_status, change.to_status) == ("received", "classified")
    assert AuditEntry.objects.filter(
        action="letters.letter.status", target_id=str(letter.pk)
    ).exists()


def test_routing_proposes_the_competent_unit_and_an_override_needs_a_reason(
    make_letter: MakeLetter, office: Office
) -> None:
    competent = org.UnitFactory(name="Thanh tra tỉnh")
    org.CompetenceFactory(unit=competent, letter_kind="complaint")
    letter = make_letter()
    assert handling.propose_unit(letter) == competent
    with pytest.raises(handling.HandlingError, match="Thanh tra tỉnh"):
        classify(letter, office, competent_unit=office.unit)
    letter = classify(letter, office, competent_unit=office.unit, override_reason="Đúng thẩm quyền")
    assert letter.proposed_unit == competent
    assert letter.competent_unit == office.unit


def test_summary_of_a_denunciation_may_not_name_the_denouncer(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = make_letter(kind=LetterKind.DENUNCIATION, signers=[DENOUNCER])
    with pytest.raises(handling.HandlingError, match="denouncer"):
        classify(letter, office, summary=f"Bà {DENOUNCER.full_name} tố cáo cán bộ địa chính")


def test_accepting_opens_a_case_with_the_statutory_period(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = classify(make_letter(received_on=dt.date(2026, 1, 15)), office)
    case = handling.letter_accept(
        letter=letter, actor=office.leader, accepted_on=dt.date(2026, 1, 20)
    )
    # 30 days from 20/01/2026 end on 19/02/2026, a Tết holiday: the last day moves to 23/02.
    assert case.due_on == dt.date(2026, 2, 23)
    assert case.due_rule.key == "resolution.complaint.1"
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.number.endswith("/2026/KN")
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ACCEPTED
    assert letter.handling_document is not None


def test_remote_area_gets_the_longer_period(make_letter: MakeLetter, office: Office) -> None:
    ward = org.WardFactory(remote_area=True)
    letter = classify(make_letter(ward=ward, received_on=dt.date(2026, 9, 1)), office)
    case = handling.letter_accept(
        letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 3)
    )
    assert case.remote_area
    assert case.due_on == dt.date(2026, 10, 19)  # 45 days: 18/10 is a Sunday


@pytest.mark.parametrize("kind", list(GROUNDS_BY_KIND))
def test_every_refusal_ground_of_each_kind_is_recorded_with_its_basis(
    make_letter: MakeLetter, office: Office, kind: str
) -> None:
    for ground in GROUNDS_BY_KIND[kind]:
        signers = [DENOUNCER] if kind == LetterKind.DENUNCIATION else [COMPLAINANT]
        letter = classify(make_letter(kind=kind, signers=signers), office, kind=kind)
        letter = handling.letter_not_accept(letter=letter, actor=office.leader, ground=ground)
        assert letter.status == LetterStatus.NOT_ACCEPTED
        assert letter.ineligibility_ground == ground


def test_a_ground_of_another_kind_is_refused(make_letter: MakeLetter, office: Office) -> None:
    letter = classify(make_letter(), office)
    with pytest.raises(handling.HandlingError):
        handling.letter_not_accept(
            letter=letter, actor=office.leader, ground=IneligibilityGround.TC_NO_BASIS
        )
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.CLASSIFIED


def test_unsigned_complaint_cannot_be_accepted_but_can_be_refused_on_that_ground(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = classify(make_letter(signed=False), office)
    with pytest.raises(handling.HandlingError, match="not signed"):
        handling.letter_accept(letter=letter, actor=office.leader)
    letter = handling.letter_not_accept(
        letter=letter, actor=office.leader, ground=IneligibilityGround.KN_UNSIGNED
    )
    assert letter.status == LetterStatus.NOT_ACCEPTED


def test_anonymous_denunciation_is_never_accepted_and_takes_its_own_route(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = make_letter(
        kind=LetterKind.DENUNCIATION,
        signers=[],
        signed=False,
        content="Cán bộ địa chính xã nhận tiền khi làm sổ đỏ, có chứng từ kèm.",
    )
    assert letter.anonymous
    letter = classify(letter, office, summary="Thông tin về cán bộ địa chính")
    with pytest.raises(handling.HandlingError, match=r"Art\. 25"):
        handling.letter_accept(letter=letter, actor=office.leader)
    letter = handling.letter_route_anonymous(
        letter=letter,
        actor=office.leader,
        outcome=AnonymousOutcome.INSPECT,
        reason="Có căn cứ cụ thể, kiểm tra theo thẩm quyền",
    )
    assert letter.status == LetterStatus.REFERRED
    assert letter.anonymous_outcome == AnonymousOutcome.INSPECT
    assert not Case.objects.filter(letter=letter).exists()


def test_letter_sent_to_several_bodies_is_not_processed(
    make_letter: MakeLetter, office: Office
) -> None:
    """Luật Tố cáo 2018 Art. 24(3): a body that is not competent does not process a letter also
    sent to the competent body, it files it (the competent body accepts it:
    ``test_denunciation_steps``)."""
    letter = classify(
        make_letter(kind=LetterKind.DENUNCIATION, signers=[DENOUNCER]), office,
        sent_to_several=True, competent_unit=None, competent_body="Sở X",
    )  # fmt: skip
    with pytest.raises(handling.HandlingError, match="24"):
        handling.letter_forward(letter=letter, actor=office.leader, to_body="Sở X")
    letter = handling.letter_archive(letter=letter, actor=office.leader, reason="Đơn gửi nhiều nơi")
    assert letter.status == LetterStatus.ARCHIVED


def test_letter_for_a_lower_level_is_marked_above_level(
    make_letter: MakeLetter, office: Office
) -> None:
    lower = org.UnitFactory(name="UBND xã Cấp dưới")
    org.UnitLinkFactory(parent=office.unit, child=lower)
    letter = classify(
        make_letter(kind=LetterKind.PETITION),
        office,
        kind=LetterKind.PETITION,
        competent_unit=lower,
    )
    assert letter.competence == Competence.LOWER
    assert letter.above_level
    assert letter.due_rule is not None
    assert letter.due_rule.key == "forward.petition"


def test_a_letter_is_forwarded_only_once(make_letter: MakeLetter, office: Office) -> None:
    other = make_office("Sở Tài nguyên và Môi trường")
    kind = LetterKind.PETITION
    first = classify(make_letter(kind=kind), office, kind=kind, competent_unit=other.unit)
    first = handling.letter_forward(
        letter=first, actor=office.leader, to_unit=other.unit, reason="Thuộc thẩm quyền của Sở"
    )
    assert first.status == LetterStatus.FORWARDED
    copy = Letter.objects.get(source_letter=first)
    assert copy.unit == other.unit
    assert copy.forwarded_by_body == office.unit.name
    assert copy.signers.count() == 1
    again = make_letter(kind=kind)
    assert again.duplicate_of_id == first.pk
    again = classify(again, office, kind=kind, competent_unit=other.unit)
    with pytest.raises(handling.HandlingError, match="only once"):
        handling.letter_forward(letter=again, actor=office.leader, to_unit=other.unit)
    assert (
        handling.letter_archive(letter=again, actor=office.leader, reason="Trùng").status == "filed"
    )


def test_a_complaint_outside_competence_is_guided_once_not_forwarded(
    make_letter: MakeLetter, office: Office
) -> None:
    first = classify(make_letter(), office, competent_unit=None, competent_body="UBND tỉnh")
    with pytest.raises(handling.HandlingError, match="guidance"):
        handling.letter_forward(letter=first, actor=office.leader, to_body="UBND tỉnh")
    first = handling.letter_guide(
        letter=first,
        actor=office.leader,
        to_body="UBND tỉnh",
        guidance="Ông gửi đơn đến Chủ tịch UBND tỉnh.",
    )
    assert first.status == LetterStatus.GUIDED
    again = classify(make_letter(), office, competent_unit=None, competent_body="UBND tỉnh")
    with pytest.raises(handling.HandlingError, match="only once"):
        handling.letter_guide(
            letter=again, actor=office.leader, to_body="UBND tỉnh", guidance="Lần nữa"
        )


def test_a_duplicate_of_a_handled_letter_needs_new_facts(
    make_letter: MakeLetter, office: Office
) -> None:
    first = classify(make_letter(), office)
    handling.letter_accept(letter=first, actor=office.leader)
    again = classify(make_letter(), office)
    assert again.duplicate_of_id == first.pk
    with pytest.raises(handling.HandlingError, match="new facts"):
        handling.letter_accept(letter=again, actor=office.leader)


def test_mixed_content_is_split_into_letters_of_each_kind(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = classify(make_letter(kind=LetterKind.MIXED), office, kind=LetterKind.MIXED)
    with pytest.raises(handling.HandlingError, match="split"):
        handling.letter_accept(letter=letter, actor=office.leader)
    parts = handling.letter_split(
        letter=letter,
        actor=office.receiver,
        parts=[
            handling.Part(LetterKind.COMPLAINT, "Khiếu nại thu hồi đất", "Nội dung khiếu nại"),
            handling.Part(LetterKind.DENUNCIATION, "Tố cáo cán bộ", "Nội dung tố cáo"),
        ],
    )
    assert [p.kind for p in parts] == ["complaint", "denunciation"]
    assert all(p.pin_hash == letter.pin_hash and p.source_letter_id == letter.pk for p in parts)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.SPLIT


def test_illegal_moves_are_refused_and_change_nothing(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = make_letter()
    with pytest.raises(handling.HandlingError, match="Classify"):
        handling.letter_accept(letter=letter, actor=office.leader)
    filed = handling.letter_archive(letter=letter, actor=office.leader, reason="Lưu")
    assert LetterStatus.ARCHIVED not in LETTER_TRANSITIONS
    with pytest.raises(PermissionDenied):
        classify(filed, office)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.ARCHIVED


def test_gate_refuses_a_move_the_table_does_not_list(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = make_letter()
    with pytest.raises(InvalidTransitionError):
        LETTER_WORKFLOW.transition(letter, to=LetterStatus.ACCEPTED, actor=office.receiver)
    assert Letter.objects.get(pk=letter.pk).version == 1


def test_a_stale_version_is_refused(make_letter: MakeLetter, office: Office) -> None:
    letter = make_letter()
    stale_copy = Letter.objects.get(pk=letter.pk)
    classify(letter, office)
    with pytest.raises(StaleObjectError):
        handling.letter_archive(letter=stale_copy, actor=office.leader, reason="Lưu")
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.CLASSIFIED


def test_outsiders_cannot_classify(make_letter: MakeLetter, office: Office) -> None:
    letter = make_letter()
    other = make_office("UBND xã Khác")
    for person in (other.receiver, office.handler, office.inspector, office.citizen):
        with pytest.raises(PermissionDenied):
            handling.letter_classify(
                letter=letter, actor=person, data=handling.Classification(kind=letter.kind)
            )


def test_rule_versions_apply_from_their_effective_date(
    make_letter: MakeLetter, office: Office
) -> None:
    old = DeadlineRule.objects.get(key="processing.complaint", active=True)
    DeadlineRule.objects.filter(pk=old.pk).update(effective_to=dt.date(2026, 9, 1))
    new = DeadlineRule.objects.create(
        key="processing.complaint",
        amount=5,
        unit="working_days",
        start_event="receipt",
        legal_basis="Quy định thử nghiệm",
        effective_from=dt.date(2026, 9, 1),
    )
    before = make_letter(received_on=dt.date(2026, 8, 31))
    after = make_letter(received_on=dt.date(2026, 9, 1))
    assert before.due_rule == old
    assert after.due_rule == new
    assert after.due_on == dt.date(2026, 9, 9)  # 2/9 is National Day, then five working days


def test_a_switched_off_candidate_rule_is_not_used(make_letter: MakeLetter) -> None:
    candidate = DeadlineRule.objects.get(key="processing.complaint", active=False)
    assert candidate.amount == 7
    letter = make_letter(received_on=dt.date(2026, 8, 3))
    assert letter.due_rule is not None
    assert letter.due_rule.amount == 10


def test_second_time_complaint_opens_a_linked_case_at_the_superior_level(
    make_letter: MakeLetter, office: Office
) -> None:
    superior = make_office("UBND tỉnh Thử nghiệm")
    org.UnitLinkFactory(parent=superior.unit, child=office.unit)
    with time_machine.travel(dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC), tick=False):
        first = classify(make_letter(), office)
        case = handling.letter_accept(letter=first, actor=office.leader)
    from danvan.letters.services import cases

    with time_machine.travel(dt.datetime(2026, 9, 20, 9, tzinfo=dt.UTC), tick=False):
        cases.case_decide(
            case=case,
            actor=office.leader,
            outcome="rejected",
            findings="Đã xác minh",
            conclusion="Quyết định thu hồi đúng",
            legal_grounds="Luật Đất đai 2024",
            contested_measure="keep",
        )
        # The second complaint's window runs from the complainant's receipt (Art. 33).
        issue_drafts_about(Case.objects.get(pk=case.pk))
        case = cases.case_send(
            case=Case.objects.get(pk=case.pk),
            actor=office.leader,
            received_on=dt.date(2026, 9, 20),
        )
    assert case.appeal_until == dt.date(2026, 10, 20)
    with time_machine.travel(dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC), tick=False):
        appeal = make_letter(
            unit=superior.unit,
            actor=superior.receiver,
            subject="Khiếu nại lần hai",
            content="Không đồng ý quyết định lần đầu",
        )
        appeal = handling.letter_classify(
            letter=appeal,
            actor=superior.receiver,
            data=handling.Classification(kind="complaint", competent_unit=superior.unit),
        )
        second = handling.letter_accept(letter=appeal, actor=superior.leader, previous_case=case)
    assert second.round == 2
    assert second.previous == case
    assert second.due_rule.key == "resolution.complaint.2"
    assert second.due_on == dt.date(2026, 11, 19)  # 45 days from 05/10


def test_second_time_complaint_after_the_window_is_refused(
    make_letter: MakeLetter, office: Office
) -> None:
    superior = make_office("UBND tỉnh Thử nghiệm 2")
    org.UnitLinkFactory(parent=superior.unit, child=office.unit)
    first = classify(make_letter(received_on=dt.date(2026, 6, 1)), office)
    case = handling.letter_accept(
        letter=first, actor=office.leader, accepted_on=dt.date(2026, 6, 2)
    )
    Case.objects.filter(pk=case.pk).update(appeal_until=dt.date(2026, 8, 1))
    late = make_letter(unit=superior.unit, actor=superior.receiver, received_on=dt.date(2026, 8, 3))
    late = handling.letter_classify(
        letter=late,
        actor=superior.receiver,
        data=handling.Classification(kind="complaint", competent_unit=superior.unit),
    )
    with pytest.raises(handling.HandlingError, match="01/08/2026"):
        handling.letter_accept(
            letter=late, actor=superior.leader, previous_case=Case.objects.get(pk=case.pk)
        )


def test_units_fixture_has_no_parent(office: Office) -> None:
    assert Unit.objects.filter(pk=office.unit.pk).exists()
    assert intake.normalise_tracking_code("dv 7k3m 9q2x") == "DV-7K3M-9Q2X"


def test_a_complaint_about_a_bodys_decision_is_routed_to_that_body_or_the_nearest_above_it(
    make_letter: MakeLetter, office: Office
) -> None:
    province = org.UnitFactory(name="UBND tỉnh Thử nghiệm")
    department = org.UnitFactory(name="Sở Xây dựng")
    ward_office = org.UnitFactory(name="Văn phòng UBND xã")  # holds no competence itself
    org.UnitLinkFactory(parent=province, child=department)
    org.UnitLinkFactory(parent=office.unit, child=ward_office)
    org.CompetenceFactory(unit=department, letter_kind="complaint")
    org.CompetenceFactory(unit=office.unit, letter_kind="")
    org.CompetenceFactory(unit=province, letter_kind="complaint")  # the area-wide fallback
    letter = make_letter()
    assert handling.propose_unit(letter, about_unit=department) == department
    assert handling.propose_unit(letter, about_unit=ward_office) == office.unit
    classified = handling.letter_classify(
        letter=letter,
        actor=office.receiver,
        data=handling.Classification(
            kind="complaint",
            about_unit=ward_office,
            competent_unit=office.unit,
            summary="Khiếu nại",
        ),
    )
    assert classified.about_unit == ward_office
    assert classified.proposed_unit == office.unit
    assert classified.competence == Competence.OWN
