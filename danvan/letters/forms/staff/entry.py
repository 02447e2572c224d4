"""Entering a letter that came in person, by post, hotline, e-mail or from another body."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.text import fold
from danvan.letters import files
from danvan.letters.choices import Channel, LetterKindChoice, SignatureMethod
from danvan.letters.forms.staff.common import (
    TEXT_MAX,
    MultipleFileField,
    date_field,
    text_field,
)
from danvan.letters.services.intake import LetterInput, SignerInput
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Field, Province, Unit, Ward

#: Channels an officer enters by hand (the web form and the API enter their own letters).
STAFF_CHANNELS = [
    (c.value, c.label)
    for c in (Channel.IN_PERSON, Channel.POST, Channel.HOTLINE, Channel.EMAIL, Channel.FORWARDED)
]
STAFF_SIGNATURES = [
    (m.value, m.label)
    for m in (SignatureMethod.HANDWRITTEN, SignatureMethod.SIGNED_SCAN, SignatureMethod.NONE)
]
MAX_SIGNER_ROWS = 50


def find_wards(text: str, province: Province | None) -> list[Ward]:
    """Communes whose code is ``text`` or whose name is ``text`` with or without its type
    ("Phường Ba Đình" or "Ba Đình"), within ``province`` when one is given."""
    wanted = fold(text).strip()
    if not wanted:
        return []
    wards = Ward.objects.select_related("province")
    if province is not None:
        wards = wards.filter(province=province)
    by_code = list(wards.filter(pk=text.strip()))
    if by_code:
        return by_code
    return [
        w
        for w in wards.filter(effective_to__isnull=True).only("code", "name", "province__name")
        if (name := fold(w.name)) == wanted or name.endswith(" " + wanted)
    ]


class LetterEntryForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Receiving unit"), queryset=Unit.objects.none(), empty_label=None
    )
    channel = forms.ChoiceField(label=_("How the letter arrived"), choices=STAFF_CHANNELS)
    received_on = date_field(_("Received on"))
    letter_date = date_field(_("Date on the letter"), required=False)
    forwarded_by_body = forms.CharField(
        label=_("Forwarding body"),
        required=False,
        max_length=255,
        help_text=_("Only for a letter forwarded by another body."),
    )
    forwarded_by_number = forms.CharField(
        label=_("Number of the forwarding document"), required=False, max_length=60
    )
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKindChoice.choices)
    matter = forms.ChoiceField(
        label=_("Matter"), choices=MatterType.choices, initial=MatterType.STATE
    )
    field = forms.ModelChoiceField(
        label=_("Field"),
        queryset=Field.objects.filter(active=True).order_by("parent_id", "position", "name"),
        required=False,
        empty_label=_("Not yet known"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=255)
    content = text_field(_("Content"), max_length=TEXT_MAX, rows=10)
    about = forms.CharField(
        label=_("Body or person the letter is about"), required=False, max_length=255
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.filter(effective_to__isnull=True).order_by("name"),
        required=False,
        empty_label=_("Not given"),
    )
    ward = forms.CharField(
        label=_("Commune"),
        required=False,
        max_length=100,
        help_text=_("The commune's name (e.g. “Phường Ba Đình”) or its five-digit code."),
    )
    place = forms.CharField(label=_("Address of the matter"), required=False, max_length=255)
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
    signed_file = forms.IntegerField(
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
        self.ward_found: Ward | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("channel") == Channel.FORWARDED:
            if not data.get("forwarded_by_body"):
                self.add_error("forwarded_by_body", _("Name the body that forwarded the letter."))
            if not data.get("forwarded_by_number"):
                self.add_error(
                    "forwarded_by_number", _("Give the number of the forwarding document.")
                )
        received, written = data.get("received_on"), data.get("letter_date")
        if received and written and written > received:
            self.add_error(
                "letter_date", _("The date on the letter cannot be after the day it was received.")
            )
        ward_text = data.get("ward") or ""
        if ward_text:
            found = find_wards(ward_text, data.get("province"))
            if not found:
                self.add_error("ward", _("No commune has this name or code."))
            elif len(found) > 1:
                names = "; ".join(f"{w.name} ({w.province.name}, {w.pk})" for w in found[:6])
                self.add_error(
                    "ward",
                    _("Several communes match: %(names)s. Choose the province or give the code.")
                    % {"names": names},
                )
            else:
                self.ward_found = found[0]
        uploads = data.get("attachments") or []
        if len(uploads) > files.max_files():
            self.add_error(
                "attachments", _("Attach at most %(n)d files.") % {"n": files.max_files()}
            )
        signed_file = data.get("signed_file")
        if data.get("signature_method") == SignatureMethod.SIGNED_SCAN:
            if not uploads:
                self.add_error("attachments", _("Attach the scan of the signed letter."))
            elif signed_file is not None and signed_file > len(uploads):
                self.add_error("signed_file", _("There is no file at this position."))
        return data

    def letter_input(self, signers: list[SignerInput]) -> LetterInput:
        data = self.cleaned_data
        uploads = list(data.get("attachments") or [])
        signed_indexes: list[int] = []
        if data["signature_method"] == SignatureMethod.SIGNED_SCAN and uploads:
            signed_indexes = [(data.get("signed_file") or 1) - 1]
        ward = self.ward_found
        return LetterInput(
            unit=data["unit"],
            channel=data["channel"],
            kind=data["kind"],
            subject=data["subject"],
            content=data["content"],
            signers=signers,
            received_on=data["received_on"],
            letter_date=data.get("letter_date"),
            matter=data["matter"],
            field=data.get("field"),
            about=data.get("about") or "",
            province=data.get("province") or (ward.province if ward is not None else None),
            ward=ward,
            place=data.get("place") or "",
            forwarded_by_body=data.get("forwarded_by_body") or "",
            forwarded_by_number=data.get("forwarded_by_number") or "",
            signature_method=data["signature_method"],
            publish_consent=bool(data.get("publish_consent")),
            attachments=uploads,
            signed_scan_indexes=signed_indexes,
        )


class SignerForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), required=False, max_length=150)
    id_number = forms.CharField(label=_("Identity card number"), required=False, max_length=20)
    phone = forms.CharField(label=_("Telephone"), required=False, max_length=20)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=255)
    is_representative = forms.BooleanField(label=_("Representative"), required=False)

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "")
        allowed = set("0123456789 +.-()")
        if phone and (set(phone) - allowed or sum(ch.isdigit() for ch in phone) < 8):
            raise ValidationError(_("Enter a telephone number of digits only."), code="phone")
        return phone

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
