"""The staff notifications page (``workflow:notifications``): the person's own notifications,
newest first, each linking to what it is about, with "mark as read" and "mark all as read"
(plain forms: CSRF, no JavaScript needed). Someone else's notification is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.workflow import staff_notifications

__all__ = ["NotificationListView", "NotificationReadAllView", "NotificationReadView"]


def _before(request: HttpRequest) -> tuple[int | None, bool]:
    """The ``before`` id of the page asked for, and whether the link was malformed."""
    raw = request.GET.get("before", "")
    if not raw:
        return None, False
    try:
        value = int(raw)
    except ValueError:
        return None, True
    return (value, False) if 0 < value < 2**63 else (None, True)


class NotificationListView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        before, bad = _before(request)
        if bad:
            messages.warning(request, _("The link to older notifications was not valid."))
        notices, older = staff_notifications.notifications_for(request.user, before=before)
        unread = staff_notifications.unread_count(request.user, request=request)
        return render(
            request,
            "workflow/notifications/list.html",
            {"notices": notices, "older": older, "unread": unread, "paged": before is not None},
        )


class NotificationReadView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        staff_notifications.mark_read(actor=request.user, pk=pk, request=request)
        messages.success(request, _("The notification has been marked as read."))
        return redirect("workflow:notifications")


class NotificationReadAllView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        count = staff_notifications.mark_all_read(actor=request.user, request=request)
        messages.success(
            request,
            ngettext(
                "%(count)d notification has been marked as read.",
                "%(count)d notifications have been marked as read.",
                count,
            )
            % {"count": count}
            if count
            else _("You have no unread notifications."),
        )
        return redirect("workflow:notifications")
