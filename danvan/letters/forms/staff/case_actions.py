"""Forms of the work on a case: assignment, notes, complexity, the clock, withdrawal, the
decision, sending and publication."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.core.form_fields import INT16_MAX, BoundedIntegerField, CleanCharField
from danvan.letters.choices import (
    CaseOutcome,
    ComplexityGround,
    ContestedMeasure,
    CrimeBody,
    DecisionScope,
    NoteKind,
    PublicationForm,
    SuspensionGround,
    TerminationGround,
    Tie,
    WithdrawalScope,
)
from danvan.letters.forms.staff.common import (
    TEXT_MAX,
    UserChoiceField,
    UsersChoiceField,
    date_field,
    text_field,
)
from danvan.letters.policies import Assignable
from danvan.organizations.models import Unit
from danvan.workflow.forms import VersionedForm


class AssignForm(VersionedForm):
    handlers = UsersChoiceField(
        label=_("Handlers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Handling officers and leaders of the resolving unit."),
    )
    resolver = UserChoiceField(
        label=_("Head who resolves it"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Keep as it is"),
    )

    def __init__(self, *args: Any, assignable: Assignable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handlers"].queryset = assignable.handlers  # type: ignore[attr-defined]
        self.fields["resolver"].queryset = assignable.resolvers  # type: ignore[attr-defined]


class VerifyForm(VersionedForm):
    """Assign verification (Luật Khiếu nại Art. 29(1); NĐ 31/2019 Art. 10)."""

    unit = forms.ModelChoiceField(
        label=_("Unit that verifies"),
        queryset=Unit.objects.none(),
        help_text=_("The case's own unit, the same-level inspectorate or another body."),
    )
    leader = UserChoiceField(label=_("Team leader"), queryset=User.objects.none())
    members = UsersChoiceField(
        label=_("Team members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("From the unit that verifies. A denunciation needs at least two people."),
    )
    assigned_on = date_field(_("Assigned on"))
    due_on = date_field(
        _("Verify by"), past=False, help_text=_("Not after the resolution deadline.")
    )

    def __init__(self, *args: Any, units: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["leader"].queryset = people  # type: ignore[attr-defined]
        self.fields["members"].queryset = people  # type: ignore[attr-defined]


class DeclareForm(VersionedForm):
    """A verifier's or the head's declaration of ties (NĐ 31/2019 Art. 10(1))."""

    tie = forms.ChoiceField(
        label=_("Tie with the person denounced or the matter"), choices=Tie.choices
    )
    note = CleanCharField(label=_("Details"), required=False, max_length=500)


class ReportForm(VersionedForm):
    """The verification report (Luật Khiếu nại Art. 29(4); TT 07/2013 Art. 18(1))."""

    subject = CleanCharField(label=_("Subject of the verification"), max_length=255)
    verified_from = date_field(_("Verified from"))
    verified_to = date_field(_("Verified until"))
    content = text_field(_("Content verified"), max_length=TEXT_MAX, rows=5)
    result = text_field(_("Result"), max_length=TEXT_MAX, rows=5)
    conclusion = text_field(_("Conclusion"), max_length=TEXT_MAX, rows=4)
    recommendation = text_field(_("Recommendation"), max_length=TEXT_MAX, rows=3)
    dissent = text_field(
        _("Dissenting members' opinions"), required=False, max_length=TEXT_MAX, rows=3
    )
    reported_on = date_field(_("Report date"))


class EscalateForm(VersionedForm):
    """The superior takes a denunciation over (NĐ 31/2019 Art. 5)."""

    reason = text_field(_("Why the superior takes the case over"))


class NoteForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind of note"), choices=NoteKind.choices)
    occurred_on = date_field(_("Date"))
    place = CleanCharField(label=_("Place"), required=False, max_length=255)
    participants = text_field(_("Participants"), required=False, rows=2)
    text = text_field(_("Content"), max_length=TEXT_MAX, rows=6)
    signed_by_all = forms.BooleanField(
        label=_("Signed by every participant"), required=False, initial=True
    )
    refusal_reason = CleanCharField(
        label=_("Who did not sign, and why"), required=False, max_length=500
    )


class ComplexityForm(VersionedForm):
    grounds = forms.MultipleChoiceField(
        label=_("What makes the case complicated"),
        choices=ComplexityGround.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None: a normal case. One: complicated. Two or more (denunciations): "
            "especially complicated."
        ),
    )
    reason = text_field(_("Written reason"), required=False)


class ExtendForm(VersionedForm):
    days = BoundedIntegerField(label=_("Days"), min_value=1, max_value=INT16_MAX)
    decided_on = date_field(_("Date of the extension decision"))
    reason = text_field(_("Reason"))

    def __init__(self, *args: Any, longest: int | None, **kwargs: Any) -> None:
        """``longest``: the most days one extension may add, from the case's time-limit rule
        (Luật Tố cáo Art. 30); without it the service refuses the extension."""
        super().__init__(*args, **kwargs)
        most = INT16_MAX if longest is None else min(longest, INT16_MAX)  # extension_days column
        self.fields["days"] = BoundedIntegerField(label=_("Days"), min_value=1, max_value=most)


class SuspendForm(VersionedForm):
    ground = forms.ChoiceField(label=_("Ground for the suspension"), choices=[])
    explanation = text_field(_("Explanation"), required=False)
    started_on = date_field(_("Suspended on"))

    def __init__(self, *args: Any, grounds: tuple[str, ...] = (), **kwargs: Any) -> None:
        """``grounds``: the codes the law lists for this kind of case today."""
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [  # type: ignore[attr-defined]
            (g, SuspensionGround(g).label) for g in grounds
        ]


class ResumeForm(VersionedForm):
    resumed_on = date_field(_("Resumed on"))


class WithdrawForm(VersionedForm):
    scope = forms.ChoiceField(
        label=_("What is withdrawn"), choices=WithdrawalScope.choices, widget=forms.RadioSelect
    )
    signers = forms.TypedMultipleChoiceField(
        label=_("Who withdraws"), coerce=int, choices=[], widget=forms.CheckboxSelectMultiple
    )
    received_on = date_field(_("Withdrawal received on"))
    content = text_field(_("Withdrawn content"), required=False)
    continues = forms.BooleanField(
        label=_("The resolution continues"),
        required=False,
        help_text=_("Signs of a violation, a coerced withdrawal, or other signers continue."),
    )
    reason = text_field(_("Officer's note"), required=False)

    def __init__(self, *args: Any, signer_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signers"].choices = signer_choices  # type: ignore[attr-defined]


class TerminateForm(VersionedForm):
    ground = forms.ChoiceField(label=_("Ground for ending the resolution"), choices=[])
    explanation = text_field(_("Explanation"), required=False)

    def __init__(self, *args: Any, grounds: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [  # type: ignore[attr-defined]
            (g, TerminationGround(g).label) for g in grounds
        ]


class DecideForm(VersionedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CaseOutcome.choices)
    decided_on = date_field(_("Decision date"))
    findings = text_field(_("Findings"), max_length=TEXT_MAX, rows=6)
    conclusion = text_field(
        _("Conclusion"),
        max_length=TEXT_MAX,
        rows=5,
        help_text=_("Becomes the answer to the citizen, with personal data removed."),
    )
    decision_text = text_field(_("Decision"), required=False, max_length=TEXT_MAX, rows=4)
    measures = text_field(_("Measures"), required=False, max_length=TEXT_MAX, rows=3)
    lower_violations = text_field(
        _("Violations of the lower level"),
        required=False,
        max_length=TEXT_MAX,
        rows=3,
        help_text=_("Required when a denunciation is resolved again (Luật Tố cáo Art. 37(4))."),
    )
    # What a complaint decision holds (Luật Khiếu nại Art. 31(2); TT 07/2013 Art. 22).
    dialogue_result = text_field(_("Result of the dialogue"), required=False, rows=3)
    legal_grounds = text_field(_("Legal basis of the decision"), required=False, rows=2)
    contested_measure = forms.ChoiceField(
        label=_("What is done with what was complained of"),
        choices=[("", "—"), *ContestedMeasure.choices],
        required=False,
    )
    compensation = text_field(_("Compensation (if any)"), required=False, rows=2)
    scope = forms.ChoiceField(
        label=_("Several complainants with the same content"),
        choices=[("", "—"), *DecisionScope.choices],
        required=False,
    )


class SendForm(VersionedForm):
    sent_on = date_field(_("Sent on"))
    received_on = date_field(
        _("Received by the complainant on"),
        required=False,
        help_text=_("The second complaint's window runs from this day (Luật Khiếu nại Art. 33)."),
    )


class ReceiptForm(VersionedForm):
    received_on = date_field(_("Received by the complainant on"))


class ContinueForm(VersionedForm):
    requested_on = date_field(_("The complainant asked to continue on"))


class InviteForm(VersionedForm):
    number = forms.TypedChoiceField(
        label=_("Invitation"),
        coerce=int,
        choices=[(1, _("First invitation")), (2, _("Second invitation"))],
    )
    invited_on = date_field(_("Invitation sent on"))
    meeting_on = date_field(_("Dialogue set for"), past=False)
    attended = forms.TypedChoiceField(
        label=_("Did the complainant come?"),
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        choices=[("", _("Not yet known")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
        empty_value=None,
    )
    note = CleanCharField(label=_("Note"), required=False, max_length=500)


class SuspendExecutionForm(VersionedForm):
    ground = text_field(_("Harm the suspension prevents"))
    started_on = date_field(_("Suspended from"))
    ends_by = date_field(_("At most until"), required=False, past=False)


class LiftExecutionForm(VersionedForm):
    lifted_on = date_field(_("Lifted on"))
    reason = text_field(_("Why the reason has ended"))


class PublishForm(VersionedForm):
    title = CleanCharField(label=_("Title"), max_length=255)
    text = text_field(
        _("Text"),
        max_length=TEXT_MAX,
        rows=6,
        help_text=_("No name, address, telephone or other detail of any signer."),
    )
    form = forms.ChoiceField(
        label=_("Form of publication"),
        choices=PublicationForm.choices,
        initial=PublicationForm.PORTAL,
        required=False,
    )
    times = BoundedIntegerField(
        label=_("Times in the press, on radio or television"),
        required=False,
        min_value=1,
        max_value=100,
    )
    announced_on = date_field(_("Meeting announced on"), required=False)
    starts_on = date_field(_("Published from"), past=False)
    ends_on = date_field(_("Published until"), required=False, past=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("A publication cannot end before it starts."))
        return data


class NoticeSentForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Notice"), choices=())
    sent_on = date_field(_("Sent on"))

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]


class MeasureForm(VersionedForm):
    what = text_field(_("Measure"), max_length=TEXT_MAX)
    responsible = CleanCharField(label=_("Responsible body or person"), max_length=255)
    due_on = date_field(
        _("Due on"),
        required=False,
        past=False,
        help_text=_("Empty: the conclusion's handling date (Luật Tố cáo Art. 36(1))."),
    )


class MeasureDoneForm(VersionedForm):
    measure = forms.TypedChoiceField(label=_("Measure"), choices=(), coerce=int)
    done_on = date_field(_("Done on"))
    report = text_field(_("Report"), required=False, max_length=TEXT_MAX)
    reported_on = date_field(_("Reported on"), required=False)

    def __init__(self, *args: Any, measures: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = measures  # type: ignore[attr-defined]


class CrimeForm(VersionedForm):
    body_kind = forms.ChoiceField(label=_("Sent to"), choices=CrimeBody.choices)
    body_name = CleanCharField(label=_("Name of the body"), max_length=255)
    signs = text_field(
        _("Signs of a crime"), help_text=_("No name or contact detail of the denouncer.")
    )
    referred_on = date_field(_("Sent on"))


class CloseFileForm(VersionedForm):
    closed_on = date_field(_("Closed on"))


class ArchiveFileForm(VersionedForm):
    handed_on = date_field(_("Handed to the archive on"))
    archive_reference = CleanCharField(
        label=_("Archive reference"),
        max_length=100,
        help_text=_("The file's number or code in the archive's register."),
    )
    group_one = text_field(
        _("First group of documents"),
        max_length=TEXT_MAX,
        rows=4,
        help_text=_("What the first group holds (TT 07/2013/TT-TTCP Art. 23)."),
    )
    group_two = text_field(
        _("Second group of documents"),
        max_length=TEXT_MAX,
        rows=4,
        help_text=_("What the second group holds."),
    )
