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
]
