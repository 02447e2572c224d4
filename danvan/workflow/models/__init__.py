"""The workflow kit's tables: the dated rules (time limits, duties per period, legal-basis texts)
and the proposals (trình — duyệt) of every module."""

from danvan.workflow.models.proposals import (
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalKind,
    ProposalState,
    ProposalVersion,
)
from danvan.workflow.models.rules import DeadlineRule, DutyRule, LegalBasis

__all__ = [
    "DeadlineRule",
    "DutyRule",
    "LegalBasis",
    "Proposal",
    "ProposalAttachment",
    "ProposalEvent",
    "ProposalKind",
    "ProposalState",
    "ProposalVersion",
]
