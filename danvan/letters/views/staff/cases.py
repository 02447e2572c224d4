"""Cases (vụ việc): the work list and the case's page with the forms the viewer may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import calendar
from danvan.letters import page_selectors, selectors
from danvan.letters.forms.staff import CaseFilterForm
from danvan.letters.models import Case, Signer
from danvan.letters.policies import LetterPolicy
from danvan.letters.views.staff.case_actions import CASE_ACTIONS, WithdrawView
from danvan.letters.views.staff.common import PAGE_SIZE, Row, case_for
from danvan.letters.workflows import CASE_WORKFLOW
from danvan.workflow.views import action_blocks


class CaseListView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = CaseFilterForm(request.GET or None)
        if form.is_bound:
            form.is_valid()
        status, urgency = form.values()
        found = selectors.case_list(viewer=request.user, status=status, urgency=urgency)
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        today = calendar.today_local()
        rows = [Row(case, selectors.case_deadline(case, today)) for case in page.object_list]
        return render(
            request,
            "letters/staff/case_list.html",
            {
                "form": form,
                "page_obj": page,
                "rows": rows,
                "is_filtered": any(str(v).strip() for k, v in request.GET.items() if k != "page"),
            },
        )


def render_case_page(
    request: HttpRequest, case: Case, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    user = request.user
    policy = LetterPolicy.for_request(request)
    bound = bound or {}
    letter = case.letter
    page = page_selectors.case_page(viewer=user, case=case, policy=policy)
    can_identity = page.can_view_identity
    withdrawals = page.withdrawals
    withdraw_open = WithdrawView.key in bound or CASE_WORKFLOW.is_open_to(
        policy, WithdrawView.move(), case
    )
    signers: list[Signer] | None = None
    if can_identity and (withdrawals or withdraw_open):
        signers = selectors.signers_for(
            viewer=user, letter=letter, purpose="case_page", policy=policy
        )
    names = {s.pk: s.full_name for s in signers} if signers is not None else None
    actions = action_blocks(CASE_ACTIONS, policy, case, bound, extra={"signers": signers})
    context = {
        "case": case,
        "letter": letter,
        "rule": case.due_rule,
        "deadline": page.deadline,
        "send_deadline": page.send_deadline,
        "handlers": page.handlers,
        "grounds": page.grounds,
        "extensions": page.extensions,
        "suspensions": page.suspensions,
        "notes": page.notes,
        "withdrawals": page_selectors.withdrawal_rows(withdrawals, names),
        "documents": page.documents,
        "publications": page.publications,
        "appeals": page.appeals,
        "linkable_cases": page.linkable_cases,
        "actions": actions,
    }
    return render(request, "letters/staff/case_detail.html", context)


class CaseDetailView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return render_case_page(request, case_for(request.user, pk))
