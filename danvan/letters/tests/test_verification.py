"""Verification assigned by the head (giao xác minh), declarations of ties, recusal, and the
superior taking a denunciation over (DOMAIN.md §12.1a, §12.1b, §12.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from danvan.accounts.models import User
from danvan.core import calendar
from danvan.letters import deadlines, policies
from danvan.letters.choices import LetterKind, RecusalRole, Tie
from danvan.letters.errors import CaseError
from danvan.letters.models import (
    Case,
    CaseNote,
    Escalation,
    Letter,
    Recusal,
    Verification,
    VerificationReport,
)
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import cases, verification
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests import factories as lf
from danvan.organizations.models import Unit
from danvan.organizations.models.units import UnitKind
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org
from danvan.workflow import proposals

pytestmark = pytest.mark.django_db

TODAY = calendar.today_local


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The messages are matched in English (the site's language is Vietnamese)."""
    with translation.override("en"):
        yield


@dataclass
class Setting:
    """A province above a commune; the commune's inspectorate under it with two inspectors."""

    province: lf.Office
    commune: lf.Office
    inspectorate: Unit
    inspectors: tuple[User, User]


@pytest.fixture
def world() -> Setting:
    province = lf.make_office("Ủy ban nhân dân tỉnh Thử nghiệm")
    commune = lf.make_office()
    org.UnitLinkFactory(parent=province.unit, child=commune.unit)
    inspectorate = org.UnitFactory(name="Thanh tra xã Thử nghiệm", kind=UnitKind.INSPECTORATE)
    org.UnitLinkFactory(parent=commune.unit, child=inspectorate)
    first = lf.member(inspectorate, Role.INSPECTOR)
    second = lf.member(inspectorate, Role.INSPECTOR)
    return Setting(province, commune, inspectorate, (first, second))


def _denunciation_case(office: lf.Office, received_on: dt.date | None = None) -> Case:
    letter = lf.denunciation(office.unit, office.receiver, received_on=received_on)
    case = lf.accept(letter, office.leader, accepted_on=received_on or TODAY())
    return cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])


def _complaint_case(office: lf.Office) -> Case:
    letter = lf.receive(office.unit, office.receiver).letter
    case = lf.accept(letter, office.leader)
    return cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])


def _verify(case: Case, actor: Any, unit: Unit, leader: User, *members: User, **kw: Any) -> Any:
    return verification.case_verify(
        case=case,
        actor=actor,
        unit=unit,
        leader_id=leader.pk,
        member_ids=[m.pk for m in members],
        due_on=kw.pop("due_on", case.due_on),
        **kw,
    )


def _report(case: Case, actor: Any, **overrides: Any) -> VerificationReport:
    values: dict[str, Any] = {
        "subject": "Nội dung tố cáo cán bộ địa chính",
        "verified_from": TODAY(),
        "verified_to": TODAY(),
        "content": "Làm việc với người bị tố cáo và người liên quan.",
        "result": "Có việc nhận tiền.",
        "conclusion": "Tố cáo đúng một phần.",
        "recommendation": "Kiến nghị xử lý kỷ luật.",
        "dissent": "Một thành viên cho rằng chưa đủ căn cứ.",
    }
    values.update(overrides)
    return verification.case_report(case=case, actor=actor, **values)


def _reload(case: Case) -> Case:
    return Case.objects.select_related("letter", "unit").get(pk=case.pk)


def test_only_the_head_assigns_verification(world):
    """Luật Khiếu nại Art. 29(1), 31(1); Luật Tố cáo Art. 32: the resolver verifies or assigns
    verification; neither a handler nor the receiving officer may."""
    office = world.commune
    case = _denunciation_case(office)
    for someone in (office.handler, office.receiver, office.inspector):
        with pytest.raises(PermissionDenied):
            _verify(case, someone, office.unit, office.handler, office.other_handler)
    assert not Verification.objects.filter(case=case).exists()

    # The head may verify personally: he names himself on the team.
    done = _verify(case, office.leader, office.unit, office.leader, office.handler)
    assert done.assigned_by == office.leader
    assert done.document is not None
    assert done.document.template_key == "letters.verification"
    assert [(m.user, m.is_leader) for m in done.members.order_by("-is_leader", "pk")] == [
        (office.leader, True),
        (office.handler, False),
    ]


