"""Forms of the citizens' pages: send a letter, sign it with a code, track it, rate the answer.

Every text a person types is cleaned before anything else looks at it (NFC, no control
characters, no NUL bytes), so a form shown again after an error shows what was typed, minus the
characters no one can type on purpose. Labels and help texts are short and plain; the rules that
depend on the kind of letter are checked in ``LetterForm.clean`` with one message per field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from danvan.accounts import contacts
from danvan.accounts.forms import AccessibleFormMixin
from danvan.core import calendar
from danvan.core.text import fold
from danvan.letters.choices import SIGNED_KINDS, LetterKindChoice
from danvan.letters.services.public_intake import PublicLetter
from danvan.organizations.models import Field, Province, Ward

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "KIND_HINTS",
    "LetterForm",
    "RatingForm",
    "SignForm",
    "TrackForm",
    "clean_text",
    "error_summary",
]

_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
SUBJECT_MAX: Final = 255
CONTENT_MAX: Final = 20_000
EARLIEST_LETTER_DATE: Final = dt.date(1945, 9, 2)

#: One plain line under each kind of letter.
KIND_HINTS: Final = {
    LetterKindChoice.FEEDBACK: _(
        "Tell the authorities about a problem or something that is wrong, for example a "
        "damaged road or a procedure that does not work."
    ),
    LetterKindChoice.PETITION: _(
        "Propose a solution, or ask for a rule or a policy to be changed."
    ),
    LetterKindChoice.COMPLAINT: _(
        "Ask for a decision or an act of a body or an official that harms your own rights to be "
        "reviewed. You sign it with a code sent to your phone or e-mail."
    ),
    LetterKindChoice.DENUNCIATION: _(
        "Report a violation of the law by an official, a body or a person. You sign it with a "
        "code; your identity is kept secret."
    ),
}


def clean_text(value: str) -> str:
    """``value`` in NFC without control characters (tabs and line breaks are kept)."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value))


def _sanitised(data: Any) -> Any:
    """A copy of the submitted data with every text cleaned by ``clean_text``."""
    if data is None:
        return None
    if isinstance(data, QueryDict):
        copy = QueryDict(mutable=True)
        for key, values in data.lists():
            copy.setlist(clean_text(key), [clean_text(v) for v in values])
        return copy
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}


class PublicForm(AccessibleFormMixin, forms.Form):
    """Cleans the submitted text first and links help texts and errors to their inputs."""

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(_sanitised(data), *args, **kwargs)
        self.describe_fields()


def error_summary(form: forms.Form) -> list[tuple[str, str]]:
    """(anchor, message) for each error, in the order of the fields: the links of the error
    summary at the top of the page (the GOV.UK pattern). A radio group links to its first
    option; errors of the whole form link to the summary itself."""
    items: list[tuple[str, str]] = []
    for error in form.non_field_errors():
        items.append(("error-summary", str(error)))
    for name in form.fields:
        if name not in form.errors:
            continue
        bound = form[name]
        anchor = bound.id_for_label or bound.auto_id
        if isinstance(form.fields[name].widget, forms.RadioSelect):
            anchor = f"{bound.auto_id}_0"
        items.extend((anchor, str(message)) for message in form.errors[name])
    return items


def _active_on(day: dt.date) -> Q:
    return Q(effective_to__isnull=True) | Q(effective_to__gt=day)


def province_choices() -> list[tuple[str, StrOrPromise]]:
    day = calendar.today_local()
    provinces = sorted(
        Province.objects.filter(_active_on(day)).only("code", "name"), key=lambda p: fold(p.name)
    )
    return [("", _("Choose the province or city")), *((p.code, p.name) for p in provinces)]


def ward_choices(province_code: str) -> list[tuple[str, StrOrPromise]]:
    """The communes of a province, by name; only the prompt when no province is chosen."""
    if not province_code:
        return [("", _("Choose the province first"))]
    day = calendar.today_local()
    wards = sorted(
        Ward.objects.filter(_active_on(day), province_id=province_code).only("code", "name"),
        key=lambda w: fold(w.name),
    )
    return [("", _("Choose the commune or ward")), *((w.code, w.name) for w in wards)]


