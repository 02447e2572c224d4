"""The rules a letter must meet to be received, in one place for every door to the register.

Each check returns ``Problem``s instead of raising, so that a form can show every refusal at once
beside the input it concerns, and a service can raise them all together in one
``intake.IntakeError``:

* ``letter_problems``: every letter, whatever its channel (``intake.letter_receive``);
* ``signer_problems``: each person who signed it (part of ``letter_problems``);
* ``entry_problems``: a letter an officer enters by hand (``intake.letter_enter``);
* ``public_letter_clean``: a citizen's own letter from the public form, normalised
  (``public_intake.public_letter_clean``, run again by ``public_intake.public_letter_submit``),
  and ``public_signature_problems``: how such a letter may be signed.

The messages are those the forms have always shown, so a form that delegates to these checks
looks the same to the person, and an API calling the services cannot skip one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, validate_email
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts import contacts
from danvan.core.actors import Actor
from danvan.letters import files, policies
from danvan.letters.choices import SIGNED_KINDS, Channel, LetterKind, SignatureMethod
from danvan.organizations.matters import LEGAL_KINDS, MatterType
from danvan.organizations.models import Field, Province, Ward
from danvan.organizations.models.dated import open_after_q

if TYPE_CHECKING:
    from danvan.letters.services.intake import LetterInput, SignerInput
    from danvan.letters.services.public_intake import PublicLetter

__all__ = [
    "CONTENT_MAX",
    "EARLIEST_LETTER_DATE",
    "PUBLIC_KINDS",
    "REPRESENTATIVE_RULES",
    "STAFF_ENTRY_CHANNELS",
    "STAFF_ENTRY_SIGNATURES",
    "SUBJECT_MAX",
    "Problem",
    "clean_text",
    "entry_problems",
    "letter_problems",
    "media_url_problems",
    "public_letter_clean",
    "public_signature_problems",
    "signer_problems",
]

SUBJECT_MAX: Final = 255
CONTENT_MAX: Final = 20_000
#: The day the Democratic Republic of Vietnam was proclaimed: no letter to its bodies is older.
EARLIEST_LETTER_DATE: Final = dt.date(1945, 9, 2)
#: Lengths of the letter's other texts and of a signer's details (the columns that hold them).
_TEXT_MAX: Final = {
    "about": 255,
    "place": 255,
    "forwarded_by_body": 255,
    "forwarded_by_number": 60,
}
_SIGNER_MAX: Final = {"full_name": 150, "id_number": 20, "phone": 20, "address": 255}
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_PHONE_CHARACTERS: Final = frozenset("0123456789 +.-()")
_PHONE_MIN_DIGITS: Final = 8

#: Channels an officer enters by hand (the web form and the API enter their own letters).
STAFF_ENTRY_CHANNELS: Final = (
    Channel.IN_PERSON,
    Channel.POST,
    Channel.HOTLINE,
    Channel.EMAIL,
    Channel.FORWARDED,
)
#: Signatures an officer sees on a letter received on paper or as a scan.
STAFF_ENTRY_SIGNATURES: Final = (
    SignatureMethod.HANDWRITTEN,
    SignatureMethod.SIGNED_SCAN,
    SignatureMethod.NONE,
)
#: Signatures a citizen's own letter can carry: a one-time code, a photo of the signed letter,
#: or none (the letter is then flagged as unsigned).
_PUBLIC_SIGNATURES: Final = frozenset(
    {
        SignatureMethod.NONE,
        SignatureMethod.OTP_SMS,
        SignatureMethod.OTP_EMAIL,
        SignatureMethod.SIGNED_SCAN,
    }
)
_OTP_CONTACT: Final[dict[str, str]] = {
    SignatureMethod.OTP_SMS: "sms",
    SignatureMethod.OTP_EMAIL: "email",
}

#: How many representatives a letter signed by many people names (Luật Tiếp công dân 2013,
#: Art. 29, applied to letters by TT 05/2021): (fewest signers, most signers or None, fewest
#: representatives, most representatives, the message when the count is wrong).
REPRESENTATIVE_RULES: Final = (
    (5, 10, 1, 2, gettext_lazy("A letter signed by 5 to 10 people names 1 or 2 representatives.")),
    (
        11,
        None,
        1,
        5,
        gettext_lazy("A letter signed by more than 10 people names 1 to 5 representatives."),
    ),
)


@dataclass(frozen=True)
class Problem:
    """One refused rule.

    ``message`` is translated and shown to the person; ``field`` names the input it is shown
    beside (None: the letter as a whole); ``reads`` names the inputs the rule judged when they are
    not just ``field``. A form that could not parse one of those inputs shows only its own error
    for it (the rule saw an empty value, not what was typed).
    """

    message: str
    field: str | None = None
    reads: tuple[str, ...] = ()

    @property
    def inputs(self) -> tuple[str, ...]:
        """The inputs whose value the rule judged."""
        return self.reads or ((self.field,) if self.field else ())


def clean_text(value: str) -> str:
    """``value`` in NFC without control characters (tabs and line breaks are kept): no one types
    those on purpose, and they hide text from a reader or a search."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", value))


