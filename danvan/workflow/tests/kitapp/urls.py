"""The platform's URLs plus the permit module's test-only pages (``pytest.mark.urls``)."""

from django.urls import include, path

from danvan.urls import handler400, handler403, handler404, handler500
from danvan.urls import urlpatterns as platform
from danvan.workflow.tests.kitapp import views

permit_patterns = [
    path("kitapp/permits/<int:pk>/", views.PermitDetailView.as_view(), name="permit-detail"),
    path("kitapp/permits/<int:pk>/grant/", views.PermitGrantView.as_view(), name="permit-grant"),
    path("kitapp/permits/<int:pk>/refuse/", views.PermitRefuseView.as_view(), name="permit-refuse"),
]

urlpatterns = [
    path("", include((permit_patterns, "kitapp"))),
    path("tra-cuu-giay-phep/", views.PermitTrackView.as_view(), name="kitapp-track"),
    *platform,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
