"""The project's URLs plus two dummy staff pages guarded the way other contexts guard theirs."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin, staff_required


class DummyStaffView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse("staff only")


@staff_required
def dummy_staff_function(request: HttpRequest) -> HttpResponse:
    return HttpResponse("staff only")


urlpatterns = [
    path("test-staff/class/", DummyStaffView.as_view()),
    path("test-staff/function/", dummy_staff_function),
    path("", include("danvan.urls")),
]
