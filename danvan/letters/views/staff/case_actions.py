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
from danvan.letters import case_file, selectors
from danvan.letters.choices import (
    SUSPENSION_GROUNDS,
    TERMINATION_GROUNDS,
    PublicationForm,
    WithdrawalScope,
    grounds_for,
)
from danvan.letters.forms import staff as f
from danvan.letters.forms.staff.party import InformPartyForm
from danvan.letters.models import Case, CaseNotice, ConclusionMeasure, Signer
from danvan.letters.policies import LetterPolicy, verification_unit_ids
from danvan.letters.services import cases, complaints, denunciations, party, verification
from danvan.letters.views.staff.common import CrimeReferralDecision, Decision, case_for
from danvan.letters.workflows import CASE_WORKFLOW
from danvan.organizations.models import Unit
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


class VerifyView(Decision, CaseAction):
    """Assign verification: the head decides, those working on the case propose it."""

    key = "verify"
    form_class = f.VerifyForm
    today_field = "assigned_on"

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, case: Case, extra: Extra) -> dict[str, Any]:
        return {
            "units": Unit.objects.filter(pk__in=verification_unit_ids(case)).order_by("name"),
            "people": policy.verifier_candidates(case),
        }

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "unit": case.unit_id,
            "assigned_on": calendar.today_local(),
            "due_on": case.due_on,
        }

    def arguments(self, form: Any, obj: Case) -> dict[str, Any]:
        data = form.cleaned_data
        return {
            "unit": data["unit"].pk,
            "leader": data["leader"].pk,
            "members": [u.pk for u in data["members"]],
            "assigned_on": data["assigned_on"].isoformat(),
            "due_on": data["due_on"].isoformat(),
        }

    def done(self, result: Any) -> str:
        return _("Verification was assigned; each verifier declares their ties before acting.")


class DeclareView(CaseAction):
    key = "declare"
    form_class = f.DeclareForm

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        declaration = verification.case_declare(
            case=obj,
            actor=self.request.user,
            tie=data["tie"],
            note=data.get("note") or "",
            expected_version=form.expected_version(),
        )
        if declaration.tie == "none":
            return _("Your declaration was recorded.")
        return _("Your declaration was recorded: you are recused from this case.")


class ReportView(CaseAction):
    key = "report"
    form_class = f.ReportForm
    today_field = "reported_on"

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        verification.case_report(
            case=obj,
            actor=self.request.user,
            subject=data["subject"],
            verified_from=data["verified_from"],
            verified_to=data["verified_to"],
            content=data["content"],
            result=data["result"],
            conclusion=data["conclusion"],
            recommendation=data["recommendation"],
            dissent=data.get("dissent") or "",
            reported_on=data["reported_on"],
            expected_version=form.expected_version(),
        )
        return _("The verification report was submitted to the head.")


class EscalateView(Decision, CaseAction):
    """The superior's head orders it; anyone working on the case proposes it to them."""

    key = "escalate"
    form_class = f.EscalateForm
    argument_names = ("reason",)

    @classmethod
    def may_approve(cls, policy: LetterPolicy, obj: Case) -> bool:
        return policy.is_superior_head(obj)

    def done(self, result: Any) -> str:
        return _("The case was handed over to %(unit)s.") % {"unit": result.superior.name}


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

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, case: Case, extra: Extra) -> dict[str, Any]:
        return {"grounds": grounds_for(SUSPENSION_GROUNDS, case.kind, calendar.today_local())}

    argument_names = ("ground", "explanation", "started_on")

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

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, case: Case, extra: Extra) -> dict[str, Any]:
        return {"grounds": grounds_for(TERMINATION_GROUNDS, case.kind, calendar.today_local())}

    argument_names = ("ground", "explanation")

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
        "lower_violations",
        "dialogue_result",
        "legal_grounds",
        "contested_measure",
        "compensation",
        "scope",
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
            received_on=form.cleaned_data.get("received_on"),
            expected_version=form.expected_version(),
        )
        return _("The decision was sent; the citizen can read the answer.")


class ReceiptView(CaseAction):
    key = "receipt"
    form_class = f.ReceiptForm
    today_field = "received_on"

    def perform(self, form: Any, obj: Case) -> str:
        complaints.case_record_receipt(
            case=obj,
            actor=self.request.user,
            received_on=form.cleaned_data["received_on"],
            expected_version=form.expected_version(),
        )
        return _("The date of receipt was recorded.")


class ContinueView(Decision, CaseAction):
    key = "continue"
    form_class = f.ContinueForm
    today_field = "requested_on"

    argument_names = ("requested_on",)

    def done(self, result: Any) -> str:
        return _("The complaint is resolved again; it is due by %(date)s.") % {
            "date": result.due_on.strftime("%d/%m/%Y")
        }