def test_an_officer_proposes_verification_and_the_head_approves(world):
    """Luật Khiếu nại Art. 29(1); NĐ 31/2019 Art. 10: the handler proposes the team, the head
    decides (TT 05/2021 Art. 13 for the pattern: officers propose, the head decides)."""
    office = world.commune
    case = _denunciation_case(office)
    first, second = world.inspectors
    proposal = proposals.propose(
        actor=office.handler,
        reasons="Cần Thanh tra xã xác minh.",
        obj=case,
        move_key="verify",
        changes={
            "unit": world.inspectorate.pk,
            "leader": first.pk,
            "members": [second.pk],
            "assigned_on": TODAY().isoformat(),
            "due_on": case.due_on.isoformat(),
        },
    )
    assert not Verification.objects.filter(case=case).exists()
    with pytest.raises(PermissionDenied):
        proposals.approve(proposal=proposal, actor=office.inspector)
    proposals.approve(proposal=proposal, actor=office.leader)
    done = Verification.objects.get(case=case)
    assert done.unit == world.inspectorate
    assert done.assigned_by == office.leader
    assert set(done.members.values_list("user_id", flat=True)) == {first.pk, second.pk}


def test_a_denunciations_team_has_at_least_two_people_a_complaints_may_be_one(world):
    """NĐ 31/2019 Art. 10(3): a denunciation's team has at least two people, one the leader;
    the rule is the denunciation's (Luật Khiếu nại Art. 29(1) lets the head verify alone)."""
    office = world.commune
    case = _denunciation_case(office)
    with pytest.raises(CaseError, match="at least two"):
        _verify(case, office.leader, office.unit, office.handler)
    # The leader named twice is still one person.
    with pytest.raises(CaseError, match="at least two"):
        _verify(case, office.leader, office.unit, office.handler, office.handler)
    complaint = _complaint_case(office)
    done = _verify(complaint, office.leader, office.unit, office.leader)
    assert done.members.count() == 1


def test_the_verification_is_not_due_after_the_resolution_deadline(world):
    """TT 07/2013 Art. 7: the verification's time (even extended) stays within the time to
    resolve the case."""
    office = world.commune
    case = _denunciation_case(office)
    with pytest.raises(CaseError, match="resolution deadline"):
        _verify(
            case, office.leader, office.unit, office.handler, office.other_handler,
            due_on=case.due_on + dt.timedelta(days=1),
        )  # fmt: skip
    done = _verify(case, office.leader, office.unit, office.handler, office.other_handler)
    assert done.due_on == case.due_on


def test_an_inspectorate_team_sees_the_case_declares_works_and_reports(world, client):
    """Luật Khiếu nại Art. 25(1), 29(4); Luật Tố cáo Art. 32; NĐ 31/2019 Art. 10(1): the
    inspectorate verifies when assigned, each verifier declares first, the leader reports; the
    decision stays the head's (Luật Khiếu nại Art. 31(1))."""
    office = world.commune
    leader, member = world.inspectors
    case = _denunciation_case(office)
    assert not LetterPolicy(leader).can_view_letter(case.letter)
    _verify(case, office.leader, world.inspectorate, leader, member)
    case = _reload(case)
    policy = LetterPolicy(leader)
    assert policy.can_view_letter(case.letter)
    assert policy.works_on(case)
    # The law's rule on the identity: those working on the case may read it.
    assert policy.can_view_identity(case.letter)

    # Nothing before declaring.
    with pytest.raises(PermissionDenied):
        cases.case_note_add(case=case, actor=leader, kind="verification",
                            occurred_on=TODAY(), text="Làm việc tại xã.")  # fmt: skip
    with pytest.raises(PermissionDenied):
        _report(case, leader)
    verification.case_declare(case=case, actor=leader, tie=Tie.NONE)
    verification.case_declare(case=_reload(case), actor=member, tie=Tie.NONE)
    case = _reload(case)
    note = cases.case_note_add(case=case, actor=leader, kind="verification",
                               occurred_on=TODAY(), text="Làm việc tại xã.")  # fmt: skip
    assert CaseNote.objects.filter(pk=note.pk, author=leader).exists()

    # Only the leader submits the report.
    with pytest.raises(PermissionDenied):
        _report(_reload(case), member)
    report = _report(_reload(case), leader)
    assert leader.get_full_name() in report.verifiers
    assert member.get_full_name() in report.verifiers
    assert report.dissent

    # The decision is never the inspectorate's.
    with pytest.raises(PermissionDenied):
        cases.case_decide(case=_reload(case), actor=leader, outcome="upheld",
                          findings="Kết quả.", conclusion="Đúng.")  # fmt: skip

    # The case's page says who resolves and who verifies.
    client.force_login(leader)
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert office.leader.get_full_name() in html
    assert world.inspectorate.name in html
    assert leader.get_full_name() in html
    assert member.get_full_name() in html
    assert case.due_on.strftime("%d/%m/%Y") in html


