"""Download of the letters register as XLSX (the same letters the list page shows, or the
letters chosen on it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.letters import exports, selectors
from danvan.letters.forms.staff import LetterFilterForm
from danvan.workflow.bulk import BatchError, parse_ids

#: The query parameter that restricts the download to chosen letters (repeated).
ID_PARAM = "id"


class LetterRegisterExportView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        chosen = request.GET.getlist(ID_PARAM)
        if chosen:
            # The letters chosen on the list, still only those the viewer may see (an id
            # outside that scope is simply not in the file).
            try:
                ids = parse_ids(chosen)
            except BatchError as exc:
                messages.error(request, str(exc.message))
                return redirect("letters:staff-letter-list")
            letters = selectors.letter_list(viewer=request.user).filter(pk__in=ids)
        else:
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
