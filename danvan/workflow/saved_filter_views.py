"""Saving and deleting a work list's saved filters (``workflow.saved_filters``): two POST forms
shown above the list's filter form. Each goes back to the list; another person's saved filter
is answered 404, as one that does not exist."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.workflow import saved_filters


def _back(request: HttpRequest, query: str = "") -> HttpResponse:
    """To the list the form was on (a local path only), with ``query``; else the staff home."""
    target = request.POST.get("next", "")
    if not (
        target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(reverse("organizations:staff-home"))
    target = target.split("?", 1)[0]
    return redirect(f"{target}?{query}" if query else target)


class SaveFilterView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        query = saved_filters.filter_query(request.POST.get("query", ""))
        try:
            saved = saved_filters.save_filter(
                owner=request.user,
                list_key=request.POST.get("list", ""),
                name=request.POST.get("name", ""),
                query=query,
                request=request,
            )
        except saved_filters.SavedFilterError as exc:
            messages.error(request, exc.message)
            return _back(request, query)
        messages.success(request, _("Filters saved as “%(name)s”.") % {"name": saved.name})
        return _back(request, saved.query)


class DeleteFilterView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        saved = saved_filters.owned_filter(request.user, pk)
        if saved is None:
            raise Http404(_("No such saved filters."))
        saved_filters.delete_filter(owner=request.user, saved=saved, request=request)
        messages.success(request, _("Saved filters “%(name)s” deleted.") % {"name": saved.name})
        return _back(request)
