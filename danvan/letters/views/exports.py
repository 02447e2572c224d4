"""Download of the letters register as XLSX (the same letters the list page shows)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core.form_fields import query_int
from danvan.letters import exports, selectors


class LetterRegisterExportView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        params = request.GET
        filters = selectors.LetterFilters(
            q=params.get("q", "")[:200],
            status=params.get("status", "")[:20],
            kind=params.get("kind", "")[:20],
            unit_id=query_int(params.get("unit")),
            urgency=params.get("urgency", "")[:20],
        )
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
