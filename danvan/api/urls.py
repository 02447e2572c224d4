"""``/api/``: version 1, its schema and documentation; any other address under ``/api/`` is a
problem document."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from danvan.api import docs_views, problems, views

app_name = "api"

v1 = [
    path("v1/fields/", views.FieldListApi.as_view(), name="field-list"),
    path("v1/units/", views.UnitListApi.as_view(), name="unit-list"),
    path("v1/areas/provinces/", views.ProvinceListApi.as_view(), name="province-list"),
    path("v1/areas/wards/", views.WardListApi.as_view(), name="ward-list"),
    path(
        "v1/calendar/add-working-days",
        views.AddWorkingDaysApi.as_view(),
        name="calendar-add-working-days",
    ),
    path("v1/calendar/holidays", views.HolidaysApi.as_view(), name="calendar-holidays"),
    path("v1/letters/", views.LetterListApi.as_view(), name="letter-list"),
    path("v1/letters/<int:pk>/", views.LetterDetailApi.as_view(), name="letter-detail"),
    path("v1/cases/", views.CaseListApi.as_view(), name="case-list"),
    path("v1/cases/<int:pk>/", views.CaseDetailApi.as_view(), name="case-detail"),
    path("v1/documents/", views.DocumentListApi.as_view(), name="document-list"),
    path("v1/documents/<int:pk>/", views.DocumentDetailApi.as_view(), name="document-detail"),
    path("v1/documents/<int:pk>/file/", views.DocumentFileApi.as_view(), name="document-file"),
    path("v1/public/letters/", views.PublicLetterSubmitApi.as_view(), name="public-letter-submit"),
    path("v1/public/track/", views.PublicTrackApi.as_view(), name="public-track"),
]

urlpatterns = [
    *v1,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs_views.ApiDocsView.as_view(), name="docs"),
    re_path(r"^.*$", problems.not_found, name="not-found"),
]
