"""Letters and cases: the rule table, letters with their signers and files, and cases."""

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
    ReminderSent,
    Signer,
    SignerKey,
)
from danvan.letters.models.rules import DeadlineRule

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
    "Publication",
    "Rating",
    "ReminderSent",
    "Signer",
    "SignerKey",
    "Withdrawal",
]
