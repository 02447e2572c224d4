"""The workflow kit's tables: the dated rules (time limits, duties per period, legal-basis texts),
the proposals (trình — duyệt) of every module, the ledger of reminders sent, the staff
notifications, and the abstract ``Tracked`` of objects a citizen follows by code and PIN."""

from danvan.workflow.models.notifications import StaffNotification
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
from danvan.workflow.models.saved_filters import SavedFilter
from danvan.workflow.models.tracking import Tracked

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
    "SavedFilter",
    "SentReminder",
    "StaffNotification",
    "Tracked",
]
