from django.urls import path

from danvan.organizations import views

app_name = "organizations"

urlpatterns = [
    path("staff/", views.StaffHomeView.as_view(), name="staff-home"),
]
