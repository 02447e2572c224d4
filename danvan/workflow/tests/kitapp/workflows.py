"""The permit module's declaration on the workflow kit: its states, moves, who may make each and
on which conditions. A citizen's application is submitted by its unit's clerk, granted or
refused by an officer of the unit, and withdrawn while it waits. A grant needs approval: the
officer proposes it and the head of the unit approves it (``danvan.workflow.proposals``)."""

from __future__ import annotations

from danvan.core.actors import Actor
from danvan.core.gate import Guard, Workflow, move
from danvan.organizations import policies as org
from danvan.organizations.roles import Role
from danvan.workflow.approvals import Approval
from danvan.workflow.policies import Policy
from danvan.workflow.tests.kitapp.models import Permit, PermitStatus, PermitStatusChange


class PermitPolicy(Policy):
    def is_clerk(self, permit: Permit) -> bool:
        return self.holds(Role.RECEIVING_OFFICER, permit.unit_id)

    def is_officer(self, permit: Permit) -> bool:
        return self.holds(Role.HANDLING_OFFICER, permit.unit_id)

    def is_handler(self, permit: Permit) -> bool:
        return permit.handler_id is not None and permit.handler_id == self.user_id


#: A permit is granted only once the head of its unit approves the officer's proposal.
HEAD_OF_UNIT = Approval(
    may=lambda user, permit: permit.unit_id in org.unit_ids_where(user, Role.UNIT_LEADER),
    label="the head of the permit's unit",
)

HAS_TITLE = Guard[Permit](lambda p: bool(p.title.strip()), "A permit needs a title.")

PERMIT_WORKFLOW = Workflow[Permit, PermitPolicy](
    model=Permit,
    states=PermitStatus,
    history_model=PermitStatusChange,
    history=lambda permit: {"permit_id": permit.pk},
    audit_name="kitapp.permit.status",
    policy=PermitPolicy,
    initial=PermitStatus.DRAFT,
    relations=("same_unit", "other_unit", "assigned"),
    stale_message="Someone else changed this permit.",
    moves=(
        move("submit", sources={PermitStatus.DRAFT}, targets={PermitStatus.SUBMITTED},
             may=PermitPolicy.is_clerk, guards=[HAS_TITLE]),
        move("grant", sources={PermitStatus.SUBMITTED}, targets={PermitStatus.GRANTED},
             may=PermitPolicy.is_officer, approval=HEAD_OF_UNIT, label="Grant"),
        move("refuse", sources={PermitStatus.SUBMITTED}, targets={PermitStatus.REFUSED},
             may=PermitPolicy.is_officer, public=False),
        move("withdraw", sources={PermitStatus.DRAFT, PermitStatus.SUBMITTED},
             targets={PermitStatus.WITHDRAWN}, may=PermitPolicy.is_clerk),
        move("note", sources={PermitStatus.SUBMITTED}, may=PermitPolicy.is_handler,
             who=PermitPolicy.is_officer),
    ),
)  # fmt: skip


def permit_grant(*, permit: Permit, actor: Actor, expected_version: int | None = None) -> Permit:
    """A service as a module writes one: the power and conditions, then the move."""
    PERMIT_WORKFLOW.check(actor, "grant", permit)
    return PERMIT_WORKFLOW.transition(
        permit, to=PermitStatus.GRANTED, key="grant", actor=actor,
        expected_version=expected_version,
    )  # fmt: skip
