"""What the workflow kit shows on the staff home: the proposals queues (registered in
``apps.ready``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.core.modules import HomeBlock, Place
from danvan.organizations.roles import STAFF_AREA_PERMISSION
from danvan.workflow import proposals
from danvan.workflow.proposals import ProposalPolicy


def my_proposals(request: HttpRequest) -> Mapping[str, Any]:
    """How many proposals await the person's approval and how many of theirs were returned."""
    policy = ProposalPolicy.for_request(request)
    return {
        "awaiting": len(proposals.awaiting_my_approval(request.user, policy=policy)),
        "returned": proposals.returned_to_me(request.user).count(),
    }


BLOCKS = (
    HomeBlock(
        key="workflow.proposals",
        place=Place.STAFF,
        title=_("Proposals"),
        url_name="workflow:proposals-awaiting",
        template_name="workflow/proposals/_home_block.html",
        selector=my_proposals,
        permission=STAFF_AREA_PERMISSION,
        order=6,
    ),
)
