"""Back-office pages of the letters context: the letters register and the cases.

``letters`` holds the lists, entry and downloads; ``letter_page`` and ``letter_actions`` the
letter's page and the actions on it; ``cases`` and ``case_actions`` the same for cases.
"""

from danvan.letters.views.staff.bulk import LetterBulkDoneView, LetterBulkView
from danvan.letters.views.staff.case_actions import (
    CASE_ACTIONS,
    ArchiveFileView,
    AssignView,
    CloseFileView,
    ComplexityView,
    DecideView,
    ExtendView,
    NoteView,
    PublishView,
    ResumeView,
    SendView,
    SuspendView,
    TerminateView,
    WithdrawView,
)
from danvan.letters.views.staff.case_file import CaseFilePdfView, CaseFileView
from danvan.letters.views.staff.cases import CaseDetailView, CaseListView
from danvan.letters.views.staff.letter_actions import (
    LETTER_ACTIONS,
    AcceptView,
    AnonymousRouteView,
    ArchiveView,
    ClassifyView,
    ClusterView,
    ForwardView,
    GuideView,
    NotAcceptView,
    SplitView,
)
from danvan.letters.views.staff.letters import (
    AttachmentDownloadView,
    AttachmentPreviewView,
    LetterCreateView,
    LetterDetailView,
    LetterDocumentDownloadView,
    LetterListView,
)
from danvan.letters.views.staff.mail import OutgoingMailView
from danvan.letters.views.staff.party import (
    PARTY_ACTIONS,
    InspectionQueueView,
    PartyCaseDetailView,
)
from danvan.letters.views.staff.redaction import RedactedCopyView
from danvan.letters.views.staff.workload import WorkloadView

__all__ = [
    "CASE_ACTIONS",
    "LETTER_ACTIONS",
    "PARTY_ACTIONS",
    "AcceptView",
    "AnonymousRouteView",
    "ArchiveFileView",
    "ArchiveView",
    "AssignView",
    "AttachmentDownloadView",
    "AttachmentPreviewView",
    "CaseDetailView",
    "CaseFilePdfView",
    "CaseFileView",
    "CaseListView",
    "ClassifyView",
    "CloseFileView",
    "ClusterView",
    "ComplexityView",
    "DecideView",
    "ExtendView",
    "ForwardView",
    "GuideView",
    "InspectionQueueView",
    "LetterBulkDoneView",
    "LetterBulkView",
    "LetterCreateView",
    "LetterDetailView",
    "LetterDocumentDownloadView",
    "LetterListView",
    "NotAcceptView",
    "NoteView",
    "OutgoingMailView",
    "PartyCaseDetailView",
    "PublishView",
    "RedactedCopyView",
    "ResumeView",
    "SendView",
    "SplitView",
    "SuspendView",
    "TerminateView",
    "WithdrawView",
    "WorkloadView",
]
