"""The generated permission walk over proposals: on the permit's page, proposing the grant (a
move that needs approval) and refusing (a move made directly); on a proposal's page, approving,
returning, proposing again and withdrawing — each offered exactly when the service accepts it,
and each accepted by someone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danvan.workflow import proposals
from danvan.workflow.models import Proposal
from danvan.workflow.proposal_views import PROPOSAL_ACTIONS
from danvan.workflow.testing import Outcome, walk
from danvan.workflow.tests.kitapp.models import PermitStatus
from danvan.workflow.tests.kitapp.views import PERMIT_ACTIONS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("danvan.workflow.tests.kitapp.urls")]


def _check(outcomes: list[Outcome], keys: set[str]) -> None:
    disagree = [str(o) for o in outcomes if o.offered != o.accepted]
    assert disagree == []
    assert {o.move for o in outcomes if o.accepted} == keys
    assert all(o.code in {200, 302, 403, 404} for o in outcomes), [str(o) for o in outcomes]


def test_the_walk_over_the_permits_page(client: Client, office: Any) -> None:
    objects = {status: office.permit(status) for status in PermitStatus.values}
    objects["submitted"].handler = office.colleague
    objects["submitted"].save()
    people = {
        ("clerk", "same_unit"): office.clerk,
        ("officer", "same_unit"): office.officer,
        ("officer", "assigned"): office.colleague,
        ("officer", "other_unit"): office.other_officer,
        ("head", "same_unit"): office.head,
    }
    data = {
        "grant": lambda p: {"grant-version": p.version, "grant-reasons": "Đủ điều kiện."},
        "refuse": lambda p: {"refuse-version": p.version, "refuse-reason": "Thiếu hồ sơ."},
    }
    outcomes = list(
        walk(
            client, people=people, objects=objects, actions=PERMIT_ACTIONS,
            page_url=lambda p: reverse("kitapp:permit-detail", args=[p.pk]),
            data_for=lambda key, p: data[key](p),
        )
    )  # fmt: skip
    _check(outcomes, {"grant", "refuse"})
    proposing = {o.person for o in outcomes if o.move == "grant" and o.accepted}
    assert proposing == {"officer, same_unit", "officer, assigned"}
    assert not Proposal.objects.exists()  # every post was rolled back


def test_the_walk_over_a_proposals_page(client: Client, office: Any) -> None:
    pending = office.propose_grant()
    returned = office.propose_grant()
    proposals.return_with_comments(proposal=returned, actor=office.head, comments="Bổ sung.")
    approved = office.propose_grant()
    proposals.approve(proposal=approved, actor=office.head)
    withdrawn = office.propose_grant()
    proposals.withdraw(proposal=withdrawn, actor=office.officer)
    objects = {"pending": pending, "returned": returned, "approved": approved,
               "withdrawn": withdrawn}  # fmt: skip
    people = {
        ("officer", "proposer"): office.officer,
        ("head", "approver"): office.head,
        ("officer", "other"): office.colleague,
        ("head", "other"): office.other_head,
    }
    data = {
        "approve": lambda p: {"approve-version": p.version, "approve-confirm": "on"},
        "return": lambda p: {"return-version": p.version, "return-comments": "Sửa lại."},
        "again": lambda p: {"again-version": p.version, "again-answer": "Đã sửa.",
                            "again-reasons": "Đủ hồ sơ."},
        "withdraw": lambda p: {"withdraw-version": p.version, "withdraw-confirm": "on"},
    }  # fmt: skip
    outcomes = list(
        walk(
            client, people=people, objects=objects, actions=PROPOSAL_ACTIONS,
            page_url=lambda p: reverse("workflow:proposal-detail", args=[p.pk]),
            data_for=lambda key, p: data[key](p),
        )
    )  # fmt: skip
    _check(outcomes, {"approve", "return", "again", "withdraw"})
    accepted = {(o.person, o.obj, o.move) for o in outcomes if o.accepted}
    assert accepted == {
        ("head, approver", "pending", "approve"),
        ("head, approver", "pending", "return"),
        ("officer, proposer", "pending", "withdraw"),
        ("officer, proposer", "returned", "again"),
        ("officer, proposer", "returned", "withdraw"),
    }
    others = {o.code for o in outcomes if o.person.endswith("other")}
    assert others == {404}


def test_the_walk_refuses_a_move_that_needs_approval_made_directly() -> None:
    from danvan.workflow.tests.kitapp.views import PermitRefuseView

    everyone = {("officer", r): None for r in ("same_unit", "other_unit", "assigned")}
    direct = type("GrantDirectly", (PermitRefuseView,), {"key": "grant"})
    with pytest.raises(ValueError, match="made directly"):
        list(walk(None, people=everyone, objects={}, actions=[direct], page_url=str,
                  data_for=dict))  # fmt: skip
