"""Proposal and approval on the kit's permit module: an officer proposes a grant, the head of
the unit returns it with comments, the officer proposes again, the head approves and the grant
happens once through the gate; refusals say why; two approvals at once grant once."""

from __future__ import annotations

import io
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfWriter

from danvan.core.errors import ApplicationError
from danvan.core.gate import InvalidTransitionError, StaleObjectError
from danvan.core.models import AuditEntry
from danvan.workflow import approvals, proposals
from danvan.workflow.attachments import AttachmentRejectedError
from danvan.workflow.models import (
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalState,
    ProposalVersion,
)
from danvan.workflow.tests.kitapp.models import Permit, PermitStatus, PermitStatusChange
from danvan.workflow.tests.kitapp.workflows import PERMIT_WORKFLOW

pytestmark = pytest.mark.django_db


def _pdf(name: str = "to-trinh.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _audit(action: str, target: Any) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=action,
            target_type=f"{target._meta.app_label}.{target._meta.model_name}",
            target_id=str(target.pk),
        ).order_by("id")
    )


def test_the_grant_move_is_declared_as_needing_the_heads_approval() -> None:
    approval = approvals.approval_of(PERMIT_WORKFLOW.get("grant"))
    assert approval is not None
    assert "head" in str(approval.label)
    assert approvals.approval_of(PERMIT_WORKFLOW.get("refuse")) is None
    assert approvals.workflow_for(Permit) is PERMIT_WORKFLOW


def test_a_proposal_records_what_is_proposed_and_changes_nothing_yet(office: Any) -> None:
    permit = office.permit()
    proposal = office.propose_grant(permit, changes={"note": "Trong giờ hành chính"},
                                    files=[_pdf()])  # fmt: skip
    proposal.refresh_from_db()
    assert (proposal.state, proposal.move_key, proposal.to_status, proposal.revision) == (
        ProposalState.PENDING, "grant", PermitStatus.GRANTED, 1,
    )  # fmt: skip
    assert proposal.arguments == {"note": "Trong giờ hành chính"}
    assert proposals.subject_of(proposal) == permit
    version = proposal.versions.get()
    assert version.draft == "Cấp giấy phép cho Hội Nông dân xã."
    attachment = ProposalAttachment.objects.get(version=version)
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    permit.refresh_from_db()
    assert (permit.status, permit.version, permit.note) == (PermitStatus.SUBMITTED, 1, "")
    assert not PermitStatusChange.objects.exists()
    assert len(_audit("workflow.proposal.proposed", permit)) == 1
    assert [(e.from_status, e.to_status) for e in proposals.proposal_events_for(permit)] == [
        ("", ProposalState.PENDING)
    ]


def test_proposing_needs_the_moves_power_its_state_and_reasons(office: Any) -> None:
    permit = office.permit()
    with pytest.raises(PermissionDenied):
        proposals.propose(obj=permit, move_key="grant", actor=office.clerk, reasons="Đề nghị")
    with pytest.raises(ApplicationError, match="không cần phê duyệt"):
        proposals.propose(obj=permit, move_key="refuse", actor=office.officer, reasons="Lý do")
    with pytest.raises(ApplicationError):
        proposals.propose(obj=permit, move_key="grant", actor=office.officer, reasons="  ")
    with pytest.raises(InvalidTransitionError):  # a draft is not yet grantable
        office.propose_grant(office.permit(PermitStatus.DRAFT))
    office.propose_grant(permit)
    with pytest.raises(ApplicationError):  # one open proposal of a move at a time
        office.propose_grant(permit)
    with pytest.raises(ApplicationError):  # the gate's own fields are not proposable
        office.propose_grant(office.permit(), changes={"status": "granted"})
    assert Proposal.objects.count() == 1