def _too_long(value: str, limit: int, field: str) -> list[Problem]:
    """Django's own "at most N characters" message, as a form's ``max_length`` shows it."""
    try:
        MaxLengthValidator(limit)(value.strip())
    except ValidationError as exc:
        return [Problem(exc.messages[0], field)]
    return []


def _not_future(value: dt.date | None, today: dt.date, field: str) -> list[Problem]:
    if value is not None and value > today:
        return [Problem(_("The date cannot be in the future."), field)]
    return []


# --- Every letter -----------------------------------------------------------------------------


def signer_problems(signer: SignerInput, *, prefix: str = "") -> list[Problem]:
    """A signer's details: lengths, a telephone of digits, a valid e-mail address.

    ``prefix`` is put before the field names (``signers.0.`` for the first signer of a letter).
    """
    problems: list[Problem] = []
    for name, limit in _SIGNER_MAX.items():
        problems += _too_long(str(getattr(signer, name) or ""), limit, prefix + name)
    phone = signer.phone or ""
    if phone and (
        set(phone) - _PHONE_CHARACTERS or sum(ch.isdigit() for ch in phone) < _PHONE_MIN_DIGITS
    ):
        problems.append(Problem(_("Enter a telephone number of digits only."), prefix + "phone"))
    email = (signer.email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            problems.append(Problem(exc.messages[0], prefix + "email"))
    return problems


def letter_problems(data: LetterInput, *, today: dt.date) -> list[Problem]:
    """Every rule a letter meets whatever its channel; ``today`` is the local date.

    Field names are those of ``LetterInput`` (the staff entry form uses the same), the signed
    file's position is ``signed_file`` and a signer's details are ``signers.<i>.<name>``.
    """
    problems: list[Problem] = []
    subject, content = data.subject or "", data.content or ""
    if not subject.strip():
        problems.append(Problem(_("Give the letter a short subject."), "subject"))
    problems += _too_long(subject, SUBJECT_MAX, "subject")
    if not content.strip():
        problems.append(Problem(_("Write the content of the letter."), "content"))
    problems += _too_long(content, CONTENT_MAX, "content")
    for name, limit in _TEXT_MAX.items():
        problems += _too_long(str(getattr(data, name) or ""), limit, name)
    if data.kind not in LetterKind.values:
        problems.append(Problem(_("Choose the kind of letter."), "kind"))
    if data.channel not in Channel.values:
        problems.append(Problem(_("Choose how the letter arrived."), "channel"))
    if data.matter not in MatterType.values:
        problems.append(Problem(_("Choose whether it is a party or a state matter."), "matter"))
    if data.field is not None and not data.field.active:
        problems.append(Problem(_("Choose a field from the list."), "field"))
    ended_on = data.province.effective_to if data.province is not None else None
    if ended_on is not None and ended_on <= today:  # a province no longer in force
        problems.append(Problem(_("Choose the province or city where the matter is."), "province"))

    received = data.received_on or today
    problems += _not_future(data.received_on, today, "received_on")
    if data.letter_date is not None:
        future = _not_future(data.letter_date, today, "letter_date")
        problems += future
        if not future and data.letter_date > received:
            problems.append(
                Problem(
                    _("The date on the letter cannot be after the day it was received."),
                    "letter_date",
                    reads=("received_on", "letter_date"),
                )
            )

    if data.channel == Channel.FORWARDED:
        # Asked of the channel: a body or number too long to keep is also a missing one.
        if not data.forwarded_by_body.strip():
            problems.append(
                Problem(
                    _("Name the body that forwarded the letter."),
                    "forwarded_by_body",
                    reads=("channel",),
                )
            )
        if not data.forwarded_by_number.strip():
            problems.append(
                Problem(
                    _("Give the number of the forwarding document."),
                    "forwarded_by_number",
                    reads=("channel",),
                )
            )
    if (
        data.ward is not None
        and data.province is not None
        and data.ward.province_id != data.province.pk
    ):
        problems.append(
            Problem(
                _("The commune is not in the chosen province."), "ward", reads=("province", "ward")
            )
        )
    problems += media_url_problems(data.media_url)
    texts = ("subject", "content", "about", "place")
    if any("\x00" in str(getattr(data, name) or "") for name in texts):
        problems.append(
            Problem(_("The text contains characters that are not allowed."), None, reads=texts)
        )

    method = str(data.signature_method or SignatureMethod.NONE)
    if method not in SignatureMethod.values:
        problems.append(Problem(_("Choose how the letter was signed."), "signature_method"))
    uploads = len(data.attachments)
    if uploads > files.max_files():
        problems.append(
            Problem(_("Attach at most %(n)d files.") % {"n": files.max_files()}, "attachments")
        )
    if method == SignatureMethod.SIGNED_SCAN:
        if not uploads:
            problems.append(
                Problem(
                    _("Attach the scan of the signed letter."),
                    "attachments",
                    reads=("signature_method",),
                )
            )
        elif any(not 0 <= i < uploads for i in data.signed_scan_indexes):
            problems.append(
                Problem(
                    _("There is no file at this position."),
                    "signed_file",
                    reads=("signature_method", "signed_file"),
                )
            )

    signers = [s for s in data.signers if not s.is_empty()]
    for i, signer in enumerate(signers):
        problems += signer_problems(signer, prefix=f"signers.{i}.")
    count = len(signers)
    reps = sum(1 for s in signers if s.is_representative)
    for fewest, most, reps_min, reps_max, message in REPRESENTATIVE_RULES:
        if fewest <= count <= (most or count) and not reps_min <= reps <= reps_max:
            problems.append(Problem(str(message)))
    return problems


# --- A letter an officer enters ---------------------------------------------------------------


def entry_problems(data: LetterInput, *, actor: Actor) -> list[Problem]:
    """What an officer entering a letter by hand may record: a unit in whose register they
    enter letters, a channel other than the web form and the API, a signature seen on paper."""
    problems: list[Problem] = []
    if data.unit.pk not in policies.intake_unit_ids(actor):
        problems.append(Problem(_("You do not register letters in this unit."), "unit"))
    if data.channel not in STAFF_ENTRY_CHANNELS:
        problems.append(Problem(_("Choose how the letter arrived."), "channel"))
    if str(data.signature_method) not in STAFF_ENTRY_SIGNATURES:
        problems.append(Problem(_("Choose how the letter was signed."), "signature_method"))
    return problems


# --- A citizen's own letter from the public form ------------------------------------------------

#: The kinds a citizen chooses; "mixed" is what an officer finds when classifying.
PUBLIC_KINDS: Final = frozenset(k.value for k in LEGAL_KINDS)


def _public_field_exists(field_id: int) -> bool:
    """An active field whose group (if any) is active: the choices the public form offers."""
    return (
        Field.objects.filter(pk=field_id, active=True)
        .filter(Q(parent__isnull=True) | Q(parent__active=True))
        .exists()
    )


def _coordinate(value: str, limit: int) -> Decimal | None:
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) > limit:
        return None
    return number.quantize(Decimal("0.000001"))