def field_choices() -> list[tuple[str, Any]]:
    """Active fields grouped under their group; a group with fields is also a choice of its own
    ("general"), a group without fields is a plain choice."""
    rows = list(
        Field.objects.filter(active=True)
        .filter(Q(parent__isnull=True) | Q(parent__active=True))
        .order_by("position", "name")
    )
    groups = [f for f in rows if f.parent_id is None]
    choices: list[tuple[str, Any]] = [("", _("I am not sure"))]
    for group in groups:
        kids = [f for f in rows if f.parent_id == group.pk]
        if not kids:
            choices.append((str(group.pk), group.name))
            continue
        general = _("%(name)s: general") % {"name": group.name}
        choices.append(
            (group.name, [(str(group.pk), general), *((str(k.pk), k.name) for k in kids)])
        )
    return choices


def _coordinate(value: str, limit: int) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) > limit:
        return None
    return number.quantize(Decimal("0.000001"))


class LetterForm(PublicForm):
    """The public letter: what, where, who. Files are handled by the view (they are kept between
    submissions as draft files)."""

    kind = forms.ChoiceField(
        label=_("What kind of letter is it?"),
        choices=[(k.value, k.label) for k in LetterKindChoice if k != LetterKindChoice.MIXED],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of letter."),
            "invalid_choice": _("Choose the kind of letter."),
        },
    )
    field = forms.ChoiceField(
        label=_("Field"),
        required=False,
        help_text=_("What the matter is about. If you are not sure, leave it: we will choose."),
        error_messages={"invalid_choice": _("Choose a field from the list.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        help_text=_("One line, for example: The drain in front of house 12 is blocked."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Give the letter a short subject.")},
    )
    content = forms.CharField(
        label=_("Content"),
        max_length=CONTENT_MAX,
        help_text=_("What happened, when and where, and what you ask for."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the content of the letter.")},
    )
    about = forms.CharField(
        label=_("The body or person it is about"),
        max_length=255,
        required=False,
        help_text=_(
            "Name and address of the body or official; needed for a complaint or a denunciation."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    letter_date = forms.DateField(
        label=_("Date of your letter"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        help_text=_("If you wrote it on another day; otherwise today. For example 26/11/2026."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date, for example 26/11/2026.")},
    )
    province = forms.ChoiceField(
        label=_("Province or city"),
        error_messages={
            "required": _("Choose the province or city where the matter is."),
            "invalid_choice": _("Choose the province or city where the matter is."),
        },
    )
    ward = forms.ChoiceField(
        label=_("Commune or ward"),
        required=False,
        error_messages={"invalid_choice": _("Choose a commune or ward of this province.")},
    )
    place = forms.CharField(
        label=_("Address or place"),
        max_length=255,
        required=False,
        help_text=_("House number, street, village or a landmark."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    latitude = forms.CharField(required=False, widget=forms.HiddenInput)
    longitude = forms.CharField(required=False, widget=forms.HiddenInput)

    anonymous = forms.BooleanField(
        label=_("Send without my name"),
        required=False,
        help_text=_(
            "Only for feedback, or to pass on information about a violation. Your name, address "
            "and identity number are then not sent; a telephone or e-mail you give is used only "
            "to send you news of the letter."
        ),
    )
    anonymous_ack = forms.BooleanField(
        label=_(
            "I understand that information sent without my name is not handled as a denunciation."
        ),
        required=False,
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        required=False,
        help_text=_("For example 0912345678. We send the tracking code and news of the letter."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    address = forms.CharField(
        label=_("Your address"),
        max_length=255,
        required=False,
        help_text=_("Needed for a complaint or a denunciation."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    id_number = forms.CharField(
        label=_("Identity card number"),
        max_length=20,
        required=False,
        help_text=_("Optional. It helps the unit confirm who you are."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    publish_consent = forms.BooleanField(
        label=_(
            "I agree that the answer to my letter may be published, without my name or any "
            "detail that identifies me."
        ),
        required=False,
    )

    #: Fields that hold the sender's identity (dropped for an anonymous letter).
    IDENTITY_FIELDS: Final = ("full_name", "address", "id_number")

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        cast("forms.ChoiceField", self.fields["field"]).choices = field_choices()
        cast("forms.ChoiceField", self.fields["province"]).choices = province_choices()
        province = self.data.get("province", "") if self.is_bound else self.initial.get("province")
        cast("forms.ChoiceField", self.fields["ward"]).choices = ward_choices(str(province or ""))
        # Hooks and texts for communes.js, which refills the commune list without a reload.
        self.fields["province"].widget.attrs["data-province"] = ""
        self.fields["ward"].widget.attrs.update(
            {
                "data-ward": "",
                "data-prompt": str(_("Choose the commune or ward")),
                "data-prompt-first": str(_("Choose the province first")),
            }
        )
        if not province:
            self.fields["ward"].help_text = _(
                "Choose the province first. If this list stays empty, press “Show the communes”."
            )

    # --- Field cleaning -----------------------------------------------------------------------

    def clean_field(self) -> Field | None:
        value = self.cleaned_data.get("field") or ""
        if not value:
            return None
        found = Field.objects.filter(pk=value, active=True).first() if value.isdigit() else None
        if found is None:
            raise ValidationError(_("Choose a field from the list."), code="invalid")
        return found

    def clean_subject(self) -> str:
        return " ".join(str(self.cleaned_data.get("subject", "")).split())

    def clean_letter_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("letter_date")
        if value is None:
            return None
        if value > calendar.today_local():
            raise ValidationError(_("The date of the letter cannot be in the future."))
        if value < EARLIEST_LETTER_DATE:
            raise ValidationError(_("Enter a real date, for example 26/11/2026."))
        return value

    def clean_phone(self) -> str:
        value = str(self.cleaned_data.get("phone", "")).strip()
        return contacts.normalize_mobile(value) if value else ""

    def clean_email(self) -> str:
        value = str(self.cleaned_data.get("email", "")).strip()
        return contacts.normalize_email(value) if value else ""

    def clean_id_number(self) -> str:
        value = "".join(str(self.cleaned_data.get("id_number", "")).split())
        if value and not (value.isalnum() and 6 <= len(value) <= 20):
            raise ValidationError(_("Enter the number as written on the card, digits only."))
        return value.upper()

    def clean_full_name(self) -> str:
        return " ".join(str(self.cleaned_data.get("full_name", "")).split())

    # --- Rules that depend on the kind of letter ------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        anonymous = bool(data.get("anonymous"))
        signed_kind = kind in SIGNED_KINDS

        province = data.get("province") or ""
        ward = data.get("ward") or ""
        if province and not ward and "ward" not in self.errors:
            self.add_error("ward", _("Choose the commune or ward where the matter is."))
        if province and ward and not Ward.objects.filter(pk=ward, province_id=province).exists():
            self.add_error("ward", _("Choose a commune or ward of this province."))

        if signed_kind and not data.get("about") and "about" not in self.errors:
            self.add_error(
                "about",
                _("Name the body or person your complaint is about.")
                if kind == LetterKindChoice.COMPLAINT
                else _("Name the person or body you report."),
            )

        if anonymous:
            if kind == LetterKindChoice.COMPLAINT:
                self.add_error(
                    "anonymous",
                    _(
                        "A complaint must carry your name, your address and your signature "
                        "(Law on Complaints, Art. 8). Untick “Send without my name”."
                    ),
                )
            elif kind == LetterKindChoice.PETITION:
                self.add_error(
                    "anonymous",
                    _(
                        "A petition must give your name and address (Decree 20/2008/NĐ-CP, "
                        "Art. 7). Untick “Send without my name”."
                    ),
                )
            elif kind == LetterKindChoice.DENUNCIATION and not data.get("anonymous_ack"):
                self.add_error(
                    "anonymous_ack",
                    _(
                        "Tick the box to confirm that you understand: information sent without "
                        "your name is not handled as a denunciation."
                    ),
                )
            for name in self.IDENTITY_FIELDS:
                data[name] = ""
        else:
            if not data.get("full_name") and "full_name" not in self.errors:
                self.add_error(
                    "full_name",
                    _("Enter your full name.")
                    if kind in (LetterKindChoice.COMPLAINT, LetterKindChoice.PETITION)
                    else _("Enter your full name, or tick “Send without my name”."),
                )
            if signed_kind:
                if not data.get("address") and "address" not in self.errors:
                    self.add_error("address", _("Enter your address."))
                if (
                    not data.get("phone")
                    and not data.get("email")
                    and "phone" not in self.errors
                    and "email" not in self.errors
                ):
                    self.add_error(
                        "phone",
                        _(
                            "Give a mobile number or an e-mail address: the code that signs "
                            "your letter is sent there."
                        ),
                    )

        latitude = _coordinate(str(data.get("latitude") or ""), 90)
        longitude = _coordinate(str(data.get("longitude") or ""), 180)
        if latitude is None or longitude is None:
            latitude = longitude = None  # a position is both numbers or nothing
        data["latitude"], data["longitude"] = latitude, longitude
        self.describe_fields()
        return data

    def public_letter(self) -> PublicLetter:
        """The cleaned form as the draft kept in the session."""
        data = self.cleaned_data
        field = data.get("field")
        letter_date = data.get("letter_date")
        return PublicLetter(
            kind=data["kind"],
            subject=data["subject"],
            content=data["content"].strip(),
            about=data.get("about", "").strip(),
            field_id=field.pk if field is not None else None,
            province_code=data.get("province", ""),
            ward_code=data.get("ward", ""),
            place=data.get("place", "").strip(),
            latitude=str(data["latitude"]) if data.get("latitude") is not None else "",
            longitude=str(data["longitude"]) if data.get("longitude") is not None else "",
            letter_date=letter_date.isoformat() if letter_date else "",
            anonymous=bool(data.get("anonymous")),
            full_name=data.get("full_name", ""),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            address=data.get("address", "").strip(),
            id_number=data.get("id_number", ""),
            publish_consent=bool(data.get("publish_consent")),
        )

    @staticmethod
    def initial_from(letter: PublicLetter) -> dict[str, Any]:
        """Initial values that show a kept draft again in the form."""
        return {
            "kind": letter.kind,
            "field": str(letter.field_id) if letter.field_id else "",
            "subject": letter.subject,
            "content": letter.content,
            "about": letter.about,
            "letter_date": letter.letter_date,
            "province": letter.province_code,
            "ward": letter.ward_code,
            "place": letter.place,
            "latitude": letter.latitude,
            "longitude": letter.longitude,
            "anonymous": letter.anonymous,
            "anonymous_ack": letter.is_anonymous_denunciation,
            "full_name": letter.full_name,
            "phone": letter.phone,
            "email": letter.email,
            "address": letter.address,
            "id_number": letter.id_number,
            "publish_consent": letter.publish_consent,
        }


_CODE_ATTRS: Final = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "pattern": "[0-9]*",
    "maxlength": "6",
    "size": "8",
    "spellcheck": "false",
}


class SignForm(PublicForm):
    """The 6-digit code sent to the citizen's phone or e-mail."""

    code = forms.CharField(
        label=_("6-digit code"),
        max_length=20,
        help_text=_("The code in the message we sent you. It is valid for 10 minutes."),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
        error_messages={"required": _("Enter the 6-digit code.")},
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data.get("code", "")).split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("The code has exactly 6 digits."))
        return code


class TrackForm(PublicForm):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        help_text=_("For example DV-AB12-CD34, as shown when you sent the letter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the tracking code.")},
    )
    pin = forms.CharField(
        label=_("PIN"),
        max_length=20,
        help_text=_("The 6 digits given with the tracking code."),
        widget=forms.TextInput(attrs={**_CODE_ATTRS, "autocomplete": "off"}),
        error_messages={"required": _("Enter the PIN.")},
    )

    def clean_pin(self) -> str:
        pin = "".join(str(self.cleaned_data.get("pin", "")).split())
        if not (pin.isdigit() and len(pin) == 6):
            raise ValidationError(_("The PIN has exactly 6 digits."))
        return pin


class RatingForm(PublicForm):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        choices=[
            ("5", _("5 – Very satisfied")),
            ("4", _("4 – Satisfied")),
            ("3", _("3 – Neither satisfied nor dissatisfied")),
            ("2", _("2 – Dissatisfied")),
            ("1", _("1 – Very dissatisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
