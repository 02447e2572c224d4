"""The forms of bulk work on letters: what each action needs, asked on the confirmation page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.core.form_fields import CleanCharField
from danvan.letters.forms.staff.common import UsersChoiceField, active_units, text_field
from danvan.letters.services.bulk import PROPOSABLE_MOVES, ProposedHandling
from danvan.letters.workflows import LETTER_WORKFLOW
from danvan.organizations.models import Field, Unit

__all__ = ["BulkAssignForm", "BulkClassifyForm", "BulkProposeForm"]


class BulkAssignForm(forms.Form):
    handlers = UsersChoiceField(
        label=_("Handlers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Handling officers and leaders of the units of the chosen letters; each letter's "
            "handlers are replaced by these."
        ),
    )

    def __init__(self, *args: Any, handlers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handlers"].queryset = handlers  # type: ignore[attr-defined]

    def handler_ids(self) -> list[int]:
        return [u.pk for u in self.cleaned_data["handlers"]]


class BulkClassifyForm(forms.Form):
    field = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Field.objects.filter(active=True).order_by("parent_id", "position", "name"),
        help_text=_("The rest of each letter's classification stays as it is."),
    )


class BulkProposeForm(forms.Form):
    move = forms.ChoiceField(label=_("Handling to propose"), choices=[])
    reasons = CleanCharField(
        label=_("Reasons for the proposal"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = text_field(_("Reason (for filing or forwarding)"), required=False)
    to_unit = forms.ModelChoiceField(
        label=_("Competent unit on the platform (to forward)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Not on the platform (name it below)"),
    )
    to_body = CleanCharField(
        label=_("Or the competent body (to forward)"), required=False, max_length=255
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["move"].choices = [  # type: ignore[attr-defined]
            (key, LETTER_WORKFLOW.get(key).label) for key in PROPOSABLE_MOVES
        ]
        self.fields["to_unit"].queryset = active_units()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        move = data.get("move")
        if move == "archive" and not data.get("reason"):
            self.add_error("reason", _("Say why the letters are filed."))
        if move == "forward" and data.get("to_unit") is None and not data.get("to_body"):
            self.add_error("to_body", _("Choose a unit or name the competent body."))
        return data

    def proposed(self) -> ProposedHandling:
        data = self.cleaned_data
        forward = data["move"] == "forward"
        return ProposedHandling(
            move_key=data["move"],
            reasons=data["reasons"],
            reason=data.get("reason") or "",
            to_unit=data.get("to_unit") if forward else None,
            to_body=(data.get("to_body") or "") if forward else "",
        )
