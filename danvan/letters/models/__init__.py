"""Letters and cases: letters with their signers and files, and cases (the rule table they
are computed with lives in the workflow context)."""

from danvan.letters.models.cases import (
    Case,
    CaseAssignment,
    CaseExtension,
    CaseNote,
    CaseSuspension,
    Withdrawal,
)
from danvan.letters.models.letters import (
    AcceptedSignatureMethod,
    Attachment,
    Cluster,
    Letter,
    LetterStatusChange,
    Publication,
    Rating,
    Signer,
    SignerKey,
)
from danvan.letters.models.party import (
    PartyCase,
    PartyCaseNote,
    PartyCaseStatusChange,
    PartyNotification,
)
from danvan.workflow.models import DeadlineRule  # the shared rule table, kept importable here

__all__ = [
    "AcceptedSignatureMethod",
    "Attachment",
    "Case",
    "CaseAssignment",
    "CaseExtension",
    "CaseNote",
    "CaseSuspension",
    "Cluster",
    "DeadlineRule",
    "Letter",
    "LetterStatusChange",
    "PartyCase",
    "PartyCaseNote",
    "PartyCaseStatusChange",
    "PartyNotification",
    "Publication",
    "Rating",
    "Signer",
    "SignerKey",
    "Withdrawal",
]
