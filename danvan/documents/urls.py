from django.urls import path

from danvan.documents import views
from danvan.documents.types import FileFormat

app_name = "documents"

urlpatterns = [
    path("staff/documents/", views.RegisterView.as_view(), name="register"),
    path(
        "staff/documents/<int:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="download",
    ),
    path(
        "staff/documents/<int:pk>/download/pdf/",
        views.DocumentDownloadView.as_view(),
        {"file_format": FileFormat.PDF},
        name="download-pdf",
    ),
    path("staff/documents/signatures/", views.SignatureQueueView.as_view(), name="signatures"),
    path("staff/documents/<int:pk>/signing/", views.SigningView.as_view(), name="signing"),
    path("staff/documents/<int:pk>/signing/pdf/", views.DraftPdfView.as_view(), name="draft-pdf"),
]
