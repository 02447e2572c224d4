"""Public pages (send a letter, track it, published results) and the back office for letters."""

from django.urls import include, path

from danvan.letters.views import exports

app_name = "letters"

urlpatterns = [
    path(
        "staff/letters/export.xlsx",
        exports.LetterRegisterExportView.as_view(),
        name="staff-letter-export",
    ),
    path(
        "staff/letters/export.csv",
        exports.CsvRegisterExportView.as_view(),
        name="staff-letter-export-csv",
    ),
    path("staff/exports/<int:pk>/", exports.ExportDetailView.as_view(), name="staff-export"),
    path(
        "staff/exports/<int:pk>/status.json",
        exports.ExportStatusView.as_view(),
        name="staff-export-status",
    ),
    path(
        "staff/exports/<int:pk>/file",
        exports.ExportDownloadView.as_view(),
        name="staff-export-download",
    ),
    path("", include("danvan.letters.public_urls")),
    path("staff/", include("danvan.letters.staff_urls")),
]
