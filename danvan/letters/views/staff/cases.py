"""Cases (vụ việc): the work list and the case's page with the forms the viewer may use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.letters import case_file, next_steps, page_selectors, selectors
from danvan.letters.forms.staff import CaseFilterForm
from danvan.letters.models import Case, PartyNotification, Signer
from danvan.letters.policies import LetterPolicy
from danvan.letters.views.staff.case_actions import CASE_ACTIONS, WithdrawView
from danvan.letters.views.staff.common import PAGE_SIZE, case_for
from danvan.letters.views.staff.party import linked_party_cases
from danvan.letters.workflows import CASE_WORKFLOW
from danvan.workflow import worklists
from danvan.workflow.views import action_blocks


def _case_url(case: Case) -> str:
    return reverse("letters:staff-case-detail", args=[case.pk])


CASES = worklists.WorkList(
    name="letters.cases",
    columns=(
        worklists.link(
            "number",
            gettext_lazy("Case number"),
            "number",
            url=_case_url,
            row_header=True,
            note=lambda case: gettext_lazy("second time") if case.round == 2 else None,
        ),
        worklists.text("letter", gettext_lazy("Letter"), "letter.register_label"),
        worklists.text("kind", gettext_lazy("Kind of letter"), "get_kind_display"),
        worklists.text("subject", gettext_lazy("Subject"), "letter.subject"),
        worklists.text("unit", gettext_lazy("Resolving unit"), "unit.name", sort="unit__name"),
        worklists.date("accepted", gettext_lazy("Accepted on"), "accepted_on", sort="-accepted_on"),
        worklists.text("status", gettext_lazy("Status"), "get_status_display"),
        worklists.text("handler", gettext_lazy("Handler"), selectors.case_handler_names),
        worklists.deadline(
            "deadline",
            gettext_lazy("Deadline"),
            selectors.case_deadline,
            # Open cases before closed ones (``is_closed`` is annotated by the selector).
            sort=(worklists.SortKey("is_closed", nullable=False), "due_on"),
            sort_text=(
                gettext_lazy("the most urgent first"),
                gettext_lazy("the least urgent first"),
            ),
        ),
    ),
    default_sort="deadline",
    noun=lambda n: ngettext("%(count)s case", "%(count)s cases", n) % {"count": n},
    empty_text=gettext_lazy("No cases match these filters."),
    page_size=PAGE_SIZE,
)


class CaseListView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = CaseFilterForm.for_viewer(request.GET, request.user)
        status, urgency = form.values()
        found = selectors.case_list(
            viewer=request.user,
            status=status,
            urgency=urgency,
            mine=form.only_mine(),
            handler_id=form.handler_id(),
        )
        return render(
            request,
            "letters/staff/case_list.html",
            {"work": CASES.page(request.GET, found, form=form)},
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
    current = tuple(
        a.user.get_full_name() or a.user.get_username() for a in page.handlers if not a.ended_at
    )
    open_proposals = page_selectors.open_proposals(case)
    context = {
        "current_handlers": current,
        "verifier": (
            page_selectors.verifier_label(case, page.verification) if page.verification else ""
        ),
        "open_proposals": open_proposals,
        "next_step": next_steps.case_next_step(
            case,
            handlers=len(current),
            verifying=page.verification is not None,
            pending_proposals=len(open_proposals),
        ),
        "files": page.files,
        "history": page.history,
        "can_view_identity": can_identity,
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
        "case_notices": page.notices,
        "measures": page.measures,
        "referrals": page.referrals,
        "resolvers": page.resolvers,
        "resolver_involved": page.resolver_involved,
        "verification": page.verification,
        "recusals": page.recusals,
        "shield": page.shield,
        "actions": actions,
        "can_read_file": policy.can_read_case_file(case),
        "closing": case_file.file_of(case),
        # The party track on the same facts, and the notices to the party organisation.
        "party_cases": linked_party_cases(case, policy),
        "party_notifications": PartyNotification.objects.filter(case_id=case.pk).select_related(
            "party_unit", "due_rule"
        ),
    }
    return render(request, "letters/staff/case_detail.html", context)


class CaseDetailView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return render_case_page(request, case_for(request.user, pk))
