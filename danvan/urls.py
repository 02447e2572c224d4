"""Root URL configuration: each context mounts its own urls module."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from danvan.core import views as core_views

urlpatterns = [
    path("", include("danvan.core.urls")),
    path("accounts/", include("danvan.accounts.urls")),
    path("", include("danvan.organizations.urls")),
    path("", include("danvan.documents.urls")),
    path("", include("danvan.workflow.urls")),
    path("", include("danvan.letters.urls")),
    path("", include("danvan.reports.urls")),
    path("api/", include("danvan.api.urls")),
    path("open311/v2/", include("danvan.api.open311.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("design/", core_views.DesignSystemView.as_view(), name="design-system"),
    path("admin/", admin.site.urls),
]

handler400 = "danvan.core.views.bad_request"
handler403 = "danvan.core.views.permission_denied"
handler404 = "danvan.core.views.page_not_found"
handler500 = "danvan.core.views.server_error"