def test_the_report_states_every_content_the_law_names(world):
    """Luật Khiếu nại Art. 29(4): subject, time, verifiers, content, result, conclusion and
    recommendation."""
    office = world.commune
    case = _denunciation_case(office)
    _verify(case, office.leader, office.unit, office.handler, office.other_handler)
    for person in (office.handler, office.other_handler):
        verification.case_declare(case=_reload(case), actor=person, tie=Tie.NONE)
    for missing in ("subject", "content", "result", "conclusion", "recommendation"):
        with pytest.raises(CaseError, match=r"Art\. 29"):
            _report(_reload(case), office.handler, **{missing: "  "})
    with pytest.raises(CaseError, match=r"Art\. 29"):
        _report(_reload(case), office.handler, verified_to=None)
    assert not VerificationReport.objects.exists()
    _report(_reload(case), office.handler)
    # One report per assignment.
    with pytest.raises(CaseError):
        _report(_reload(case), office.handler)


def test_a_declared_tie_recuses_the_verifier_and_the_head_replaces_them(world):
    """NĐ 31/2019 Art. 10(1), (3): one whose sibling is the person denounced may not verify;
    the recusal is recorded with its ground, the team is completed by the head."""
    office = world.commune
    leader, member = world.inspectors
    case = _denunciation_case(office)
    _verify(case, office.leader, world.inspectorate, leader, member)
    verification.case_declare(case=_reload(case), actor=leader, tie=Tie.NONE)
    verification.case_declare(
        case=_reload(case), actor=member, tie=Tie.SIBLING, note="Anh ruột người bị tố cáo"
    )
    recusal = Recusal.objects.get(case=case)
    assert (recusal.user, recusal.role, recusal.ground) == (
        member,
        RecusalRole.VERIFIER,
        Tie.SIBLING,
    )
    case = _reload(case)
    assert not LetterPolicy(member).can_view_letter(case.letter)
    assert not LetterPolicy(member).can_view_identity(case.letter)
    # One person left: no report until the head completes the team.
    with pytest.raises(CaseError, match="replacement"):
        _report(case, leader)
    with pytest.raises(CaseError, match="recused"):
        _verify(case, office.leader, world.inspectorate, leader, member)
    third = lf.member(world.inspectorate, Role.INSPECTOR)
    assert member not in LetterPolicy(office.leader).verifier_candidates(case)
    _verify(case, office.leader, world.inspectorate, leader, third)
    # The leader's declaration holds for the new team; the newcomer declares.
    verification.case_declare(case=_reload(case), actor=third, tie=Tie.NONE)
    report = _report(_reload(case), leader)
    assert member.get_full_name() not in report.verifiers
    assert Verification.objects.filter(case=case).count() == 2


def test_a_denounced_head_never_resolves_and_the_superior_takes_the_case_over(world):
    """NĐ 31/2019 Art. 5(1)–(3); Luật Tố cáo Art. 12(1): the person denounced never resolves,
    verifies or reads the identity, even as the unit's head; the superior's head orders the
    handover, the letter is registered at the superior and the deadline restarts from the
    superior's acceptance."""
    office, province = world.commune, world.province
    earlier = TODAY() - dt.timedelta(days=20)
    case = _denunciation_case(office, received_on=earlier)
    first_due = case.due_on
    # Verification shows that the person denounced is the head himself.
    Letter.objects.filter(pk=case.letter_id).update(denounced_user=office.leader)
    case = _reload(case)
    head = LetterPolicy(office.leader)
    assert not head.is_resolver(case)
    assert not head.works_on(case)
    assert not head.can_view_identity(case.letter)
    assert office.leader.pk not in head.assignable(case).resolver_ids
    assert office.leader not in head.verifier_candidates(case)
    with pytest.raises(PermissionDenied):
        cases.case_decide(case=case, actor=office.leader, outcome="rejected",
                          findings="Không có.", conclusion="Không đúng.")  # fmt: skip
    with pytest.raises(PermissionDenied):
        _verify(case, office.leader, office.unit, office.handler, office.other_handler)

    # Nobody at the unit orders the handover; the handler proposes it to the superior's head.
    with pytest.raises(PermissionDenied):
        verification.case_escalate(
            case=case, actor=office.handler, reason="Người giải quyết bị tố cáo."
        )
    with pytest.raises(PermissionDenied):
        verification.case_escalate(case=case, actor=office.leader, reason="Tôi bị tố cáo.")
    proposal = proposals.propose(
        actor=office.handler,
        reasons="Người bị tố cáo là Chủ tịch xã.",
        obj=case,
        move_key="escalate",
        changes={"reason": "Người bị tố cáo là người đứng đầu cơ quan giải quyết."},
    )
    # It awaits the superior's head (found by approver: the cases of the units below theirs),
    # never the head denounced.
    assert [p.pk for p in proposals.awaiting_my_approval(province.leader)] == [proposal.pk]
    assert proposals.awaiting_my_approval(office.leader) == []
    with pytest.raises(PermissionDenied):
        proposals.approve(proposal=proposal, actor=office.leader)
    proposals.approve(proposal=proposal, actor=province.leader)

    case = _reload(case)
    assert case.status == CaseStatus.TRANSFERRED
    escalation = Escalation.objects.get(case=case)
    assert escalation.superior == province.unit
    assert escalation.document is not None
    assert escalation.document.unit_id == province.unit.pk
    new_letter = escalation.letter
    assert new_letter is not None
    assert (new_letter.unit, new_letter.status) == (province.unit, LetterStatus.RECEIVED)
    assert new_letter.source_letter_id == case.letter_id
    assert new_letter.denounced_user == office.leader
    assert not case.assignments.filter(ended_at__isnull=True).exists()

    # The superior's receiving officer classifies and proposes acceptance; its head accepts.
    new_letter = lf.classify(new_letter, province.receiver)
    accept = proposals.propose(
        actor=province.receiver,
        reasons="Đủ điều kiện thụ lý.",
        obj=new_letter,
        move_key="accept",
        changes={"accepted_on": TODAY().isoformat(), "new_facts": True},
    )
    proposals.approve(proposal=accept, actor=province.leader)
    taken = Case.objects.get(letter=new_letter)
    rule = deadlines.rule_in_effect("resolution.denunciation", TODAY())
    assert taken.accepted_on == TODAY()
    assert taken.due_on == deadlines.due_date(rule, TODAY())
    assert taken.due_on > first_due
    assert LetterPolicy(province.leader).is_resolver(taken)
    assert not policies.can_view_identity(office.leader, new_letter)


