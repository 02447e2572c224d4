"""Forms of the documents pages: the outgoing register's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.form_fields import BoundedIntegerField
from danvan.documents.selectors import RegisterFilters
from danvan.documents.types import DocumentType
from danvan.organizations.models import Unit

MIN_YEAR = 2000
MAX_YEAR = 2100


class RegisterFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Issuing unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
    )
    year = BoundedIntegerField(
        label=_("Year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    doc_type = forms.ChoiceField(
        label=_("Document type"),
        required=False,
        choices=[("", _("All types")), *DocumentType.choices],
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        unit_field.queryset = units.order_by("name")

    def filters(self) -> RegisterFilters:
        """The valid filters; a field with an error does not filter (its error is shown)."""
        data = getattr(self, "cleaned_data", {})
        unit = data.get("unit")
        return RegisterFilters(
            unit_id=unit.pk if unit is not None else None,
            year=data.get("year"),
            doc_type=data.get("doc_type") or "",
        )
