"""The work on a case, each action a POST from the case's page (see ``letter_actions`` for the
pattern: ``allowed`` is the person's part in the case, ``shown`` adds the case's state)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import calendar
from danvan.letters import policies, selectors
from danvan.letters.choices import LetterKindChoice, WithdrawalScope
from danvan.letters.forms import staff as f
from danvan.letters.models import Case, Signer
from danvan.letters.services import cases
from danvan.letters.states import CaseStatus
from danvan.letters.views.staff.common import ActionView, case_for, check_version


def signer_choices(user: Any, case: Case, signers: list[Signer] | None) -> list[tuple[int, str]]:
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


class CaseAction(ActionView):
    title: ClassVar[Any] = ""
    form_class: ClassVar[type[forms.Form]]
    #: The form's date field that starts as today, if any.
    today_field: ClassVar[str] = ""

    def load(self, pk: Any) -> Case:
        return case_for(self.request.user, pk)

    @classmethod
    def role_allows(cls, user: Any, case: Case) -> bool:
        return policies.works_on(user, case)

    def allowed(self, obj: Case) -> bool:
        return self.role_allows(self.request.user, obj)

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        raise NotImplementedError

    @classmethod
    def form_kwargs(cls, user: Any, case: Case, signers: list[Signer] | None) -> dict[str, Any]:
        return {}

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": case.version}
        if cls.today_field:
            initial[cls.today_field] = calendar.today_local()
        return initial

    @classmethod
    def form_for(
        cls,
        user: Any,
        case: Case,
        data: Any = None,
        signers: list[Signer] | None = None,
    ) -> forms.Form:
        kwargs = cls.form_kwargs(user, case, signers)
        if data is None:
            return cls.form_class(prefix=cls.key, initial=cls.initial(case), **kwargs)
        return cls.form_class(data, prefix=cls.key, **kwargs)

    def build_form(self, obj: Case) -> forms.Form:
        return self.form_for(self.request.user, obj, self.request.POST)

    def render_page(self, obj: Case, bound: dict[str, forms.Form]) -> HttpResponse:
        from danvan.letters.views.staff.cases import render_case_page

        return render_case_page(self.request, obj, bound)

    def success_url(self, obj: Case) -> str:
        return reverse("letters:staff-case-detail", args=[obj.pk])


class AssignView(CaseAction):
    key = "assign"
    title = gettext_lazy("Assign handlers")
    form_class = f.AssignForm

    @classmethod
    def role_allows(cls, user: Any, case: Case) -> bool:
        return policies.is_leader(user, case.unit_id)

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_assign(user, case)

    @classmethod
    def form_kwargs(cls, user: Any, case: Case, signers: list[Signer] | None) -> dict[str, Any]:
        return {"case": case}

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        handlers = list(
            case.assignments.filter(ended_at__isnull=True).values_list("user_id", flat=True)
        )
        return {"version": case.version, "handlers": handlers}

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        resolver = data.get("resolver")
        cases.case_assign(
            case=obj,
            actor=self.request.user,
            handler_ids=[u.pk for u in data["handlers"]],
            resolver_id=resolver.pk if resolver is not None else None,
            expected_version=form.expected_version(),
        )
        return _("The handlers were assigned.")


class NoteView(CaseAction):
    key = "note"
    title = gettext_lazy("Add a verification note or dialogue minutes")
    form_class = f.NoteForm
    today_field = "occurred_on"

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_work_on_case(user, case)

    def perform(self, form: Any, obj: Case) -> str:
        check_version(form, obj.version)
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
        )
        return _("The note was added.")


class ResolverAction(CaseAction):
    """Decisions of the head who resolves the case."""

    @classmethod
    def role_allows(cls, user: Any, case: Case) -> bool:
        return policies.is_resolver(user, case)


class ComplexityView(ResolverAction):
    key = "complexity"
    title = gettext_lazy("Mark the complexity")
    form_class = f.ComplexityForm

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_decide(user, case)

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "grounds": list(case.complexity_grounds or []),
            "reason": case.complexity_reason,
        }

    def perform(self, form: Any, obj: Case) -> str:
        updated = cases.case_set_complexity(
            case=obj,
            actor=self.request.user,
            grounds=form.cleaned_data.get("grounds") or [],
            reason=form.cleaned_data.get("reason") or "",
            expected_version=form.expected_version(),
        )
        return _("Complexity recorded: %(label)s.") % {"label": updated.get_complexity_display()}


class ExtendView(ResolverAction):
    key = "extend"
    title = gettext_lazy("Extend the resolution period")
    form_class = f.ExtendForm
    today_field = "decided_on"

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return (
            policies.can_decide(user, case)
            and case.kind == LetterKindChoice.DENUNCIATION
            and case.status == CaseStatus.IN_PROGRESS
        )

    @classmethod
    def form_kwargs(cls, user: Any, case: Case, signers: list[Signer] | None) -> dict[str, Any]:
        return {"longest": case.due_rule.extension_amount}

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        extension = cases.case_extend(
            case=obj,
            actor=self.request.user,
            days=data["days"],
            decided_on=data["decided_on"],
            reason=data["reason"],
            expected_version=form.expected_version(),
        )
        return _("The period was extended to %(date)s.") % {
            "date": extension.new_due_on.strftime("%d/%m/%Y")
        }


class SuspendView(ResolverAction):
    key = "suspend"
    title = gettext_lazy("Suspend")
    form_class = f.SuspendForm
    today_field = "started_on"

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_decide(user, case) and case.status == CaseStatus.IN_PROGRESS

    def perform(self, form: Any, obj: Case) -> str:
        cases.case_suspend(
            case=obj,
            actor=self.request.user,
            ground=form.cleaned_data["ground"],
            started_on=form.cleaned_data["started_on"],
            expected_version=form.expected_version(),
        )
        return _("The case was suspended; its clock has stopped.")


class ResumeView(ResolverAction):
    key = "resume"
    title = gettext_lazy("Resume")
    form_class = f.ResumeForm
    today_field = "resumed_on"

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_decide(user, case) and case.status == CaseStatus.SUSPENDED

    def perform(self, form: Any, obj: Case) -> str:
        updated = cases.case_resume(
            case=obj,
            actor=self.request.user,
            resumed_on=form.cleaned_data["resumed_on"],
            expected_version=form.expected_version(),
        )
        return _("The case resumed; it is now due by %(date)s.") % {
            "date": updated.due_on.strftime("%d/%m/%Y")
        }


class WithdrawView(CaseAction):
    key = "withdraw"
    title = gettext_lazy("Record a withdrawal")
    form_class = f.WithdrawForm

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_work_on_case(user, case)

    @classmethod
    def form_kwargs(cls, user: Any, case: Case, signers: list[Signer] | None) -> dict[str, Any]:
        return {"signer_choices": signer_choices(user, case, signers)}

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "received_on": calendar.today_local(),
            "scope": WithdrawalScope.WHOLE,
        }

    def build_form(self, obj: Case) -> forms.Form:
        signers = None
        if policies.can_view_identity(self.request.user, obj.letter):
            signers = selectors.signers_for(
                viewer=self.request.user, letter=obj.letter, purpose="withdrawal"
            )
        return self.form_for(self.request.user, obj, self.request.POST, signers)

    def perform(self, form: Any, obj: Case) -> str:
        check_version(form, obj.version)
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
        )
        return _("The withdrawal was recorded.")


class TerminateView(CaseAction):
    key = "terminate"
    title = gettext_lazy("End the resolution")
    form_class = f.TerminateForm

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_work_on_case(user, case) or policies.can_decide(user, case)

    def perform(self, form: Any, obj: Case) -> str:
        check_version(form, obj.version)
        cases.case_terminate(case=obj, actor=self.request.user, ground=form.cleaned_data["ground"])
        return _("The resolution was ended.")


class DecideView(ResolverAction):
    key = "decide"
    title = gettext_lazy("Issue the decision")
    form_class = f.DecideForm
    today_field = "decided_on"

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_decide(user, case) and case.status == CaseStatus.IN_PROGRESS

    def perform(self, form: Any, obj: Case) -> str:
        data = form.cleaned_data
        cases.case_decide(
            case=obj,
            actor=self.request.user,
            outcome=data["outcome"],
            findings=data["findings"],
            conclusion=data["conclusion"],
            decision_text=data.get("decision_text") or "",
            measures=data.get("measures") or "",
            decided_on=data["decided_on"],
            expected_version=form.expected_version(),
        )
        return _("The decision was issued.")


class SendView(CaseAction):
    key = "send"
    title = gettext_lazy("Record that the decision was sent")
    form_class = f.SendForm
    today_field = "sent_on"

    @classmethod
    def role_allows(cls, user: Any, case: Case) -> bool:
        return policies.works_on(user, case) or policies.can_register(user, case.unit_id)

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_send_decision(user, case)

    def perform(self, form: Any, obj: Case) -> str:
        check_version(form, obj.version)
        cases.case_send(case=obj, actor=self.request.user, sent_on=form.cleaned_data["sent_on"])
        return _("The decision was sent; the citizen can read the answer.")


class PublishView(CaseAction):
    key = "publish"
    title = gettext_lazy("Publish the result")
    form_class = f.PublishForm

    @classmethod
    def shown(cls, user: Any, case: Case) -> bool:
        return policies.can_publish(user, case)

    @classmethod
    def initial(cls, case: Case) -> dict[str, Any]:
        return {
            "version": case.version,
            "starts_on": calendar.today_local(),
            "text": case.decision_summary,
        }

    def perform(self, form: Any, obj: Case) -> str:
        check_version(form, obj.version)
        data = form.cleaned_data
        cases.publication_create(
            case=obj,
            actor=self.request.user,
            title=data["title"],
            text=data["text"],
            starts_on=data["starts_on"],
            ends_on=data.get("ends_on"),
        )
        return _("The result was published.")


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
)
