from django.urls import path

from danvan.documents import views

app_name = "documents"

urlpatterns = [
    path("staff/documents/", views.RegisterView.as_view(), name="register"),
    path(
        "staff/documents/<int:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="download",
    ),
]
