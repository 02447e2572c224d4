"""Forms of the citizens' pages: send a letter, sign it with a code, track it, rate the answer.

Every text a person types is cleaned before anything else looks at it (NFC, no control
characters, no NUL bytes), so a form shown again after an error shows what was typed, minus the
characters no one can type on purpose. Labels and help texts are short and plain. The rules of a
letter (what the kind requires, the place, the sender's contacts) are the service's
(``public_intake.public_letter_check``: ``public_letter_clean`` and the unit that receives the
letter); ``LetterForm.clean`` shows each of its problems beside its field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from danvan.accounts.forms import AccessibleFormMixin
from danvan.core import calendar
from danvan.core.form_fields import CleanCharField
from danvan.core.text import fold
from danvan.letters.choices import LetterKind
from danvan.letters.forms.problems import show_problems
from danvan.letters.services import public_intake
from danvan.letters.services.intake import IntakeError
from danvan.letters.services.intake_rules import CONTENT_MAX, SUBJECT_MAX, clean_text
from danvan.letters.services.public_intake import PublicLetter
from danvan.organizations.models import Field, Province, Ward
from danvan.organizations.models.dated import open_after_q
from danvan.workflow import tracking_views

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "KIND_HINTS",
    "AccessCodeForm",
    "LetterForm",
    "RatingForm",
    "SignForm",
    "TrackForm",
    "clean_text",
    "error_summary",
]


#: One plain line under each kind of letter.
KIND_HINTS: Final = {
    LetterKind.FEEDBACK: _(
        "Tell the authorities about a problem or something that is wrong, for example a "
        "damaged road or a procedure that does not work."
    ),
    LetterKind.PETITION: _("Propose a solution, or ask for a rule or a policy to be changed."),
    LetterKind.COMPLAINT: _(
        "Ask for a decision or an act of a body or an official that harms your own rights to be "
        "reviewed. You sign it with a code sent to your phone or e-mail."
    ),
    LetterKind.DENUNCIATION: _(
        "Report a violation of the law by an official, a body or a person. You sign it with a "
        "code; your identity is kept secret."
    ),
}


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


def province_choices() -> list[tuple[str, StrOrPromise]]:
    day = calendar.today_local()
    provinces = sorted(
        Province.objects.filter(open_after_q(day)).only("code", "name"), key=lambda p: fold(p.name)
    )
    return [("", _("Choose the province or city")), *((p.code, p.name) for p in provinces)]


def ward_choices(province_code: str) -> list[tuple[str, StrOrPromise]]:
    """The communes of a province, by name; only the prompt when no province is chosen."""
    if not province_code:
        return [("", _("Choose the province first"))]
    day = calendar.today_local()
    wards = sorted(
        Ward.objects.filter(open_after_q(day), province_id=province_code).only("code", "name"),
        key=lambda w: fold(w.name),
    )
    return [("", _("Choose the commune or ward")), *((w.code, w.name) for w in wards)]


def prepare_area_fields(form: forms.BaseForm) -> None:
    """The province then commune choice of a form with ``province`` and ``ward`` fields (the
    public letter form and the staff entry form alike): the lists, the communes of the chosen
    province, and the hooks and texts of communes.js, which refills the commune list without a
    reload (without JavaScript, the "Show the communes" button sends the form back)."""
    cast("forms.ChoiceField", form.fields["province"]).choices = province_choices()
    province = form.data.get("province", "") if form.is_bound else form.initial.get("province")
    cast("forms.ChoiceField", form.fields["ward"]).choices = ward_choices(str(province or ""))
    form.fields["province"].widget.attrs["data-province"] = ""
    form.fields["ward"].widget.attrs.update(
        {
            "data-ward": "",
            "data-prompt": str(_("Choose the commune or ward")),
            "data-prompt-first": str(_("Choose the province first")),
        }
    )
    if not province:
        form.fields["ward"].help_text = _(
            "Choose the province first. If this list stays empty, press “Show the communes”."
        )


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


class LetterForm(PublicForm):
    """The public letter: what, where, who. Files are handled by the view (they are kept between
    submissions as draft files)."""

    kind = forms.ChoiceField(
        label=_("What kind of letter is it?"),
        choices=[(k.value, k.label) for k in LetterKind if k != LetterKind.MIXED],
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
    subject = CleanCharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        help_text=_("One line, for example: The drain in front of house 12 is blocked."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Give the letter a short subject.")},
    )
    content = CleanCharField(
        label=_("Content"),
        max_length=CONTENT_MAX,
        help_text=_("What happened, when and where, and what you ask for."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the content of the letter.")},
    )
    about = CleanCharField(
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
    place = CleanCharField(
        label=_("Address or place"),
        max_length=255,
        required=False,
        help_text=_("House number, street, village or a landmark."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    latitude = CleanCharField(required=False, widget=forms.HiddenInput)
    longitude = CleanCharField(required=False, widget=forms.HiddenInput)

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
    full_name = CleanCharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = CleanCharField(
        label=_("Mobile phone number"),
        max_length=20,
        required=False,
        help_text=_("For example 0912345678. We send the tracking code and news of the letter."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = CleanCharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    address = CleanCharField(
        label=_("Your address"),
        max_length=255,
        required=False,
        help_text=_("Needed for a complaint or a denunciation."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    id_number = CleanCharField(
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

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self._checked: public_intake.CheckedLetter | None = None
        cast("forms.ChoiceField", self.fields["field"]).choices = field_choices()
        prepare_area_fields(self)

    # --- Parsing ------------------------------------------------------------------------------

    def clean_field(self) -> int | None:
        # The field's choices are the fields a citizen may choose: a chosen one is a number.
        value = self.cleaned_data.get("field") or ""
        return int(value) if value else None

    # --- The rules: the service's, shown beside their fields -----------------------------------

    def clean(self) -> dict[str, Any]:
        """Hand what was typed to ``public_intake.public_letter_check`` and show each problem it
        finds beside its field, unless that field already shows why it could not be read (and,
        above the form, that no unit receives letters yet)."""
        data = super().clean() or {}
        unreadable = set(self.errors)
        letter_date = data.get("letter_date")
        typed = PublicLetter(
            kind=data.get("kind") or "",
            subject=data.get("subject") or "",
            content=data.get("content") or "",
            about=data.get("about") or "",
            field_id=data.get("field"),
            province_code=data.get("province") or "",
            ward_code=data.get("ward") or "",
            place=data.get("place") or "",
            latitude=data.get("latitude") or "",
            longitude=data.get("longitude") or "",
            letter_date=letter_date.isoformat() if letter_date else "",
            anonymous=bool(data.get("anonymous")),
            anonymous_ack=bool(data.get("anonymous_ack")),
            full_name=data.get("full_name") or "",
            phone=data.get("phone") or "",
            email=data.get("email") or "",
            address=data.get("address") or "",
            id_number=data.get("id_number") or "",
            publish_consent=bool(data.get("publish_consent")),
        )
        self._checked = None
        try:
            self._checked = public_intake.public_letter_check(typed)
        except IntakeError as exc:
            show_problems(self, exc.problems, unreadable=unreadable)
        except public_intake.IntakeNotConfiguredError as exc:
            self.add_error(None, str(exc.message))
        self.describe_fields()
        return data

    def public_letter(self) -> PublicLetter:
        """The letter as the service cleaned it: the draft kept in the session."""
        return self.checked_letter().letter

    def checked_letter(self) -> public_intake.CheckedLetter:
        """The letter as the service cleaned and routed it (``public_letter_check``), to hand
        to ``public_letter_submit`` in the same request."""
        if self._checked is None:
            raise ValueError("checked_letter() needs a valid form")
        return self._checked

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

    code = CleanCharField(
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


class AccessCodeForm(PublicForm):
    """The 6-digit code that opens one's own letter in full on the tracking page."""

    access_code = CleanCharField(
        label=_("6-digit code"),
        max_length=20,
        help_text=_("The code in the message we sent you. It is valid for 10 minutes."),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
        error_messages={"required": _("Enter the 6-digit code.")},
    )

    def clean_access_code(self) -> str:
        code = "".join(str(self.cleaned_data.get("access_code", "")).split())
        if not (code.isdigit() and len(code) == 6):
            raise ValidationError(_("The code has exactly 6 digits."))
        return code


class TrackForm(PublicForm, tracking_views.TrackForm):
    code = CleanCharField(
        label=_("Tracking code"),
        max_length=30,
        help_text=_("For example DV-AB12-CD34, as shown when you sent the letter."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the tracking code.")},
    )
    pin = CleanCharField(
        label=_("PIN"),
        max_length=20,
        help_text=_("The 6 digits given with the tracking code."),
        widget=forms.TextInput(attrs={**_CODE_ATTRS, "autocomplete": "off"}),
        error_messages={"required": _("Enter the PIN.")},
    )


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
    comment = CleanCharField(
        label=_("Comment"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
