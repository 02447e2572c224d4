"""The work on a case, each action a POST from the case's page. Which actions a person may
take now is the cases workflow's answer (``danvan.letters.workflows``); each class here only
builds its form and calls its service with the version the person saw."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core import calendar
from danvan.letters import selectors
from danvan.letters.choices import WithdrawalScope
from danvan.letters.forms import staff as f
from danvan.letters.forms.staff.party import InformPartyForm
from danvan.letters.models import Case, Signer
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import cases, party
from danvan.letters.views.staff.common import Decision, case_for
from danvan.letters.workflows import CASE_WORKFLOW
from danvan.workflow.views import ObjectActionView

Extra = Mapping[str, Any]


def signer_choices(case: Case, signers: list[Signer] | None) -> list[tuple[int, str]]:
    """Who may still withdraw: by name for those who may read the identity, else by position
    ("Signer 1", "Signer 2"...) without reading anyone's personal data."""
    if signers is not None:
        return [
            (s.pk, s.full_name or _("Signer %(n)d") % {"n": s.position})
            for s in signers
            if s.withdrawn_on is None
        ]
    rows = Signer.objects.filter(letter_id=case.letter_id, withdrawn_on__isnull=True).values_list(
        "pk", "position"
    )
    return [(pk, _("Signer %(n)d") % {"n": position}) for pk, position in rows]


class CaseAction(ObjectActionView):
    workflow = CASE_WORKFLOW
    policy_class = LetterPolicy
    url_name = "letters:staff-case-{key}"

    def load(self, pk: Any) -> Case:
        return case_for(self.request.user, pk)

    def render_page(self, obj: Case, bound: dict[str, forms.Form]) -> HttpResponse:
        from danvan.letters.views.staff.cases import render_case_page

        return render_case_page(self.request, obj, bound)

    def success_url(self, obj: Case) -> str:
        return reverse("letters:staff-case-detail", args=[obj.pk])

    @classmethod
    def may_approve(cls, policy: LetterPolicy, obj: Case) -> bool:
        return cls.approval() is not None and policy.is_resolver(obj)


class AssignView(Decision, CaseAction):
    key = "assign"
    form_class = f.AssignForm

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, case: Case, extra: Extra) -> dict[str, Any]:
        return {"assignable": policy.assignable(case)}

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        handlers = list(
            case.assignments.filter(ended_at__isnull=True).values_list("user_id", flat=True)
        )
        return {"version": case.version, "handlers": handlers}

    def arguments(self, form: Any, obj: Case) -> dict[str, Any]:
        data = form.cleaned_data
        resolver = data.get("resolver")
        return {
            "handler_ids": [u.pk for u in data["handlers"]],
            "resolver_id": resolver.pk if resolver is not None else None,
        }

    def done(self, result: Any) -> str:
        return _("The handlers were assigned.")


class NoteView(CaseAction):
    key = "note"
    form_class = f.NoteForm
    today_field = "occurred_on"

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        cases.case_note_add(
            case=obj,
            actor=self.request.user,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            text=data["text"],
            place=data.get("place") or "",
            participants=data.get("participants") or "",
            signed_by_all=bool(data.get("signed_by_all")),
            refusal_reason=data.get("refusal_reason") or "",
            expected_version=form.expected_version(),
        )
        return _("The note was added.")


class ComplexityView(Decision, CaseAction):
    key = "complexity"
    form_class = f.ComplexityForm

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "grounds": list(case.complexity_grounds or []),
            "reason": case.complexity_reason,
        }

    argument_names = ("grounds", "reason")

    def done(self, result: Any) -> str:
        return _("Complexity recorded: %(label)s.") % {"label": result.get_complexity_display()}


class ExtendView(Decision, CaseAction):
    key = "extend"
    form_class = f.ExtendForm
    today_field = "decided_on"

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, case: Case, extra: Extra) -> dict[str, Any]:
        return {"longest": case.due_rule.extension_amount}

    argument_names = ("days", "decided_on", "reason")

    def done(self, result: Any) -> str:
        return _("The period was extended to %(date)s.") % {
            "date": result.new_due_on.strftime("%d/%m/%Y")
        }


