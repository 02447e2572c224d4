"""Public pages (send a letter, track it, published results) and the back office for letters."""

from django.urls import include, path

from danvan.letters.views.exports import LetterRegisterExportView

app_name = "letters"

urlpatterns = [
    path(
        "staff/letters/export.xlsx",
        LetterRegisterExportView.as_view(),
        name="staff-letter-export",
    ),
    path("", include("danvan.letters.public_urls")),
    path("staff/", include("danvan.letters.staff_urls")),
]
