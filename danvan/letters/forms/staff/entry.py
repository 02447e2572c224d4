"""Entering a letter that came in person, by post, hotline, e-mail or from another body."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core import calendar
from danvan.core.form_fields import BoundedIntegerField, CleanCharField
from danvan.letters import files
from danvan.letters.choices import LetterKind, SignatureMethod
from danvan.letters.forms.problems import show_problems
from danvan.letters.forms.public import prepare_area_fields
from danvan.letters.forms.staff.common import (
    TEXT_MAX,
    MultipleFileField,
    date_field,
    text_field,
)
from danvan.letters.services import intake_rules
from danvan.letters.services.intake import LetterInput, SignerInput
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Field, Province, Unit, Ward

#: Channels an officer enters by hand (the web form and the API enter their own letters).
STAFF_CHANNELS = [(c.value, c.label) for c in intake_rules.STAFF_ENTRY_CHANNELS]
STAFF_SIGNATURES = [(m.value, m.label) for m in intake_rules.STAFF_ENTRY_SIGNATURES]
MAX_SIGNER_ROWS = 50


class LetterEntryForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=Unit.objects.none(), empty_label=None
    )
    channel = forms.ChoiceField(label=_("How the letter arrived"), choices=STAFF_CHANNELS)
    # Not in the future: the service's rule (``intake_rules.letter_problems``).
    received_on = date_field(_("Received on"), past=False)
    letter_date = date_field(_("Date on the letter"), required=False, past=False)
    forwarded_by_body = CleanCharField(
        label=_("Forwarding body"),
        required=False,
        max_length=255,
        help_text=_("Only for a letter forwarded by another body."),
    )
    forwarded_by_number = CleanCharField(
        label=_("Number of the forwarding document"), required=False, max_length=60
    )
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKind.choices)
    matter = forms.ChoiceField(
        label=_("Matter"), choices=MatterType.choices, initial=MatterType.STATE
    )
    field = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Field.objects.filter(active=True).order_by("parent_id", "position", "name"),
        required=False,
        empty_label=_("Not yet known"),
    )
    subject = CleanCharField(label=_("Subject"), max_length=255)
    content = text_field(_("Content"), max_length=TEXT_MAX, rows=10)
    about = CleanCharField(
        label=_("Body or person the letter is about"), required=False, max_length=255
    )
    # The same choice as the public form (``forms.public``): the province, then its communes,
    # refilled by ``communes.js`` or, without it, by the "Show the communes" button.
    province = forms.ChoiceField(
        label=_("Province or city"),
        required=False,
        error_messages={"invalid_choice": _("Choose the province or city where the matter is.")},
    )
    ward = forms.ChoiceField(
        label=_("Commune or ward"),
        required=False,
        error_messages={"invalid_choice": _("Choose a commune or ward of this province.")},
    )
    place = CleanCharField(label=_("Address of the matter"), required=False, max_length=255)
    signature_method = forms.ChoiceField(
        label=_("Signature"), choices=STAFF_SIGNATURES, initial=SignatureMethod.HANDWRITTEN
    )
    attachments = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "Scans or photos of the letter and its evidence: JPEG, PNG, WebP, PDF or DOCX."
        ),
    )
    signed_file = BoundedIntegerField(
        label=_("Which file is the signed letter"),
        required=False,
        min_value=1,
        max_value=20,
        help_text=_("For a signed scan: its position among the files (1 for the first)."),
    )
    publish_consent = forms.BooleanField(
        label=_("The citizen agrees to the publication of the answer"), required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("name")  # type: ignore[attr-defined]
        self.fields["attachments"].help_text = _(
            "Scans or photos of the letter and its evidence: JPEG, PNG, WebP, PDF or DOCX; at "
            "most %(n)d files of %(mb)d MB each."
        ) % {"n": files.max_files(), "mb": files.max_file_bytes() // (1024 * 1024)}
        prepare_area_fields(self)
        self.ward_found: Ward | None = None
        self.province_found: Province | None = None

    def clean(self) -> dict[str, Any]:
        """Read the province and commune chosen, then show the service's rules of the letter
        (``intake_rules.letter_problems``) beside their fields."""
        data = super().clean() or {}
        if data.get("province"):
            self.province_found = Province.objects.filter(pk=data["province"]).first()
        if data.get("ward"):
            self.ward_found = (
                Ward.objects.select_related("province").filter(pk=data["ward"]).first()
            )
        unreadable = set(self.errors)
        problems = intake_rules.letter_problems(
            self._letter_input(data, []), today=calendar.today_local()
        )
        show_problems(self, problems, unreadable=unreadable)
        return data

    def _letter_input(self, data: dict[str, Any], signers: list[SignerInput]) -> LetterInput:
        """What was read of the form as the service's input (an input that could not be read is
        left empty)."""
        uploads = list(data.get("attachments") or [])
        signed_indexes: list[int] = []
        if data.get("signature_method") == SignatureMethod.SIGNED_SCAN and uploads:
            signed_indexes = [(data.get("signed_file") or 1) - 1]
        ward = self.ward_found
        return LetterInput(
            # The rules of the letter do not read the unit; a unit that is not one of the
            # person's is the form's error already.
            unit=cast("Unit", data.get("unit")),
            channel=data.get("channel") or "",
            kind=data.get("kind") or "",
            subject=data.get("subject") or "",
            content=data.get("content") or "",
            signers=signers,
            received_on=data.get("received_on"),
            letter_date=data.get("letter_date"),
            matter=data.get("matter") or MatterType.STATE,
            field=data.get("field"),
            about=data.get("about") or "",
            province=self.province_found or (ward.province if ward is not None else None),
            ward=ward,
            place=data.get("place") or "",
            forwarded_by_body=data.get("forwarded_by_body") or "",
            forwarded_by_number=data.get("forwarded_by_number") or "",
            signature_method=data.get("signature_method") or SignatureMethod.NONE,
            publish_consent=bool(data.get("publish_consent")),
            attachments=uploads,
            signed_scan_indexes=signed_indexes,
        )

    def letter_input(self, signers: list[SignerInput]) -> LetterInput:
        return self._letter_input(self.cleaned_data, signers)


class SignerForm(forms.Form):
    full_name = CleanCharField(label=_("Full name"), required=False, max_length=150)
    id_number = CleanCharField(label=_("Identity card number"), required=False, max_length=20)
    phone = CleanCharField(label=_("Telephone"), required=False, max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = CleanCharField(label=_("Address"), required=False, max_length=255)
    is_representative = forms.BooleanField(label=_("Representative"), required=False)

    def clean(self) -> dict[str, Any]:
        """Show the service's rules of a signer (``intake_rules.signer_problems``)."""
        data = super().clean() or {}
        unreadable = set(self.errors)
        show_problems(
            self, intake_rules.signer_problems(self.signer_input()), unreadable=unreadable
        )
        return data

    def signer_input(self) -> SignerInput:
        data = self.cleaned_data
        return SignerInput(
            full_name=data.get("full_name") or "",
            id_number=data.get("id_number") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            address=data.get("address") or "",
            is_representative=bool(data.get("is_representative")),
        )


SignerFormSet = forms.formset_factory(
    SignerForm, extra=0, max_num=MAX_SIGNER_ROWS, validate_max=True, absolute_max=MAX_SIGNER_ROWS
)
