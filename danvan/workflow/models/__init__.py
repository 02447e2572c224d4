"""The workflow kit's tables: the dated rules (time limits, duties per period, legal-basis texts),
the proposals (trình — duyệt) of every module and the ledger of reminders sent."""

from danvan.workflow.models.proposals import (
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalKind,
    ProposalState,
    ProposalVersion,
)
from danvan.workflow.models.reminders import SentReminder
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
    "SentReminder",
]