class SuspendView(Decision, CaseAction):
    key = "suspend"
    form_class = f.SuspendForm
    today_field = "started_on"

    argument_names = ("ground", "started_on")

    def done(self, result: Any) -> str:
        return _("The case was suspended; its clock has stopped.")


class ResumeView(Decision, CaseAction):
    key = "resume"
    form_class = f.ResumeForm
    today_field = "resumed_on"

    argument_names = ("resumed_on",)

    def done(self, result: Any) -> str:
        return _("The case resumed; it is now due by %(date)s.") % {
            "date": result.due_on.strftime("%d/%m/%Y")
        }


class WithdrawView(CaseAction):
    key = "withdraw"
    form_class = f.WithdrawForm

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, case: Case, extra: Extra) -> dict[str, Any]:
        return {"signer_choices": signer_choices(case, extra.get("signers"))}

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "received_on": calendar.today_local(),
            "scope": WithdrawalScope.WHOLE,
        }

    def build_form(self, obj: Case) -> forms.Form:
        signers = None
        if self.policy.can_view_identity(obj.letter):
            signers = selectors.signers_for(
                viewer=self.request.user, letter=obj.letter, purpose="withdrawal"
            )
        return self.form_for(self.policy, obj, self.request.POST, extra={"signers": signers})

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        cases.case_withdraw(
            case=obj,
            actor=self.request.user,
            scope=data["scope"],
            signer_ids=data["signers"],
            received_on=data["received_on"],
            content=data.get("content") or "",
            continues=bool(data.get("continues")),
            reason=data.get("reason") or "",
            expected_version=form.expected_version(),
        )
        return _("The withdrawal was recorded.")


class TerminateView(Decision, CaseAction):
    key = "terminate"
    form_class = f.TerminateForm

    argument_names = ("ground",)

    def done(self, result: Any) -> str:
        return _("The resolution was ended.")


class DecideView(Decision, CaseAction):
    key = "decide"
    form_class = f.DecideForm
    today_field = "decided_on"

    argument_names = (
        "outcome",
        "findings",
        "conclusion",
        "decision_text",
        "measures",
        "decided_on",
    )

    def done(self, result: Any) -> str:
        return _("The decision was issued.")


class SendView(CaseAction):
    key = "send"
    form_class = f.SendForm
    today_field = "sent_on"

    def perform(self, form: Any, obj: Case) -> str:
        cases.case_send(
            case=obj,
            actor=self.request.user,
            sent_on=form.cleaned_data["sent_on"],
            expected_version=form.expected_version(),
        )
        return _("The decision was sent; the citizen can read the answer.")


class PublishView(CaseAction):
    key = "publish"
    form_class = f.PublishForm

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "starts_on": calendar.today_local(),
            "text": case.decision_summary,
        }

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        cases.publication_create(
            case=obj,
            actor=self.request.user,
            title=data["title"],
            text=data["text"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
            expected_version=form.expected_version(),
        )
        return _("The result was published.")


class InformPartyView(CaseAction):
    """A state body's record that it informed the managing party organisation of a measure
    against an official who is a party member (QĐ 296-QĐ/TW Art. 8(5) [S])."""

    key = "inform_party"
    form_class = InformPartyForm
    today_field = "informed_on"

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        notification = party.case_inform_party(
            case=obj, actor=self.request.user, measure=data["measure"],
            measure_on=data["measure_on"], informed_on=data["informed_on"],
            party_body=data["party_body"], reference=data.get("reference") or "",
            expected_version=form.expected_version(),
        )  # fmt: skip
        if notification.on_time:
            return _("The notice to the party organisation was recorded, within the time limit.")
        return _(
            "The notice to the party organisation was recorded, after the time limit (%(date)s)."
        ) % {"date": notification.due_on.strftime("%d/%m/%Y")}


#: The actions in the order the page shows them.
CASE_ACTIONS: tuple[type[CaseAction], ...] = (
    AssignView,
    NoteView,
    ComplexityView,
    ExtendView,
    SuspendView,
    ResumeView,
    WithdrawView,
    DecideView,
    TerminateView,
    SendView,
    PublishView,
    InformPartyView,
)
