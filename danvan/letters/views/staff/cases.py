"""Cases (vụ việc): the work list and the case's page with the forms the viewer may use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import calendar
from danvan.letters import deadlines, selectors
from danvan.letters.choices import ComplexityGround
from danvan.letters.forms.staff import CaseFilterForm
from danvan.letters.models import Case, Signer, Withdrawal
from danvan.letters.policies import LetterPolicy
from danvan.letters.views.staff.case_actions import CASE_ACTIONS, WithdrawView
from danvan.letters.views.staff.common import PAGE_SIZE, Row, case_for
from danvan.letters.views.staff.letter_page import DocumentRow, documents_of
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


@dataclass(frozen=True)
class WithdrawalRow:
    withdrawal: Withdrawal
    who: list[str]


def _signer_label(signer: Signer, names: dict[int, str] | None) -> str:
    if names is not None and names.get(signer.pk):
        return names[signer.pk]
    return _("Signer %(n)d") % {"n": signer.position}


def render_case_page(
    request: HttpRequest, case: Case, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    user = request.user
    policy = LetterPolicy.for_request(request)
    bound = bound or {}
    letter = case.letter
    today = calendar.today_local()
    can_identity = policy.can_view_identity(letter)
    withdrawals = list(
        case.withdrawals.select_related("recorded_by")
        .prefetch_related(
            Prefetch("signers", queryset=Signer.objects.only("pk", "position", "letter_id"))
        )
        .order_by("received_on", "pk")
    )
    withdraw_open = WithdrawView.key in bound or CASE_WORKFLOW.is_open_to(
        policy, WithdrawView.move(), case
    )
    signers: list[Signer] | None = None
    if can_identity and (withdrawals or withdraw_open):
        signers = selectors.signers_for(viewer=user, letter=letter, purpose="case_page")
    names = {s.pk: s.full_name for s in signers} if signers is not None else None
    actions = action_blocks(CASE_ACTIONS, policy, case, bound, extra={"signers": signers})
    send_deadline = None
    if case.send_due_on is not None and case.sent_on is None:
        send_deadline = deadlines.deadline_view(case.send_due_on, today)
    appeals = list(case.appeals.select_related("unit").order_by("pk"))
    related = [c.pk for c in appeals] + ([case.previous_id] if case.previous_id else [])
    linkable = (
        set(selectors.case_list(viewer=user).filter(pk__in=related).values_list("pk", flat=True))
        if related
        else set()
    )
    context = {
        "case": case,
        "letter": letter,
        "rule": case.due_rule,
        "deadline": selectors.case_deadline(case, today),
        "send_deadline": send_deadline,
        "handlers": list(
            case.assignments.select_related("user", "assigned_by").order_by("assigned_at", "pk")
        ),
        "grounds": [
            ComplexityGround(g).label
            for g in case.complexity_grounds or []
            if g in ComplexityGround.values
        ],
        "extensions": list(case.extensions.select_related("decided_by").order_by("decided_on")),
        "suspensions": list(case.suspensions.order_by("started_on", "pk")),
        "notes": list(case.notes.select_related("author").order_by("occurred_on", "pk")),
        "withdrawals": [
            WithdrawalRow(w, [_signer_label(s, names) for s in w.signers.all()])
            for w in withdrawals
        ],
        "documents": [
            DocumentRow(d, not d.restricted or can_identity) for d in documents_of(letter, case)
        ],
        "publications": list(letter.publications.order_by("-starts_on", "-pk")),
        "appeals": appeals,
        "linkable_cases": linkable,
        "actions": actions,
    }
    return render(request, "letters/staff/case_detail.html", context)


class CaseDetailView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return render_case_page(request, case_for(request.user, pk))