def _position(latitude: str, longitude: str) -> tuple[str, str]:
    """The map position as two numbers in range, or nothing: never half a position."""
    lat, lon = _coordinate(latitude, 90), _coordinate(longitude, 180)
    if lat is None or lon is None:
        return "", ""
    return str(lat), str(lon)


def _letter_date(value: str, today: dt.date) -> list[Problem]:
    if not value:
        return []
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return [Problem(_("Enter a real date, for example 26/11/2026."), "letter_date")]
    if day > today:
        return [Problem(_("The date of the letter cannot be in the future."), "letter_date")]
    if day < EARLIEST_LETTER_DATE:
        return [Problem(_("Enter a real date, for example 26/11/2026."), "letter_date")]
    return []


#: The longest link to a photo a letter keeps (``Letter.media_url``).
MEDIA_URL_MAX: Final = 500


def media_url_problems(value: str) -> list[Problem]:
    """A link to a photo is an absolute ``http`` or ``https`` address; it is kept as a link and
    never fetched by the platform (an address it read could reach the inside of the network)."""
    if not value:
        return []
    if len(value) > MEDIA_URL_MAX:
        return _too_long(value, MEDIA_URL_MAX, "media_url")
    parts = urlsplit(value)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(ch.isspace() for ch in value)
    ):
        return [Problem(_("Give the link to the photo as a full web address."), "media_url")]
    return []


