from django.urls import path

from danvan.core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("staff/", views.StaffHomeView.as_view(), name="staff-home"),
]