class InviteView(CaseAction):
    key = "invite"
    form_class = f.InviteForm
    today_field = "invited_on"

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        complaints.dialogue_invitation_record(
            case=obj,
            actor=self.request.user,
            number=data["number"],
            invited_on=data["invited_on"],
            meeting_on=data["meeting_on"],
            attended=data.get("attended"),
            note=data.get("note") or "",
            expected_version=form.expected_version(),
        )
        return _("The invitation was recorded.")


class SuspendExecutionView(Decision, CaseAction):
    key = "suspend_execution"
    form_class = f.SuspendExecutionForm
    today_field = "started_on"

    argument_names = ("ground", "started_on", "ends_by")

    def done(self, result: Any) -> str:
        return _("The execution of the contested decision is suspended; the case's clock runs on.")


class LiftExecutionView(Decision, CaseAction):
    key = "lift_execution"
    form_class = f.LiftExecutionForm
    today_field = "lifted_on"

    argument_names = ("lifted_on", "reason")

    def done(self, result: Any) -> str:
        return _("The suspension of execution was lifted.")


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
            form=data.get("form") or PublicationForm.PORTAL,
            times=data.get("times"),
            announced_on=data.get("announced_on"),
            expected_version=form.expected_version(),
        )
        return _("The result was published.")


class NoticeSentView(CaseAction):
    """Record the day a notice or a copy the law requires was sent (Luật Tố cáo Arts. 29(3),
    35(3))."""

    key = "notice_sent"
    form_class = f.NoticeSentForm
    today_field = "sent_on"

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, case: Case, extra: Extra) -> dict[str, Any]:
        unsent = CaseNotice.objects.filter(case=case, sent_on__isnull=True).order_by("due_on")
        return {"kinds": [(n.kind, str(n.get_kind_display())) for n in unsent]}

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        denunciations.case_notice_sent(
            case=obj,
            actor=self.request.user,
            kind=data["kind"],
            sent_on=data["sent_on"],
            expected_version=form.expected_version(),
        )
        return _("The notice was recorded as sent.")


class MeasureView(Decision, CaseAction):
    """The head orders a measure of the conclusion (Luật Tố cáo Art. 36(1))."""

    key = "measure"
    form_class = f.MeasureForm
    argument_names = ("what", "responsible", "due_on")

    def done(self, result: Any) -> str:
        return _("The measure was ordered, due by %(date)s.") % {
            "date": result.due_on.strftime("%d/%m/%Y")
        }


class MeasureDoneView(CaseAction):
    """Record that a measure was carried out, and its report (Luật Tố cáo Art. 36)."""

    key = "measure_done"
    form_class = f.MeasureDoneForm
    today_field = "done_on"

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, case: Case, extra: Extra) -> dict[str, Any]:
        rows = ConclusionMeasure.objects.filter(case=case, reported_on__isnull=True)
        return {"measures": [(m.pk, m.what[:80]) for m in rows]}

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        denunciations.measure_done(
            case=obj,
            actor=self.request.user,
            measure_id=data["measure"],
            done_on=data["done_on"],
            report=data.get("report") or "",
            reported_on=data.get("reported_on"),
            expected_version=form.expected_version(),
        )
        return _("The measure was recorded.")


class CaseCrimeView(CrimeReferralDecision, CaseAction):
    """Send the file at once on signs of a crime (Luật Tố cáo Arts. 27, 36(2))."""


class CloseFileView(CaseAction):
    """Close the case file (TT 07/2013/TT-TTCP Art. 23): a record, not a decision."""

    key = "close_file"
    form_class = f.CloseFileForm
    today_field = "closed_on"

    def perform(self, form: Any, obj: Case) -> str:
        closing = case_file.case_file_close(
            case=obj,
            actor=self.request.user,
            closed_on=form.cleaned_data["closed_on"],
            expected_version=form.expected_version(),
        )
        return _("The case file was closed; hand it to the archive by %(date)s.") % {
            "date": closing.archive_due_on.strftime("%d/%m/%Y")
        }


class ArchiveFileView(CaseAction):
    """Record that the closed file was handed to the archive, in its two groups."""

    key = "archive_file"
    form_class = f.ArchiveFileForm
    today_field = "handed_on"

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        case_file.case_file_archive(
            case=obj,
            actor=self.request.user,
            handed_on=data["handed_on"],
            archive_reference=data["archive_reference"],
            group_one=data["group_one"],
            group_two=data["group_two"],
            expected_version=form.expected_version(),
        )
        return _("The hand-over of the case file to the archive was recorded.")


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
    VerifyView,
    DeclareView,
    NoteView,
    ReportView,
    ComplexityView,
    ExtendView,
    SuspendView,
    ResumeView,
    WithdrawView,
    DecideView,
    TerminateView,
    EscalateView,
    SendView,
    ReceiptView,
    InviteView,
    SuspendExecutionView,
    LiftExecutionView,
    ContinueView,
    PublishView,
    NoticeSentView,
    MeasureView,
    MeasureDoneView,
    CaseCrimeView,
    CloseFileView,
    ArchiveFileView,
    InformPartyView,
)
