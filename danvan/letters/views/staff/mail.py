"""The outgoing mail: notices addressed to citizens that go by post, to print and mark mailed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import calendar
from danvan.core.errors import ApplicationError
from danvan.letters.models import CitizenNotice
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import outgoing_mail


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


class OutgoingMailView(StaffRequiredMixin, View):
    """GET: the notices waiting to be posted that the person may post (printable). POST
    ``notice`` and ``mailed_on``: mark one mailed."""

    template_name = "letters/staff/outgoing_mail.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        raw = request.POST.get("notice", "")
        notice = CitizenNotice.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if notice is None:
            messages.error(request, _("No such notice."))
            return redirect("letters:staff-outgoing-mail")
        raw_day = request.POST.get("mailed_on", "")
        day = _day(raw_day)
        if raw_day and day is None:
            messages.error(request, _("Enter the date of mailing as a date."))
            return redirect("letters:staff-outgoing-mail")
        try:
            outgoing_mail.notice_mark_mailed(notice=notice, actor=request.user, mailed_on=day)
        except PermissionDenied as exc:
            return self._render(request, error=str(exc) or _("Not allowed."), status=403)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
            return redirect("letters:staff-outgoing-mail")
        messages.success(request, _("The notice was marked as mailed."))
        return redirect("letters:staff-outgoing-mail")

    def _render(self, request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
        policy = LetterPolicy.for_request(request)
        mail = outgoing_mail.outgoing_mail(viewer=request.user, policy=policy)
        context: dict[str, Any] = {
            "items": mail.items,
            "others": mail.others,
            "today": calendar.today_local(),
            "error": error,
        }
        return render(request, self.template_name, context, status=status)


__all__ = ["OutgoingMailView"]
