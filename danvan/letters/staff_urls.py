from django.urls import path

from danvan.letters.views import staff

urlpatterns = [
    path("letters/", staff.LetterListView.as_view(), name="staff-letter-list"),
    path("letters/<int:pk>/", staff.LetterDetailView.as_view(), name="staff-letter-detail"),
    path("cases/", staff.CaseListView.as_view(), name="staff-case-list"),
    path("cases/<int:pk>/", staff.CaseDetailView.as_view(), name="staff-case-detail"),
]