def test_a_head_who_declares_a_tie_stops_resolving_the_denunciation(world):
    """NĐ 31/2019 Art. 5(1): a resolver with a tie to the person denounced does not resolve;
    the case page says the superior takes it over."""
    office = world.commune
    case = _denunciation_case(office)
    verification.case_declare(case=case, actor=office.leader, tie=Tie.CHILD_IN_LAW)
    case = _reload(case)
    recusal = Recusal.objects.get(case=case)
    assert (recusal.user, recusal.role) == (office.leader, RecusalRole.RESOLVER)
    assert not LetterPolicy(office.leader).is_resolver(case)
    assert not LetterPolicy(office.leader).can_view_identity(case.letter)
    assert LetterPolicy(world.province.leader).is_superior_head(case)


def test_a_complaints_resolver_is_the_author_of_the_decision_but_a_tied_verifier_stands_down(
    world,
):
    """Luật Khiếu nại Art. 7(1): the author of the contested decision resolves the complaint the
    first time, so the superior does not take it over (NĐ 31/2019 Art. 5 is a denunciation's
    rule); a verifier who declares a direct interest is still recused."""
    office = world.commune
    case = _complaint_case(office)
    # The account named as "denounced" has no effect on a complaint.
    Letter.objects.filter(pk=case.letter_id).update(denounced_user=office.leader)
    case = _reload(case)
    assert LetterPolicy(office.leader).is_resolver(case)
    assert LetterPolicy(office.leader).can_view_identity(case.letter)
    with pytest.raises(CaseError, match="Only a denunciation"):
        verification.case_escalate(case=case, actor=world.province.leader, reason="Thử.")
    _verify(case, office.leader, office.unit, office.handler, office.other_handler)
    verification.case_declare(
        case=_reload(case), actor=office.other_handler, tie=Tie.DIRECT_INTEREST,
        note="Có quyền lợi liên quan đến thửa đất",
    )  # fmt: skip
    assert Recusal.objects.filter(case=case, user=office.other_handler).exists()
    assert not LetterPolicy(office.other_handler).works_on(_reload(case))
    # The complaint's team may be one person: the leader reports.
    verification.case_declare(case=_reload(case), actor=office.handler, tie=Tie.NONE)
    _report(_reload(case), office.handler)
    # The decision is the head's, the author of the contested decision.
    decided = cases.case_decide(case=_reload(case), actor=office.leader, outcome="rejected",
                                findings="Kết quả xác minh.", conclusion="Không đúng.",
                                legal_grounds="Luật Đất đai 2024",
                                contested_measure="keep")  # fmt: skip
    assert decided.status == CaseStatus.DECIDED


def test_denounced_person_is_never_offered_as_handler(world):
    """NĐ 31/2019 Art. 10(1): the person denounced is never given the case."""
    office = world.commune
    case = _denunciation_case(office)
    Letter.objects.filter(pk=case.letter_id).update(denounced_user=office.other_handler)
    case = _reload(case)
    assignable = LetterPolicy(office.leader).assignable(case)
    assert office.other_handler.pk not in assignable.handler_ids
    with pytest.raises(CaseError):
        cases.case_assign(case=case, actor=office.leader, handler_ids=[office.other_handler.pk])
    assert case.kind == LetterKind.DENUNCIATION
