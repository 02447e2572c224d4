"""Forms of the documents pages: the outgoing register's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.form_fields import BoundedIntegerField, CleanCharField
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


class SignedUploadForm(forms.Form):
    """The PDF the signer signed with their USB token."""

    signed_pdf = forms.FileField(
        label=_("Signed PDF"),
        help_text=_(
            "The PDF downloaded from this page, signed with your digital signature token, "
            "without any other change."
        ),
    )

    def clean_signed_pdf(self) -> Any:
        upload = self.cleaned_data["signed_pdf"]
        if upload.size > 30 * 1024 * 1024:
            raise forms.ValidationError(_("The file is too large (at most 30 MB)."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload


class PassphraseForm(forms.Form):
    """The passphrase (PIN) of a key kept on the server, typed each time and never stored."""

    passphrase = CleanCharField(
        label=_("Passphrase of the signing key"),
        max_length=200,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


class PaperSignatureForm(forms.Form):
    note = CleanCharField(
        label=_("Note (optional)"),
        max_length=500,
        required=False,
        help_text=_("e.g. who brought the signed paper back, and when."),
    )
    confirm = forms.BooleanField(
        label=_("The signer has signed the printed draft by hand."), required=True
    )


class ReleaseForm(forms.Form):
    """Issue a signed document: the number and date are given now."""

    passphrase = CleanCharField(
        label=_("Passphrase of the organisation's signing key"),
        max_length=200,
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I number and issue this document today. This cannot be undone: the number is "
            "entered in the outgoing register."
        ),
        required=True,
    )
