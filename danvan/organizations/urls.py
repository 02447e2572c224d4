from django.urls import path

from danvan.organizations import views

app_name = "organizations"

urlpatterns = [
    path("staff/", views.StaffHomeView.as_view(), name="staff-home"),
    path("staff/units/", views.UnitListView.as_view(), name="unit-list"),
    path("staff/units/<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
]
