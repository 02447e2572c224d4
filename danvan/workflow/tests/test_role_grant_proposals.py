"""A role grant is a proposal: an administrator of the unit proposes it, a second administrator
approves it, and only then does the person hold the role."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.errors import ApplicationError
from danvan.core.models import AuditEntry
from danvan.organizations.models import Membership
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org
from danvan.workflow import approvals, proposals
from danvan.workflow.models import ProposalState
from danvan.workflow.role_grants import ROLE_GRANT, grant_arguments

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit() -> Any:
    return org.UnitFactory(name="Ban Dân vận Huyện ủy Thử nghiệm")


@pytest.fixture
def admins(unit: Any) -> dict[str, Any]:
    first = org.MembershipFactory(unit=unit, role=Role.ADMINISTRATOR).user
    second = org.MembershipFactory(unit=unit, role=Role.ADMINISTRATOR).user
    leader = org.MembershipFactory(unit=unit, role=Role.UNIT_LEADER).user
    parent = org.UnitFactory(name="Tỉnh ủy Thử nghiệm")
    org.UnitLinkFactory(parent=parent, child=unit)
    above = org.MembershipFactory(unit=parent, role=Role.ADMINISTRATOR).user
    elsewhere = org.MembershipFactory(role=Role.ADMINISTRATOR).user
    return {"first": first, "second": second, "leader": leader, "above": above,
            "elsewhere": elsewhere}  # fmt: skip


def _propose(unit: Any, actor: Any, person: Any, **kwargs: Any) -> Any:
    return proposals.propose(
        service_key=ROLE_GRANT, actor=actor,
        arguments=grant_arguments(unit=unit, user=person, role=Role.HANDLING_OFFICER, **kwargs),
        reasons="Bổ sung cán bộ xử lý đơn thư theo quyết định điều động.",
    )  # fmt: skip


def test_the_role_grant_is_a_registered_approvable_service() -> None:
    entry = approvals.service(ROLE_GRANT)
    assert entry is not None
    assert "quản trị viên thứ hai" in str(entry.approval.label)


def test_the_membership_exists_only_once_a_second_administrator_approves(
    unit: Any, admins: dict[str, Any]
) -> None:
    person = org.UserFactory(full_name="Trịnh Văn Mới")
    proposal = _propose(unit, admins["first"], person, position_title="Chuyên viên")
    assert proposal.title.startswith("Giao Trịnh Văn Mới vai trò")
    assert proposals.subject_of(proposal) == unit
    assert not Membership.objects.filter(user=person).exists()

    with pytest.raises(PermissionDenied):  # the proposer is not the second administrator
        proposals.approve(proposal=proposal, actor=admins["first"])
    with pytest.raises(PermissionDenied, match="quản trị viên thứ hai"):
        proposals.approve(proposal=proposal, actor=admins["leader"])
    with pytest.raises(PermissionDenied):
        proposals.approve(proposal=proposal, actor=admins["elsewhere"])
    assert not Membership.objects.filter(user=person).exists()
    assert proposals.awaiting_my_approval(admins["second"]) == [proposal]
    assert proposals.awaiting_my_approval(admins["above"]) == [proposal]
    assert proposals.awaiting_my_approval(admins["first"]) == []

    proposals.approve(proposal=proposal, actor=admins["second"])
    membership = Membership.objects.get(user=person)
    assert (membership.unit, membership.role, membership.position_title) == (
        unit, Role.HANDLING_OFFICER, "Chuyên viên",
    )  # fmt: skip
    granted = AuditEntry.objects.get(action="organizations.membership.granted")
    assert granted.actor == admins["second"]
    assert granted.reason.startswith("Bổ sung cán bộ")
    approved = AuditEntry.objects.get(action="workflow.proposal.approved")
    assert (approved.target_type, approved.target_id) == ("organizations.unit", str(unit.pk))
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by) == (ProposalState.APPROVED, admins["second"])


def test_an_administrator_of_a_unit_above_may_be_the_second(
    unit: Any, admins: dict[str, Any]
) -> None:
    person = org.UserFactory()
    proposal = _propose(unit, admins["first"], person)
    proposals.approve(proposal=proposal, actor=admins["above"])
    assert Membership.objects.filter(user=person, unit=unit).exists()


def test_only_administrators_of_the_unit_propose_and_the_arguments_are_checked(
    unit: Any, admins: dict[str, Any]
) -> None:
    person = org.UserFactory()
    with pytest.raises(PermissionDenied):
        _propose(unit, admins["leader"], person)
    with pytest.raises(PermissionDenied):
        _propose(unit, admins["elsewhere"], person)
    with pytest.raises(ValidationError):
        _propose(unit, admins["first"], person, effective_from=dt.date(2026, 5, 1),
                 effective_to=dt.date(2026, 4, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        proposals.propose(service_key=ROLE_GRANT, actor=admins["first"],
                          arguments={"unit": unit.pk, "user": person.pk, "role": "king"},
                          reasons="x")  # fmt: skip
    assert not Membership.objects.filter(user=person).exists()


def test_a_grant_that_became_impossible_is_refused_on_approval_and_stays_pending(
    unit: Any, admins: dict[str, Any]
) -> None:
    person = org.UserFactory()
    proposal = _propose(unit, admins["first"], person)
    org.MembershipFactory(user=person, unit=unit, role=Role.HANDLING_OFFICER)  # meanwhile
    with pytest.raises(ApplicationError):
        proposals.approve(proposal=proposal, actor=admins["second"])
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
    assert Membership.objects.filter(user=person).count() == 1


def test_a_role_grant_awaiting_tells_the_other_administrators_of_the_unit_and_above(
    unit: Any, admins: dict[str, Any]
) -> None:
    from danvan.notifications.models import Message
    from danvan.workflow.choices import NoticeKind
    from danvan.workflow.models import StaffNotification

    proposal = _propose(unit, admins["first"], org.UserFactory(full_name="Trịnh Văn Mới"))
    told = StaffNotification.objects.filter(proposal=proposal)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [admins["second"].pk, admins["above"].pk]
    )
    assert set(told.values_list("kind", flat=True)) == {NoticeKind.AWAITING}
    assert Message.objects.filter(event="workflow.staff_notification").count() == 2
    assert unit.name in Message.objects.filter(event="workflow.staff_notification").first().body
    proposals.return_with_comments(
        proposal=proposal, actor=admins["second"], comments="Ghi rõ quyết định điều động."
    )
    (returned,) = StaffNotification.objects.filter(kind=NoticeKind.RETURNED)
    assert returned.recipient_id == admins["first"].pk
