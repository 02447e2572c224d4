from django.urls import path

from danvan.reports import open_views, views

app_name = "reports"

urlpatterns = [
    path("staff/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("thong-ke/", open_views.OpenStatisticsView.as_view(), name="open-statistics"),
    path("staff/reports/periodic/", views.PeriodicReportView.as_view(), name="periodic"),
    path("staff/reports/register-book/", views.RegisterBookView.as_view(), name="register-book"),
    path("staff/reports/national/", views.NationalExportView.as_view(), name="national"),
]
