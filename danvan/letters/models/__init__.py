"""Letters and cases: letters with their signers and files, and cases (the rule table they
are computed with lives in the workflow context)."""

from danvan.letters.models.cases import (
    Case,
    CaseAssignment,
    CaseExtension,
    CaseFile,
    CaseNote,
    CaseSuspension,
    DialogueInvitation,
    ExecutionSuspension,
    Withdrawal,
)
from danvan.letters.models.denunciations import (
    CaseNotice,
    ConclusionMeasure,
    CrimeReferral,
    ProtectionRequest,
    RepeatReview,
)
from danvan.letters.models.exports import ExportJob, ExportStatus
from danvan.letters.models.letters import (
    AcceptedSignatureMethod,
    Attachment,
    Cluster,
    Letter,
    LetterStatusChange,
    Publication,
    Rating,
    SearchWord,
    Signer,
    SignerKey,
    SignerName,
)
from danvan.letters.models.mail import CitizenNotice
from danvan.letters.models.party import (
    PartyCase,
    PartyCaseNote,
    PartyCaseStatusChange,
    PartyNotification,
)
from danvan.letters.models.verification import (
    Escalation,
    Recusal,
    TieDeclaration,
    Verification,
    VerificationMember,
    VerificationReport,
)
from danvan.workflow.models import DeadlineRule  # the shared rule table, kept importable here

__all__ = [
    "AcceptedSignatureMethod",
    "Attachment",
    "Case",
    "CaseAssignment",
    "CaseExtension",
    "CaseFile",
    "CaseNote",
    "CaseNotice",
    "CaseSuspension",
    "CitizenNotice",
    "Cluster",
    "ConclusionMeasure",
    "CrimeReferral",
    "DeadlineRule",
    "DialogueInvitation",
    "Escalation",
    "ExecutionSuspension",
    "ExportJob",
    "ExportStatus",
    "Letter",
    "LetterStatusChange",
    "PartyCase",
    "PartyCaseNote",
    "PartyCaseStatusChange",
    "PartyNotification",
    "ProtectionRequest",
    "Publication",
    "Rating",
    "Recusal",
    "RepeatReview",
    "SearchWord",
    "Signer",
    "SignerKey",
    "SignerName",
    "TieDeclaration",
    "Verification",
    "VerificationMember",
    "VerificationReport",
    "Withdrawal",
]