def _place_problems(
    letter: PublicLetter, today: dt.date, *, area_required: bool = True
) -> list[Problem]:
    """The province is required; then a commune of that province, both in force today.

    Without ``area_required`` (a connected system that locates the matter by a map position or
    an address only), a letter may name no area at all: it goes to the default receiving unit,
    whose officer routes it by hand; an area it does name is checked the same way."""
    if not area_required and not letter.province_code and not letter.ward_code:
        return []
    province_ok = bool(letter.province_code) and (
        Province.objects.filter(open_after_q(today), pk=letter.province_code).exists()
    )
    if not province_ok:
        return [Problem(_("Choose the province or city where the matter is."), "province")]
    if not letter.ward_code:
        return [Problem(_("Choose the commune or ward where the matter is."), "ward")]
    in_province = Ward.objects.filter(
        open_after_q(today), pk=letter.ward_code, province_id=letter.province_code
    ).exists()
    if not in_province:
        return [
            Problem(
                _("Choose a commune or ward of this province."), "ward", reads=("province", "ward")
            )
        ]
    return []


def _contact_values(letter: PublicLetter) -> tuple[dict[str, str], list[Problem]]:
    """The sender's details normalised (``+84…`` telephone, lower-case e-mail, identity number
    without spaces), with the problems of those that are not valid."""
    problems: list[Problem] = []
    values: dict[str, str] = {
        "full_name": " ".join(letter.full_name.split()),
        "address": letter.address.strip(),
    }
    problems += _too_long(values["full_name"], _SIGNER_MAX["full_name"], "full_name")
    problems += _too_long(values["address"], _SIGNER_MAX["address"], "address")

    phone = letter.phone.strip()
    if phone:
        try:
            phone = contacts.normalize_mobile(phone)
        except ValidationError as exc:
            problems.append(Problem(exc.messages[0], "phone"))
    values["phone"] = phone

    email = letter.email.strip()
    too_long = _too_long(email, 254, "email")
    problems += too_long
    if email and not too_long:
        try:
            email = contacts.normalize_email(email)
        except ValidationError as exc:
            problems.append(Problem(exc.messages[0], "email"))
    values["email"] = email

    id_number = "".join(letter.id_number.split())
    if id_number and not (id_number.isalnum() and 6 <= len(id_number) <= 20):
        problems.append(
            Problem(_("Enter the number as written on the card, digits only."), "id_number")
        )
    values["id_number"] = id_number.upper()
    return values, problems


def _sender_problems(letter: PublicLetter) -> list[Problem]:
    """Who may send what without a name, and what a named sender gives (on ``letter`` with its
    details already normalised)."""
    kind = letter.kind
    problems: list[Problem] = []
    if kind in SIGNED_KINDS and not letter.about:
        problems.append(
            Problem(
                _("Name the body or person your complaint is about.")
                if kind == LetterKind.COMPLAINT
                else _("Name the person or body you report."),
                "about",
            )
        )
    if letter.anonymous:
        if kind == LetterKind.COMPLAINT:
            problems.append(
                Problem(
                    _(
                        "A complaint must carry your name, your address and your signature "
                        "(Law on Complaints, Art. 8). Untick “Send without my name”."
                    ),
                    "anonymous",
                    reads=("kind", "anonymous"),
                )
            )
        elif kind == LetterKind.PETITION:
            problems.append(
                Problem(
                    _(
                        "A petition must give your name and address (Decree 20/2008/NĐ-CP, "
                        "Art. 7). Untick “Send without my name”."
                    ),
                    "anonymous",
                    reads=("kind", "anonymous"),
                )
            )
        elif kind == LetterKind.DENUNCIATION and not letter.anonymous_ack:
            # Anonymous information with denunciation content is not a denunciation (Luật Tố cáo
            # Art. 25): the sender says they know it.
            problems.append(
                Problem(
                    _(
                        "Tick the box to confirm that you understand: information sent without "
                        "your name is not handled as a denunciation."
                    ),
                    "anonymous_ack",
                    reads=("kind", "anonymous", "anonymous_ack"),
                )
            )
        return problems
    if not letter.full_name:
        problems.append(
            Problem(
                _("Enter your full name.")
                if kind in (LetterKind.COMPLAINT, LetterKind.PETITION)
                else _("Enter your full name, or tick “Send without my name”."),
                "full_name",
            )
        )
    if kind in SIGNED_KINDS:
        # Luật Khiếu nại Art. 8, Luật Tố cáo Art. 23: the sender's address; and a contact, where
        # the code that signs the letter is sent.
        if not letter.address:
            problems.append(Problem(_("Enter your address."), "address"))
        if not letter.phone and not letter.email:
            problems.append(
                Problem(
                    _(
                        "Give a mobile number or an e-mail address: the code that signs "
                        "your letter is sent there."
                    ),
                    "phone",
                    reads=("phone", "email"),
                )
            )
    return problems


