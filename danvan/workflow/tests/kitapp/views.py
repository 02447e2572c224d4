"""The permit module's pages, as a module writes them on the kit: the permit's page with the
forms open to the person (a grant is proposed for the head's approval, a refusal is made
directly) and its history with the proposal events; and its public tracking page, the kit's
``PublicTrackView`` with nothing added but what the page shows. Test-only, like the module."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.workflow import proposals
from danvan.workflow.forms import VersionedForm
from danvan.workflow.proposal_forms import ProposalForm
from danvan.workflow.proposal_views import ProposeMoveView
from danvan.workflow.tests.kitapp.models import Permit, PermitStatus, PermitStatusChange
from danvan.workflow.tests.kitapp.workflows import PERMIT_WORKFLOW, PermitPolicy
from danvan.workflow.tracking import public_timeline
from danvan.workflow.tracking_views import PublicTrackView
from danvan.workflow.views import ObjectActionView, action_blocks


def _load(pk: Any) -> Permit:
    permit = Permit.objects.filter(pk=pk).select_related("unit").first()
    if permit is None:
        raise Http404
    return permit


def _page(request: HttpRequest, permit: Permit, bound: dict[str, forms.Form]) -> HttpResponse:
    policy = PermitPolicy.for_request(request)
    context = {
        "permit": permit,
        "object": permit,
        "blocks": action_blocks(PERMIT_ACTIONS, policy, permit, bound),
        "history": permit.status_changes.all(),
        "proposal_events": [
            (e, proposals.event_name(e)) for e in proposals.proposal_events_for(permit)
        ],
    }
    return render(request, "kitapp/permit_detail.html", context)


class PermitDetailView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return _page(request, _load(pk), {})


class _PermitAction(ObjectActionView):
    workflow = PERMIT_WORKFLOW
    policy_class = PermitPolicy
    url_name = "kitapp:permit-{key}"

    def load(self, pk: Any) -> Permit:
        return _load(pk)

    def render_page(self, obj: Any, bound: dict[str, forms.Form]) -> HttpResponse:
        return _page(self.request, obj, bound)

    def success_url(self, obj: Any) -> str:
        return reverse("kitapp:permit-detail", args=[obj.pk])


class GrantForm(ProposalForm):
    note = forms.CharField(label="Condition of the permit", max_length=500, required=False)


class PermitGrantView(ProposeMoveView, _PermitAction):
    key = "grant"
    form_class = GrantForm

    def changes(self, form: Any, obj: Any) -> dict[str, Any]:
        note = form.cleaned_data["note"].strip()
        return {"note": note} if note else {}


class RefuseForm(VersionedForm):
    reason = forms.CharField(max_length=500)


class PermitRefuseView(_PermitAction):
    key = "refuse"
    form_class = RefuseForm

    def perform(self, form: Any, obj: Any) -> str:
        PERMIT_WORKFLOW.check(self.request.user, "refuse", obj)
        PERMIT_WORKFLOW.transition(
            obj, to=PermitStatus.REFUSED, key="refuse", actor=self.request.user,
            reason=form.cleaned_data["reason"], expected_version=form.expected_version(),
        )  # fmt: skip
        return "Refused."


PERMIT_ACTIONS: tuple[type[ObjectActionView], ...] = (PermitGrantView, PermitRefuseView)


STATUS_WORDS = {
    "draft": "Chưa nộp.",
    "submitted": "Đã nộp, đang xem xét.",
    "granted": "Đã cấp phép.",
    "refused": "Không cấp phép.",
    "withdrawn": "Đã rút hồ sơ.",
}


class PermitTrackView(PublicTrackView[Permit]):
    model = Permit
    template_name = "kitapp/track.html"
    url_name = "kitapp-track"
    session_key = "kitapp.tracked"

    def object_context(self, request: HttpRequest, obj: Permit) -> dict[str, Any]:
        return {
            "object": obj,
            "steps": public_timeline(obj, lambda s: STATUS_WORDS.get(s, s), PermitStatusChange),
        }
