"""The forms of proposals: proposing (a move's form adds its own fields), deciding, revising."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.core.form_fields import CleanCharField
from danvan.organizations.models import Unit
from danvan.organizations.roles import Position, Role
from danvan.workflow.forms import VersionedForm

__all__ = [
    "ApproveForm",
    "ProposalContent",
    "ProposalForm",
    "ProposeAgainForm",
    "ReturnForm",
    "RoleGrantForm",
    "WithdrawForm",
]


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (their content is checked by the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _text(label: Any, *, required: bool, help_text: Any = "", rows: int = 5) -> CleanCharField:
    return CleanCharField(
        label=label, required=required, max_length=20_000, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


class ProposalContent(forms.Form):
    """What a proposal says, beside the move's own fields."""

    draft = _text(
        _("Draft decision or notice"), required=False,
        help_text=_("The text the head approves: it is issued later, once approved."), rows=8,
    )  # fmt: skip
    reasons = _text(_("Reasons"), required=True)
    attachments = MultipleFileField(
        label=_("Attached files"), required=False,
        help_text=_("PDF, DOCX, XLSX, ODT, JPEG or PNG; at most 5 files of 10 MB each."),
    )  # fmt: skip


class ProposalForm(ProposalContent, VersionedForm):
    """The form of a move that needs approval: what the proposal says (a module's form for
    such a move subclasses it and adds the move's own fields)."""


class ApproveForm(VersionedForm):
    comment = _text(_("Comment"), required=False, rows=3)
    confirm = forms.BooleanField(
        label=_("I have read this version and approve it: what it proposes will be done now."),
        required=True,
        error_messages={"required": _("Tick the box to confirm the approval.")},
    )


class ReturnForm(VersionedForm):
    comments = _text(_("Comments for the proposer"), required=True)


class ProposeAgainForm(ProposalContent, VersionedForm):
    answer = _text(_("Answer to the comments"), required=True, rows=4)

    field_order = ["answer", "draft", "reasons", "attachments"]


class WithdrawForm(VersionedForm):
    reason = _text(_("Why"), required=False, rows=3)


class RoleGrantForm(ProposalContent):
    """Propose to give a person a role in a unit (approved by a second administrator)."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    username = CleanCharField(
        label=_("The person's login name"), max_length=150,
        help_text=_("The account must exist and be active."),
    )  # fmt: skip
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    position = forms.ChoiceField(
        label=_("Place in the leadership"), choices=Position.choices, required=False,
        help_text=_("Head or deputy head of the unit, for a unit leader; staff otherwise."),
    )  # fmt: skip
    position_title = CleanCharField(label=_("Position title"), max_length=200, required=False)
    effective_from = forms.DateField(
        label=_("First day"), required=False, help_text=_("Today if left empty."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    effective_to = forms.DateField(
        label=_("Last day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    field_order = [
        "unit", "username", "role", "position", "position_title", "effective_from", "effective_to",
        "reasons", "draft", "attachments",
    ]  # fmt: skip

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = units

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        person = User.objects.filter(username=name, is_active=True).first()
        if person is None:
            raise forms.ValidationError(_("No active account has this login name."))
        return person
