from django.urls import path

from danvan.core import audit_views, views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("SECURITY.md", views.security_policy, name="security-policy"),
    path("staff/audit/", audit_views.AuditEntryListView.as_view(), name="audit-list"),
    path(
        "staff/audit/<int:pk>/",
        audit_views.AuditEntryDetailView.as_view(),
        name="audit-detail",
    ),
]
