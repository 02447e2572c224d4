"""Download of the letters register as XLSX (the same letters the list page shows)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.letters import exports, selectors
from danvan.letters.forms.staff import LetterFilterForm


class LetterRegisterExportView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The same filters as the list the link was on (an invalid value filters nothing).
        filters = LetterFilterForm.for_viewer(request.GET, request.user).filters()
        letters = selectors.letter_list(viewer=request.user, filters=filters)
        data = exports.register_workbook(viewer=request.user, letters=letters)
        stamp = timezone.localdate().strftime("%Y%m%d")
        response = HttpResponse(
            data,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="so-don-{stamp}.xlsx"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
