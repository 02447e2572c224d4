"""Public pages (send a letter, track it, published results) and the back office for letters."""

from django.urls import include, path

app_name = "letters"

urlpatterns = [
    path("", include("danvan.letters.public_urls")),
    path("staff/", include("danvan.letters.staff_urls")),
]
