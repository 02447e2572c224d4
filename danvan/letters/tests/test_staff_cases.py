"""Back office: the cases list and the case's page with the work on it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core import calendar
from danvan.documents.testing import issue_drafts_about
from danvan.letters.choices import (
    CaseOutcome,
    ComplexityGround,
    LetterKind,
    NoteKind,
    SuspensionGround,
    TerminationGround,
    WithdrawalScope,
)
from danvan.letters.models import Case, CaseNote, Letter, Publication, Signer
from danvan.letters.services import cases, intake
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories as lf
from danvan.letters.views.staff.case_actions import signer_choices
from danvan.workflow import proposals
from danvan.workflow.models import Proposal

pytestmark = pytest.mark.django_db

LIST = reverse("letters:staff-case-list")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world() -> lf.World:
    return lf.make_world()


def url(name: str, case: Case) -> str:
    return reverse(f"letters:staff-case-{name}", args=[case.pk])


def today() -> dt.date:
    return calendar.today_local()


def assigned_case(office: lf.Office, **kwargs) -> Case:
    """A complaint accepted by the leader, resolved by the leader, handled by ``handler``."""
    letter = lf.receive(office.unit, office.receiver, **kwargs).letter
    case = lf.accept(letter, office.leader, resolver=office.leader)
    return cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])


# --- the list ---------------------------------------------------------------------------------


def test_case_list_shows_cases_with_deadlines(client, world):
    office = world.office
    case = assigned_case(office)
    late = assigned_case(office, subject="Khiếu nại quá hạn", content="Nội dung khác hẳn số hai.")
    Case.objects.filter(pk=late.pk).update(due_on=today() - dt.timedelta(days=2))
    client.force_login(office.handler)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert case.number in page
    assert reverse("letters:staff-case-detail", args=[case.pk]) in page
    assert "Overdue" in page
    assert "working days left" in page
    page = client.get(LIST, {"urgency": "overdue"}).content.decode()
    assert late.number in page
    assert case.number not in page
    page = client.get(LIST, {"status": CaseStatus.DECIDED}).content.decode()
    assert case.number not in page


@pytest.mark.parametrize(
    "params", [{"status": "nope"}, {"urgency": "\x00"}, {"page": "x"}, {"page": "-5"}]
)
def test_case_list_survives_junk(client, world, params):
    assigned_case(world.office)
    client.force_login(world.office.leader)
    assert client.get(LIST, params).status_code == 200


def test_case_list_queries_do_not_grow_with_rows(client, world, django_assert_num_queries):
    office = world.office
    assigned_case(office)
    client.force_login(office.leader)
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(4):
        person = intake.SignerInput(full_name=f"Người khiếu nại {i}", phone=f"09120000{i:02d}")
        assigned_case(office, subject=f"Vụ {i}", signers=[person])
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(LIST).status_code == 200


def test_case_list_scope(client, world):
    case = assigned_case(world.office)
    client.force_login(world.elsewhere.leader)
    assert case.number not in client.get(LIST).content.decode()
    client.force_login(world.citizen)
    assert client.get(LIST).status_code == 403


# --- the page ---------------------------------------------------------------------------------


def test_case_page_shows_the_case_and_its_deadline_with_the_rule(client, world):
    office = world.office
    case = assigned_case(office)
    client.force_login(office.handler)
    response = client.get(reverse("letters:staff-case-detail", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert case.number in page
    assert office.leader.get_full_name() in page
    assert office.handler.get_full_name() in page
    assert case.due_rule.legal_basis in page
    assert case.due_on.strftime("%d/%m/%Y") in page
    assert "working days left" in page
    assert reverse("letters:staff-letter-detail", args=[case.letter_id]) in page
    assert url("note", case) in page  # the handler works on it
    # Only the head decides (Luật Khiếu nại Art. 31(1)): the handler may only propose it.
    assert "Propose for approval: Issue the decision" in page
    assert url("assign", case) not in page


def test_leader_assigns_handlers(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    case = lf.accept(letter, office.leader)
    client.force_login(office.leader)
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    assert url("assign", case) in page
    # The assign form (the verification form after it may name the inspectorate's people).
    assign_form = page.split('id="action-assign"')[1].split('id="action-')[0]
    assert office.inspector.get_full_name() not in assign_form
    data = {
        "assign-version": case.version,
        "assign-handlers": [office.handler.pk, office.other_handler.pk],
        "assign-resolver": office.leader.pk,
    }
    assert client.post(url("assign", case), data).status_code == 302
    case.refresh_from_db()
    assert set(case.assignments.values_list("user_id", flat=True)) == {
        office.handler.pk,
        office.other_handler.pk,
    }
    assert case.resolver == office.leader
    # The inspector is not a handler of the unit: refused by the form.
    data = {"assign-version": case.version, "assign-handlers": [office.inspector.pk]}
    response = client.post(url("assign", case), data)
    assert response.status_code == 200
    client.force_login(office.handler)
    assert client.post(url("assign", case), data).status_code == 403


def test_handler_adds_dialogue_minutes(client, world):
    office = world.office
    case = assigned_case(office)
    client.force_login(office.handler)
    data = {
        "note-version": case.version,
        "note-kind": NoteKind.DIALOGUE,
        "note-occurred_on": today().isoformat(),
        "note-participants": "Đại diện UBND xã, người khiếu nại",
        "note-text": "Hai bên trao đổi về việc thu hồi đất.",
        "note-refusal_reason": "",
    }
    response = client.post(url("note", case), data)
    assert response.status_code == 200  # not signed by all, and no reason given
    assert "Say who did not sign the minutes and why." in response.content.decode()
    data["note-signed_by_all"] = "on"
    assert client.post(url("note", case), data).status_code == 302
    note = CaseNote.objects.get(case=case)
    assert note.signed_by_all
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    assert "Hai bên trao đổi về việc thu hồi đất." in page


def test_an_unassigned_handling_officer_reads_but_does_not_work_on_the_case(client, world):
    office = world.office
    case = assigned_case(office)
    client.force_login(office.other_handler)
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    assert url("note", case) not in page
    data = {"note-version": case.version, "note-kind": NoteKind.OTHER, "note-text": "x"}
    assert client.post(url("note", case), data).status_code == 403


def test_head_marks_complexity_and_extends_a_denunciation(client, world):
    office = world.office
    letter = lf.denunciation(office.unit, office.receiver)
    case = lf.accept(letter, office.leader, resolver=office.leader)
    client.force_login(office.leader)
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    # Extended only once marked complicated (Luật Tố cáo Art. 30): offered from then on.
    assert url("extend", case) not in page
    data = {
        "complexity-version": case.version,
        "complexity-grounds": [ComplexityGround.SEVERAL_PLACES, ComplexityGround.MANY_PEOPLE],
        "complexity-reason": "Phải xác minh tại nhiều nơi, nhiều người liên quan.",
    }
    assert client.post(url("complexity", case), data).status_code == 302
    case.refresh_from_db()
    assert case.complexity == "especially_complex"
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    assert url("extend", case) in page
    due = case.due_on
    data = {
        "extend-version": case.version,
        "extend-days": "31",
        "extend-decided_on": today().isoformat(),
        "extend-reason": "Cần thêm thời gian xác minh.",
    }
    assert client.post(url("extend", case), data).status_code == 200  # more than 30 days
    data["extend-days"] = "30"
    assert client.post(url("extend", case), data).status_code == 302
    case.refresh_from_db()
    assert case.due_on > due
    assert case.extensions.count() == 1


def test_extension_is_not_offered_for_a_complaint(client, world):
    office = world.office
    case = assigned_case(office)
    client.force_login(office.leader)
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    assert url("extend", case) not in page
    assert url("complexity", case) in page


def test_head_suspends_and_resumes(client, world):
    office = world.office
    case = assigned_case(office)
    client.force_login(office.leader)
    data = {
        "suspend-version": case.version,
        "suspend-ground": SuspensionGround.KN_WAITING,
        "suspend-explanation": "Chờ kết quả giám định.",
        "suspend-started_on": today().isoformat(),
    }
    assert client.post(url("suspend", case), data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SUSPENDED
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    assert "Clock stopped" in page
    assert url("resume", case) in page
    assert url("decide", case) not in page
    data = {"resume-version": case.version, "resume-resumed_on": today().isoformat()}
    assert client.post(url("resume", case), data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS


def test_withdrawal_by_every_signer_ends_the_case(client, world):
    office = world.office
    case = assigned_case(office)
    signer = Signer.objects.get(letter=case.letter)
    client.force_login(office.handler)
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    assert lf.COMPLAINANT.full_name in page  # the handler may read who signed
    data = {
        "withdraw-version": case.version,
        "withdraw-confirm": "on",
        "withdraw-scope": WithdrawalScope.WHOLE,
        "withdraw-signers": [signer.pk],
        "withdraw-received_on": today().isoformat(),
    }
    assert client.post(url("withdraw", case), data).status_code == 302
    # Ending the resolution is the head's decision (Luật Khiếu nại Art. 10; DOMAIN.md §12.1d):
    # the handler's record leaves the case open, and the handler proposes the termination.
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    assert "Propose for approval: End the resolution" in page
    client.force_login(office.leader)
    data = {
        "terminate-version": case.version,
        "terminate-confirm": "on",
        "terminate-ground": TerminationGround.KN_WITHDRAWN,
    }
    assert client.post(url("terminate", case), data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.TERMINATED


def test_signers_without_identity_are_listed_by_position(world):
    case = assigned_case(world.office)
    choices = signer_choices(case, None)
    assert [label for _pk, label in choices] == ["Signer 1"]


def test_decide_send_and_publish(client, world):
    office = world.office
    case = assigned_case(office, kind=LetterKind.PETITION)
    client.force_login(office.leader)
    data = {
        "decide-version": case.version,
        "decide-confirm": "on",
        "decide-outcome": CaseOutcome.ANSWERED,
        "decide-decided_on": today().isoformat(),
        "decide-findings": "Đã kiểm tra thực tế.",
        "decide-conclusion": "Xã sẽ sửa đường trong quý tới.",
    }
    assert client.post(url("decide", case), data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    issue_drafts_about(case)
    data = {"send-version": case.version, "send-confirm": "on", "send-sent_on": today().isoformat()}
    assert client.post(url("send", case), data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    Letter.objects.filter(pk=case.letter_id).update(publish_consent=True)
    leaky = {
        "publish-version": case.version,
        "publish-title": "Trả lời kiến nghị",
        "publish-text": f"Trả lời ông {lf.COMPLAINANT.full_name}: xã sẽ sửa đường.",
        "publish-starts_on": today().isoformat(),
    }
    response = client.post(url("publish", case), leaky)
    assert response.status_code == 200
    assert "The text still names a signer" in response.content.decode()
    assert not Publication.objects.exists()
    leaky["publish-text"] = "Xã sẽ sửa đường trong quý tới."
    assert client.post(url("publish", case), leaky).status_code == 302
    assert Publication.objects.filter(letter=case.letter).exists()


def test_terminate_and_stale_versions(client, world):
    office = world.office
    case = assigned_case(office)
    client.force_login(office.handler)
    old = case.version
    cases.case_set_complexity(
        case=case,
        actor=office.leader,
        grounds=[ComplexityGround.SEVERAL_PLACES],
        reason="Nhiều nơi",
    )
    data = {"terminate-version": old, "terminate-ground": TerminationGround.KN_DIED}
    response = client.post(url("terminate", case), data)
    assert response.status_code == 200
    assert "Someone else changed" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    data["terminate-version"] = case.version
    # The handler proposes the termination (with its reasons); the head approves it.
    data["terminate-reasons"] = "Người khiếu nại đã chết, không có người thừa kế quyền."
    assert client.post(url("terminate", case), data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    proposal = Proposal.objects.get(move_key="terminate", object_id=str(case.pk))
    proposals.approve(proposal=proposal, actor=office.leader)
    case.refresh_from_db()
    assert case.status == CaseStatus.TERMINATED


CASE_ACTIONS = [
    "assign",
    "note",
    "complexity",
    "extend",
    "suspend",
    "resume",
    "withdraw",
    "terminate",
    "decide",
    "send",
    "publish",
]


@pytest.mark.parametrize("action", CASE_ACTIONS)
def test_inspectors_may_read_cases_but_not_act(client, world, action):
    case = assigned_case(world.office)
    client.force_login(world.office.inspector)
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk]))
    assert page.status_code == 200
    assert url(action, case) not in page.content.decode()
    assert client.post(url(action, case), {f"{action}-version": case.version}).status_code == 403


@pytest.mark.parametrize("action", CASE_ACTIONS)
def test_case_actions_of_another_unit_are_not_found(client, world, action):
    case = assigned_case(world.office)
    client.force_login(world.elsewhere.leader)
    assert client.post(url(action, case), {f"{action}-version": case.version}).status_code == 404
    client.logout()
    response = client.post(url(action, case), {})
    assert response.status_code == 302
    client.force_login(world.citizen)
    assert client.post(url(action, case), {}).status_code == 403
