"""Filters of the letter and case lists (GET forms: bad values are reported, never fatal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.form_fields import CleanCharField
from danvan.letters.choices import LetterKind
from danvan.letters.selectors import LetterFilters
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.organizations.models import Unit
from danvan.workflow.worklists import FilterForm

URGENCY_CHOICES = [
    ("", _("Any deadline")),
    ("overdue", _("Overdue")),
    ("due_soon", _("Due soon")),
]


class LetterFilterForm(FilterForm):
    q = CleanCharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words of the subject or content, or a tracking code."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Still open")), *LetterStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind of letter"),
        required=False,
        choices=[("", _("Any kind")), *LetterKind.choices],
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    urgency = forms.ChoiceField(label=_("Deadline"), required=False, choices=URGENCY_CHOICES)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("name")  # type: ignore[attr-defined]

    def filters(self) -> LetterFilters:
        """The valid part of the filters (an invalid value filters nothing)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        unit = data.get("unit")
        return LetterFilters(
            q=(data.get("q") or "").strip(),
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            unit_id=unit.pk if unit is not None else None,
            urgency=data.get("urgency") or "",
        )


class CaseFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Still open")), *CaseStatus.choices],
    )
    urgency = forms.ChoiceField(label=_("Deadline"), required=False, choices=URGENCY_CHOICES)
    mine = forms.BooleanField(label=_("Only cases assigned to me"), required=False)

    def values(self) -> tuple[str, str]:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return data.get("status") or "", data.get("urgency") or ""

    def only_mine(self) -> bool:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return bool(data.get("mine"))
