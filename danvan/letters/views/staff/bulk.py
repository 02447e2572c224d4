"""Bulk work from the letters list: the letters ticked on the list, the action chosen, a
confirmation page that lists them and asks what the action needs, then the summary.

The work itself is ``letters.services.bulk`` (each letter through the single action's service);
this view only reads the choice, asks for confirmation and shows the outcome.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core.errors import ApplicationError
from danvan.letters import policies
from danvan.letters.forms.staff.bulk import BulkAssignForm, BulkClassifyForm, BulkProposeForm
from danvan.letters.models import Letter
from danvan.letters.services import bulk
from danvan.letters.views.exports import ID_PARAM
from danvan.workflow import worklists
from danvan.workflow.bulk import BatchError, BulkResult

#: Where the last batch's summary waits for the page that shows it.
RESULT_SESSION_KEY = "letters.bulk.result"

CONFIRM_PARAM = "confirmed"


def selection() -> worklists.Selection:
    """The bulk controls of the letters list."""
    return worklists.Selection(
        url=reverse("letters:staff-letter-bulk"),
        actions=tuple((a.value, a.label) for a in bulk.BulkAction),
        label=gettext_lazy("With the selected letters"),
    )


def _action_form(action: bulk.BulkAction, letters: list[Letter], data: Any = None) -> forms.Form:
    if action == bulk.BulkAction.ASSIGN:
        units = {
            letter.case.unit_id if getattr(letter, "case", None) else letter.unit_id
            for letter in letters
        }
        return BulkAssignForm(data, handlers=policies.handlers_of_units(units))
    if action == bulk.BulkAction.CLASSIFY:
        return BulkClassifyForm(data)
    return BulkProposeForm(data)


def _apply(request: HttpRequest, action: bulk.BulkAction, ids: list[int], form: Any) -> BulkResult:
    actor = request.user
    if action == bulk.BulkAction.ASSIGN:
        return bulk.letters_assign(actor=actor, ids=ids, handler_ids=form.handler_ids())
    if action == bulk.BulkAction.CLASSIFY:
        return bulk.letters_classify(actor=actor, ids=ids, field=form.cleaned_data["field"])
    return bulk.letters_propose(actor=actor, ids=ids, proposed=form.proposed(), request=request)


class LetterBulkView(StaffRequiredMixin, View):
    """POST only: the first post (from the list) shows the confirmation page; the post from
    that page (``confirmed``) applies the action and redirects to the summary."""

    http_method_names = ["post"]
    template_name = "letters/staff/letter_bulk_confirm.html"

    def post(self, request: HttpRequest) -> HttpResponse:
        controls = selection()
        try:
            action = bulk.BulkAction(request.POST.get(controls.action_name, ""))
        except ValueError:
            messages.error(request, _("Choose what to do with the selected letters."))
            return redirect("letters:staff-letter-list")
        try:
            ids = bulk.parse_ids(controls.chosen_ids(request.POST))
        except BatchError as exc:
            messages.error(request, str(exc.message))
            return redirect("letters:staff-letter-list")
        if action == bulk.BulkAction.EXPORT:
            export = reverse("letters:staff-letter-export")
            return redirect(f"{export}?{urlencode([(ID_PARAM, i) for i in ids])}")
        found = bulk.letters_chosen(viewer=request.user, ids=ids)
        letters = [found[i] for i in ids if i in found]
        confirmed = CONFIRM_PARAM in request.POST
        form = _action_form(action, letters, request.POST if confirmed else None)
        if confirmed and form.is_valid():
            try:
                result = _apply(request, action, ids, form)
            except ApplicationError as exc:
                form.add_error(None, str(exc.message))
            else:
                request.session[RESULT_SESSION_KEY] = {
                    "action": action.value,
                    "summary": result.summary(),
                    "done": [o.label for o in result.succeeded],
                    "failed": [[o.label, o.message] for o in result.failed],
                }
                return redirect("letters:staff-letter-bulk-done")
        return render(
            request,
            self.template_name,
            {
                "action": action,
                "form": form,
                "letters": letters,
                "missing": [i for i in ids if i not in found],
                "ids": ids,
                "controls": controls,
                "confirm_param": CONFIRM_PARAM,
            },
        )


class LetterBulkDoneView(StaffRequiredMixin, View):
    """The summary of the last batch: how many were done, and each refusal with its reason."""

    def get(self, request: HttpRequest) -> HttpResponse:
        result = request.session.get(RESULT_SESSION_KEY)
        if not isinstance(result, dict):
            messages.info(request, _("No bulk action to report."))
            return redirect("letters:staff-letter-list")
        try:
            action = bulk.BulkAction(result.get("action", ""))
        except ValueError:
            return redirect("letters:staff-letter-list")
        return render(
            request,
            "letters/staff/letter_bulk_done.html",
            {"action": action, "result": result},
        )


__all__ = ["RESULT_SESSION_KEY", "LetterBulkDoneView", "LetterBulkView", "selection"]