def public_letter_clean(
    letter: PublicLetter, *, today: dt.date, area_required: bool = True
) -> tuple[PublicLetter, list[Problem]]:
    """``letter`` normalised, and the problems that keep it from being sent.

    Normalised: every text in NFC without control characters (``clean_text``), subject and
    name on one line with single spaces, other texts stripped, the
    telephone as ``+84…``, the e-mail in lower case, the identity number without spaces and in
    capitals, the map position both numbers or none; an anonymous letter keeps no name, address
    or identity number (a telephone or e-mail is kept to send news of the letter). Field names
    are those of the public form.
    """
    texts: dict[str, Any] = {
        f.name: clean_text(value)
        for f in dataclasses.fields(letter)
        if isinstance(value := getattr(letter, f.name), str)
    }
    letter = dataclasses.replace(letter, **texts)
    problems: list[Problem] = []
    if letter.kind not in PUBLIC_KINDS:
        problems.append(Problem(_("Choose the kind of letter."), "kind"))
    if letter.field_id is not None and not _public_field_exists(letter.field_id):
        problems.append(Problem(_("Choose a field from the list."), "field"))
    subject = " ".join(letter.subject.split())
    content = letter.content.strip()
    about = letter.about.strip()
    place = letter.place.strip()
    if not subject:
        problems.append(Problem(_("Give the letter a short subject."), "subject"))
    problems += _too_long(subject, SUBJECT_MAX, "subject")
    if not content:
        problems.append(Problem(_("Write the content of the letter."), "content"))
    problems += _too_long(content, CONTENT_MAX, "content")
    problems += _too_long(about, _TEXT_MAX["about"], "about")
    problems += _too_long(place, _TEXT_MAX["place"], "place")
    problems += _letter_date(letter.letter_date, today)
    problems += _place_problems(letter, today, area_required=area_required)
    problems += media_url_problems(letter.media_url)
    latitude, longitude = _position(letter.latitude, letter.longitude)

    values, contact_problems = _contact_values(letter)
    problems += contact_problems
    cleaned = dataclasses.replace(
        letter,
        subject=subject,
        content=content,
        about=about,
        place=place,
        latitude=latitude,
        longitude=longitude,
        full_name=values["full_name"],
        address=values["address"],
        phone=values["phone"],
        email=values["email"],
        id_number=values["id_number"],
    )
    problems += _sender_problems(cleaned)
    if cleaned.anonymous:
        cleaned = dataclasses.replace(cleaned, full_name="", address="", id_number="")
    return cleaned, problems


def public_signature_problems(
    letter: PublicLetter,
    *,
    method: str,
    attachment_tokens: Sequence[str],
    signed_scan: Sequence[str],
) -> list[Problem]:
    """How a citizen's own letter may be signed: a code sent to one of its contacts, a photo of
    the signed letter among its files, or not at all."""
    if method not in _PUBLIC_SIGNATURES or (
        method in _OTP_CONTACT and _OTP_CONTACT[method] not in letter.contacts()
    ):
        return [Problem(_("Choose how the letter was signed."), "signature_method")]
    tokens = set(attachment_tokens)
    if any(token not in tokens for token in signed_scan) or (
        method == SignatureMethod.SIGNED_SCAN and not signed_scan
    ):
        return [
            Problem(_("Choose the file that shows your signed letter, or attach it."), "scan_file")
        ]
    return []
