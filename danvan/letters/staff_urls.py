"""Back-office URLs of the letters context (mounted under /staff/, names "letters:<name>")."""

from django.urls import URLPattern, path

from danvan.documents.types import FileFormat
from danvan.letters.views import staff

urlpatterns: list[URLPattern] = [
    path("letters/", staff.LetterListView.as_view(), name="staff-letter-list"),
    path("letters/new/", staff.LetterCreateView.as_view(), name="staff-letter-create"),
    path("letters/bulk/", staff.LetterBulkView.as_view(), name="staff-letter-bulk"),
    path("letters/bulk/done/", staff.LetterBulkDoneView.as_view(), name="staff-letter-bulk-done"),
    path("letters/outgoing-mail/", staff.OutgoingMailView.as_view(), name="staff-outgoing-mail"),
    path("letters/<int:pk>/", staff.LetterDetailView.as_view(), name="staff-letter-detail"),
    path(
        "letters/<int:pk>/files/<int:attachment_pk>/",
        staff.AttachmentDownloadView.as_view(),
        name="staff-letter-attachment",
    ),
    path(
        "letters/<int:pk>/files/<int:attachment_pk>/view/",
        staff.AttachmentPreviewView.as_view(),
        name="staff-letter-attachment-preview",
    ),
    path(
        "letters/<int:pk>/files/<int:attachment_pk>/redact/",
        staff.RedactedCopyView.as_view(),
        name="staff-letter-redact",
    ),
    path(
        "letters/<int:pk>/documents/<int:document_pk>/",
        staff.LetterDocumentDownloadView.as_view(),
        name="staff-letter-document",
    ),
    path(
        "letters/<int:pk>/documents/<int:document_pk>/pdf/",
        staff.LetterDocumentDownloadView.as_view(),
        {"file_format": FileFormat.PDF},
        name="staff-letter-document-pdf",
    ),
    *(
        path(f"letters/<int:pk>/{action.key}/", action.as_view(), name=f"staff-letter-{action.key}")
        for action in staff.LETTER_ACTIONS
    ),
    path("cases/", staff.CaseListView.as_view(), name="staff-case-list"),
    path("workload/", staff.WorkloadView.as_view(), name="staff-workload"),
    path("cases/<int:pk>/", staff.CaseDetailView.as_view(), name="staff-case-detail"),
    path("cases/<int:pk>/file/", staff.CaseFileView.as_view(), name="staff-case-file"),
    path("cases/<int:pk>/file/pdf/", staff.CaseFilePdfView.as_view(), name="staff-case-file-pdf"),
    *(
        path(f"cases/<int:pk>/{action.key}/", action.as_view(), name=f"staff-case-{action.key}")
        for action in staff.CASE_ACTIONS
    ),
    # The party track (DOMAIN.md §12.5).
    path("party/inspection/", staff.InspectionQueueView.as_view(), name="staff-party-inspection"),
    path("party/<int:pk>/", staff.PartyCaseDetailView.as_view(), name="staff-party-detail"),
    *(
        path(f"party/<int:pk>/{action.key}/", action.as_view(), name=f"staff-party-{action.key}")
        for action in staff.PARTY_ACTIONS
    ),
]