def test_return_then_propose_again_keeps_every_version_and_comment(office: Any) -> None:
    permit = office.permit()
    proposal = office.propose_grant(permit)
    assert proposals.awaiting_my_approval(office.head) == [proposal]
    assert proposals.awaiting_my_approval(office.officer) == []  # not one's own
    assert proposals.awaiting_my_approval(office.other_head) == []

    proposals.return_with_comments(
        proposal=proposal, actor=office.head, comments="Bổ sung sơ đồ địa điểm."
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RETURNED
    assert list(proposals.returned_to_me(office.officer)) == [proposal]
    assert proposals.awaiting_my_approval(office.head) == []
    with pytest.raises(InvalidTransitionError):
        proposals.approve(proposal=proposal, actor=office.head)

    proposals.propose_again(
        proposal=proposal, actor=office.officer, reasons="Đã bổ sung sơ đồ.",
        answer="Đã kèm sơ đồ địa điểm.", draft="Cấp giấy phép (bản 2).", files=[_pdf("so-do.pdf")],
    )  # fmt: skip
    proposal.refresh_from_db()
    assert (proposal.state, proposal.revision) == (ProposalState.PENDING, 2)
    versions = list(ProposalVersion.objects.filter(proposal=proposal))
    assert [(v.number, v.answer) for v in versions] == [(1, ""), (2, "Đã kèm sơ đồ địa điểm.")]
    assert versions[1].attachments.count() == 1
    events = list(proposals.proposal_events_for(permit))
    assert [(e.to_status, e.revision, e.reason, e.actor) for e in events] == [
        (ProposalState.PENDING, 1, "", office.officer),
        (ProposalState.RETURNED, 1, "Bổ sung sơ đồ địa điểm.", office.head),
        (ProposalState.PENDING, 2, "Đã kèm sơ đồ địa điểm.", office.officer),
    ]
    assert [proposals.event_name(e) for e in events] == [
        "Đã trình", "Đã trả lại kèm ý kiến", "Đã trình lại",
    ]  # fmt: skip
    assert len(_audit("workflow.proposal.returned", permit)) == 1
    assert len(_audit("workflow.proposal.revised", permit)) == 1
    assert list(proposals.returned_to_me(office.officer)) == []


def test_approval_makes_the_move_once_through_the_gate(office: Any) -> None:
    permit = office.permit()
    proposal = office.propose_grant(permit, changes={"note": "Trong giờ hành chính"})
    proposals.approve(proposal=proposal, actor=office.head, comment="Đồng ý.")

    permit.refresh_from_db()
    assert (permit.status, permit.version, permit.note) == (
        PermitStatus.GRANTED, 2, "Trong giờ hành chính",
    )  # fmt: skip
    change = PermitStatusChange.objects.get(permit=permit)
    assert (change.from_status, change.to_status, change.actor, change.reason) == (
        PermitStatus.SUBMITTED, PermitStatus.GRANTED, office.head, "Đồng ý.",
    )  # fmt: skip
    [moved] = _audit("kitapp.permit.status", permit)
    assert moved.actor == office.head
    assert moved.extra == {"from": "submitted", "to": "granted", "proposal": proposal.pk}
    [approved] = _audit("workflow.proposal.approved", permit)
    assert approved.actor == office.head
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by) == (ProposalState.APPROVED, office.head)
    assert proposal.decided_at is not None
    assert ProposalEvent.objects.filter(proposal=proposal).count() == 2
    assert len(_audit("workflow.proposal.status", proposal)) == 2

    with pytest.raises(InvalidTransitionError):  # approved once: not again
        proposals.approve(proposal=proposal, actor=office.deputy_head)
    assert PermitStatusChange.objects.filter(permit=permit).count() == 1


def test_an_approver_without_the_power_and_the_proposer_are_refused_in_words(
    office: Any,
) -> None:
    proposal = office.propose_grant()
    with pytest.raises(
        PermissionDenied, match=r"^Chỉ the head of the permit's unit mới được phê duyệt"
    ):
        proposals.approve(proposal=proposal, actor=office.other_head)
    with pytest.raises(PermissionDenied, match="Chỉ"):
        proposals.approve(proposal=proposal, actor=office.colleague)
    with pytest.raises(PermissionDenied, match="đã tự mình trình"):
        proposals.approve(proposal=proposal, actor=office.officer)
    with pytest.raises(PermissionDenied):
        proposals.return_with_comments(proposal=proposal, actor=office.officer, comments="x")
    with pytest.raises(PermissionDenied):
        proposals.withdraw(proposal=proposal, actor=office.head)
    with pytest.raises(PermissionDenied):
        proposals.propose_again(proposal=proposal, actor=office.head, reasons="x", answer="y")
    with pytest.raises(ApplicationError):
        proposals.return_with_comments(proposal=proposal, actor=office.head, comments=" ")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    assert Permit.objects.get().status == PermitStatus.SUBMITTED


def test_approval_checks_the_object_again_and_leaves_the_proposal_pending(
    office: Any,
) -> None:
    permit = office.permit()
    proposal = office.propose_grant(permit)
    PERMIT_WORKFLOW.transition(permit, to=PermitStatus.WITHDRAWN, key="withdraw",
                               actor=office.clerk)  # fmt: skip
    with pytest.raises(InvalidTransitionError):
        proposals.approve(proposal=proposal, actor=office.head)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.version) == (ProposalState.PENDING, 1)
    assert not _audit("workflow.proposal.approved", permit)


def test_an_approval_sent_against_an_older_version_is_told(office: Any) -> None:
    proposal = office.propose_grant()
    proposals.return_with_comments(proposal=proposal, actor=office.head, comments="Sửa lại.")
    proposals.propose_again(proposal=proposal, actor=office.officer, reasons="Đã sửa.",
                            answer="Đã sửa theo ý kiến.")  # fmt: skip
    stale = Proposal.objects.get(pk=proposal.pk)
    with pytest.raises(StaleObjectError):
        proposals.approve(proposal=stale, actor=office.head, expected_version=1)
    assert Permit.objects.get().status == PermitStatus.SUBMITTED


def test_the_proposer_withdraws_and_nothing_happens(office: Any) -> None:
    permit = office.permit()
    proposal = office.propose_grant(permit)
    proposals.withdraw(proposal=proposal, actor=office.officer, reason="Người dân rút hồ sơ.")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN
    assert proposals.awaiting_my_approval(office.head) == []
    assert len(_audit("workflow.proposal.withdrawn", permit)) == 1
    office.propose_grant(permit)  # a withdrawn proposal leaves room for a new one


def test_attachments_are_checked_by_content_size_and_count(office: Any, settings: Any) -> None:
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(AttachmentRejectedError, match=r"quyet-dinh\.pdf"):
        office.propose_grant(files=[fake])
    with pytest.raises(AttachmentRejectedError):
        office.propose_grant(files=[_pdf(f"{n}.pdf") for n in range(6)])
    settings.DANVAN_PROPOSAL_MAX_FILE_MB = 0
    with pytest.raises(AttachmentRejectedError):
        office.propose_grant(files=[_pdf()])
    assert not Proposal.objects.exists()
    assert not ProposalAttachment.objects.exists()


def test_the_awaiting_list_reads_a_fixed_number_of_queries(office: Any) -> None:
    def read() -> tuple[int, int]:
        head = type(office.head).objects.get(pk=office.head.pk)  # no roles cached yet
        with CaptureQueriesContext(connection) as queries:
            rows = proposals.awaiting_my_approval(head)
        return len(queries), len(rows)

    office.propose_grant()
    one = read()
    for _ in range(4):
        office.propose_grant()
    five = read()
    assert (one[1], five[1]) == (1, 5)
    assert five[0] == one[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_grant_once(office: Any) -> None:
    permit = office.permit()
    proposal = office.propose_grant(permit)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def act(person: Any) -> None:
        try:
            copy = Proposal.objects.get(pk=proposal.pk)
            barrier.wait()
            proposals.approve(proposal=copy, actor=person)
            results.append("approved")
        except (StaleObjectError, InvalidTransitionError):
            results.append("told")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(p,)) for p in (office.head, office.deputy_head)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["approved", "told"]
    permit.refresh_from_db()
    assert (permit.status, permit.version) == (PermitStatus.GRANTED, 2)
    assert PermitStatusChange.objects.filter(permit=permit).count() == 1
    assert len(_audit("workflow.proposal.approved", permit)) == 1
    assert len(_audit("kitapp.permit.status", permit)) == 1
