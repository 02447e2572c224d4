"""The citizen's own letter, sent from the public form without an account.

What the public form needs beyond ``intake.letter_receive``:

* which unit receives a letter nobody has routed yet (``receiving_unit_for``);
* the draft kept between the form and the signing step: its text (``PublicLetter``, held in the
  session by the view) and its files, saved under a random name in the private ``drafts/`` area
  of the media storage (``draft_file_save``) and deleted after sending or within a day
  (``drafts_purge``);
* the one-time code that signs a complaint or a denunciation (Luật Khiếu nại Art. 8, 11(5);
  Luật Tố cáo Art. 23): ``signing_code_send`` and ``signing_code_check``;
* the rules of a citizen's own letter (``public_letter_clean``: the kind, the place, who may send
  what without a name, the sender's contacts; see ``intake_rules``);
* ``public_letter_check``: those rules and the unit that receives the letter, read once
  (``CheckedLetter``: the form's request hands it on instead of reading it all again);
* ``public_letter_submit``, which checks a letter kept in the session again (not one checked
  in the same request) and registers it through ``intake.letter_receive``.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import calendar
from danvan.core.errors import ApplicationError
from danvan.letters import files
from danvan.letters.choices import SIGNED_KINDS, Channel, LetterKind, SignatureMethod
from danvan.letters.services import intake, intake_rules
from danvan.letters.services.intake_rules import PUBLIC_KINDS
from danvan.organizations import selectors as org_selectors
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Field, Membership, Province, Unit, UnitLink, Ward
from danvan.organizations.roles import Role

__all__ = [
    "DRAFT_MAX_AGE",
    "SIGN_PURPOSE",
    "CheckedLetter",
    "DraftFile",
    "IntakeNotConfiguredError",
    "PublicIntakeError",
    "PublicLetter",
    "draft_file_save",
    "draft_files_delete",
    "drafts_purge",
    "matter_for_field",
    "public_letter_check",
    "public_letter_clean",
    "public_letter_submit",
    "receiving_unit_for",
    "signing_code_check",
    "signing_code_send",
]

logger = logging.getLogger(__name__)

#: ``code_issue``/``code_verify`` purpose of the code that signs a letter.
SIGN_PURPOSE: Final = "letters.sign"
#: Drafts (text in the session, files on disk) live at most this long.
DRAFT_MAX_AGE: Final = dt.timedelta(hours=24)
DRAFT_DIR: Final = "drafts"
_TOKEN_BYTES: Final = 24
_PURGE_EVERY: Final = 3600  # seconds between two opportunistic purges of old draft files
_PURGE_CACHE_KEY: Final = "letters.public.drafts_purged"
#: Fields whose group says the matter belongs to the Party's system (DOMAIN.md §9).
_PARTY_FIELD_PREFIX: Final = "party-"


class PublicIntakeError(ApplicationError):
    pass


class IntakeNotConfiguredError(PublicIntakeError):
    """No unit can receive letters from the public yet."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Sending letters on this portal has not been set up yet: no unit receives them. "
                "Please send your letter by post or bring it to the citizen reception office, "
                "and try this form again later."
            )
        )


# --- Routing --------------------------------------------------------------------------------


def matter_for_field(field: Field | None) -> MatterType:
    """A Party matter when the field (or its group) is one of the Party's, else a State matter.

    Citizens are not asked which system a matter belongs to; the receiving officer corrects it
    when classifying the letter.
    """
    if field is None:
        return MatterType.STATE
    codes = {field.code}
    if field.parent is not None:
        codes.add(field.parent.code)
    if any(code.startswith(_PARTY_FIELD_PREFIX) for code in codes):
        return MatterType.PARTY
    return MatterType.STATE


def _default_unit(day: dt.date) -> Unit | None:
    code = str(getattr(settings, "DANVAN_DEFAULT_INTAKE_UNIT", "") or "").strip()
    if not code:
        return None
    unit = Unit.objects.active_on(day).filter(code=code).first()
    if unit is None:
        logger.warning("DANVAN_DEFAULT_INTAKE_UNIT names no unit active today: %s", code)
    return unit


def _root_unit_with_receiver(day: dt.date) -> Unit | None:
    has_parent = UnitLink.objects.active_on(day).filter(child_id=OuterRef("pk"))
    has_receiver = Membership.objects.active_on(day).filter(
        unit_id=OuterRef("pk"), role=Role.RECEIVING_OFFICER, user__is_active=True
    )
    return (
        Unit.objects.active_on(day)
        .filter(~Exists(has_parent), Exists(has_receiver))
        .order_by("pk")
        .first()
    )


def receiving_unit_for(
    kind: LetterKind | str,
    matter: MatterType | str,
    field: Field | None,
    province: Province | None,
    ward: Ward | None,
) -> Unit:
    """The unit that receives a letter sent from the public form today.

    The most specific unit competent for the matter (``organizations.selectors.competent_units``);
    else the unit whose code is ``settings.DANVAN_DEFAULT_INTAKE_UNIT``; else the first active
    root unit with at least one receiving officer. Raises ``IntakeNotConfiguredError`` when there
    is none. The receiving officer forwards the letter if another body is competent.
    """
    day = calendar.today_local()
    competent = org_selectors.competent_units(
        kind=kind, matter=matter, field=field, province=province, ward=ward, on=day
    )
    if competent:
        return competent[0]
    unit = _default_unit(day) or _root_unit_with_receiver(day)
    if unit is None:
        raise IntakeNotConfiguredError()
    return unit


# --- The draft ------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def national_phone(phone: str) -> str:
    """``+84912345678`` as ``0912345678``; any other value unchanged."""
    if phone.startswith("+84") and phone[3:].isdigit():
        return "0" + phone[3:]
    return phone


@dataclass
class PublicLetter:
    """The text of a letter typed in the public form: plain values that fit in the session."""

    kind: str
    subject: str
    content: str
    about: str = ""
    field_id: int | None = None
    province_code: str = ""
    ward_code: str = ""
    place: str = ""
    latitude: str = ""
    longitude: str = ""
    #: A link to a photo the sender's app holds (kept as a link, never fetched).
    media_url: str = ""
    letter_date: str = ""  # ISO date
    anonymous: bool = False
    #: The sender of anonymous denunciation content says they know it is not a denunciation.
    anonymous_ack: bool = False
    full_name: str = ""
    phone: str = ""  # normalised: +84...
    email: str = ""  # normalised: lower case
    address: str = ""
    id_number: str = ""
    publish_consent: bool = False

    @property
    def needs_signature(self) -> bool:
        """A complaint or a denunciation from a named person is signed (Luật Khiếu nại Art. 8;
        Luật Tố cáo Art. 23). Anonymous information with denunciation content is not a
        denunciation (Art. 25) and has nobody to sign it."""
        return self.kind in SIGNED_KINDS and not self.anonymous

    @property
    def is_anonymous_denunciation(self) -> bool:
        return self.kind == LetterKind.DENUNCIATION and self.anonymous

    def to_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: Mapping[str, Any]) -> PublicLetter | None:
        """The draft stored by ``to_session``, or None if it is missing or malformed."""
        try:
            letter = cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except (TypeError, KeyError):
            return None
        if letter.kind not in PUBLIC_KINDS or not letter.subject or not letter.content:
            return None
        if "anonymous_ack" not in data:
            # A draft kept before the acknowledgement was stored: the form required it then.
            letter.anonymous_ack = letter.anonymous
        return letter

    def field(self) -> Field | None:
        if self.field_id is None:
            return None
        return Field.objects.filter(pk=self.field_id, active=True).select_related("parent").first()

    def province(self) -> Province | None:
        if not self.province_code:
            return None
        return Province.objects.filter(pk=self.province_code).first()

    def ward(self) -> Ward | None:
        if not self.ward_code:
            return None
        return Ward.objects.filter(pk=self.ward_code).select_related("province").first()

    def signer(self) -> intake.SignerInput | None:
        """The sender, or None for an anonymous letter without any contact.

        The telephone is kept as written in Vietnam (0912345678), as officers enter it: the
        redaction of a denunciation's text then finds it written either way (0912..., +84912...).
        """
        phone = national_phone(self.phone)
        if self.anonymous:
            # Anonymous: no name, address or identity number; a telephone or e-mail given only to
            # receive news of the letter is kept.
            signer = intake.SignerInput(phone=phone, email=self.email)
        else:
            signer = intake.SignerInput(
                full_name=self.full_name,
                id_number=self.id_number,
                phone=phone,
                email=self.email,
                address=self.address,
            )
        return None if signer.is_empty() else signer

    def contacts(self) -> dict[str, str]:
        """The addresses a signing code can go to: ``{"sms": phone, "email": email}``."""
        found = {}
        if self.phone:
            found["sms"] = self.phone
        if self.email:
            found["email"] = self.email
        return found


@dataclass(frozen=True)
class DraftFile:
    """A file of a draft, kept under ``drafts/<token>`` until the letter is sent."""

    token: str
    name: str
    size: int
    created: float = field(default=0.0)

    @property
    def path(self) -> str:
        return f"{DRAFT_DIR}/{self.token}"

    def to_session(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_session(cls, data: Any) -> DraftFile | None:
        if not isinstance(data, Mapping):
            return None
        token = str(data.get("token", ""))
        # A token is ours only if it has the shape we give: never a path someone typed.
        if len(token) != _TOKEN_BYTES * 2 or any(c not in "0123456789abcdef" for c in token):
            return None
        try:
            return cls(
                token=token,
                name=str(data.get("name", ""))[:255],
                size=int(data.get("size", 0)),
                created=float(data.get("created", 0.0)),
            )
        except (TypeError, ValueError):
            return None

    def expired(self, now: float | None = None) -> bool:
        moment = timezone.now().timestamp() if now is None else now
        return moment - self.created > DRAFT_MAX_AGE.total_seconds()

    def upload(self) -> UploadedFile:
        """The stored bytes as an upload for ``intake.letter_receive`` (checked again there)."""
        try:
            with default_storage.open(self.path, "rb") as handle:
                data = handle.read()
        except OSError:
            raise PublicIntakeError(
                _("The file “%(name)s” is no longer kept (after a day). Please attach it again.")
                % {"name": self.name}
            ) from None
        return SimpleUploadedFile(self.name, data)


def draft_file_save(upload: UploadedFile) -> DraftFile:
    """Check ``upload`` (``files.check_upload``) and keep it for the draft.

    Raises ``files.FileRejectedError`` with a message for the person. The file is kept as sent
    (``intake.letter_receive`` checks and cleans it again when the letter is registered) in the
    private media storage, under a random name that reveals nothing.
    """
    checked = files.check_upload(upload)
    upload.seek(0)
    data = upload.read()
    token = secrets.token_hex(_TOKEN_BYTES)
    item = DraftFile(
        token=token, name=checked.name, size=len(data), created=timezone.now().timestamp()
    )
    default_storage.save(item.path, ContentFile(data))
    _purge_now_and_then()
    return item


def draft_files_delete(items: Sequence[DraftFile]) -> None:
    for item in items:
        try:
            default_storage.delete(item.path)
        except OSError:  # already gone: the purge or another request removed it
            logger.info("Draft file already removed: %s", item.token[:8])


def drafts_purge(max_age: dt.timedelta = DRAFT_MAX_AGE) -> int:
    """Delete draft files older than ``max_age``; returns how many. Safe to run at any time."""
    if not default_storage.exists(DRAFT_DIR):
        return 0
    cutoff = timezone.now() - max_age
    removed = 0
    _dirs, names = default_storage.listdir(DRAFT_DIR)
    for name in names:
        path = f"{DRAFT_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except (OSError, NotImplementedError):
            continue
    return removed


def _purge_now_and_then() -> None:
    """Purge old drafts at most once an hour, from the requests that add drafts."""
    if cache.add(_PURGE_CACHE_KEY, True, timeout=_PURGE_EVERY):
        drafts_purge()


# --- Signing --------------------------------------------------------------------------------

_CHANNEL_METHOD: Final = {"sms": SignatureMethod.OTP_SMS, "email": SignatureMethod.OTP_EMAIL}


def otp_channels_accepted() -> list[str]:
    """The code channels whose signature method the administrators accept ("sms", "email")."""
    accepted = intake.accepted_signature_methods()
    return [channel for channel, method in _CHANNEL_METHOD.items() if method in accepted]


def signing_code_send(*, letter: PublicLetter, channel: str) -> str:
    """Send a signing code to the letter's telephone (``"sms"``) or e-mail (``"email"``); returns
    the public id of the challenge to keep with the draft.

    Raises ``PublicIntakeError`` when the letter has no such contact, and the notification
    context's ``CodeThrottled`` or ``AddressInvalid``.
    """
    from danvan.notifications import services as notifications

    address = letter.contacts().get(channel, "")
    if not address:
        raise PublicIntakeError(_("Give a telephone number or an e-mail address to get a code."))
    template = _(
        "Your code to sign your letter on Dân Vận Số is %(code)s. It is valid for %(minutes)d "
        "minutes. Do not give it to anyone."
    )
    challenge = notifications.code_issue(
        purpose=SIGN_PURPOSE,
        email=address if channel == "email" else "",
        phone=address if channel == "sms" else "",
        subject=_("Code to sign your letter"),
        text_template=template,
    )
    return str(challenge.public_id)


def signing_code_check(*, letter: PublicLetter, challenge_id: str, code: str) -> SignatureMethod:
    """Accept ``code`` for the draft's challenge; returns the signature method it proves.

    Must run outside a transaction (the notification context counts wrong tries). Raises the
    notification context's ``CodeError`` subclasses (``CodeInvalid`` says how many tries are
    left), or ``PublicIntakeError`` if the code was sent to an address the letter no longer has.
    """
    from danvan.notifications import services as notifications

    challenge = notifications.code_verify(challenge=challenge_id, code=code, purpose=SIGN_PURPOSE)
    channel = "email" if challenge.channel == "email" else "sms"
    if letter.contacts().get(channel) != challenge.address:
        raise PublicIntakeError(
            _("The code was sent to a contact the letter no longer has. Ask for a new code.")
        )
    return _CHANNEL_METHOD[channel]


# --- Rules ----------------------------------------------------------------------------------


def public_letter_clean(letter: PublicLetter, *, area_required: bool = True) -> PublicLetter:
    """``letter`` normalised (``intake_rules.public_letter_clean``), or ``intake.IntakeError``
    with every rule it breaks, each with the field of the public form it concerns.
    ``area_required=False`` lets a connected system send a letter located by a map position or
    an address only (it is routed by hand)."""
    cleaned, problems = intake_rules.public_letter_clean(
        letter, today=calendar.today_local(), area_required=area_required
    )
    if problems:
        raise intake.IntakeError.of(problems)
    return cleaned


@dataclass(frozen=True)
class CheckedLetter:
    """A letter as ``public_letter_check`` cleaned it, with the rows its routing read: its
    field, province and commune, the matter they make and the unit that receives it."""

    letter: PublicLetter
    field: Field | None
    province: Province | None
    ward: Ward | None
    matter: MatterType
    unit: Unit


def public_letter_check(letter: PublicLetter, *, area_required: bool = True) -> CheckedLetter:
    """``letter`` cleaned (``public_letter_clean``) and routed (``receiving_unit_for``).

    A letter that names no area (allowed with ``area_required=False``) is routed as one without
    a province or commune: to the unit competent everywhere, else the default receiving unit,
    whose receiving officer routes it by hand.

    Raises ``intake.IntakeError`` with every rule it breaks, then ``IntakeNotConfiguredError``
    when no unit receives it. The province is the commune's when the letter names both (the
    rules check that the commune is in it), so it is read once.
    """
    letter = public_letter_clean(letter, area_required=area_required)
    field_ = letter.field()
    ward = letter.ward()
    if ward is not None and ward.province_id == letter.province_code:
        province: Province | None = ward.province
    else:
        province = letter.province()  # required by public_letter_clean
    matter = matter_for_field(field_)
    unit = receiving_unit_for(letter.kind, matter, field_, province, ward)
    return CheckedLetter(letter, field_, province, ward, matter, unit)


# --- Sending --------------------------------------------------------------------------------


def public_letter_submit(
    *,
    letter: PublicLetter,
    attachments: Sequence[DraftFile] = (),
    signature_method: SignatureMethod | str = SignatureMethod.NONE,
    signed_scan: Sequence[str] = (),
    request: HttpRequest | None = None,
    checked: CheckedLetter | None = None,
    channel: Channel | str = Channel.WEB,
) -> intake.IntakeResult:
    """Register the letter at the unit that receives it (``receiving_unit_for``) through
    ``intake.letter_receive`` (channel: the public web form, actor: the public).

    ``signed_scan`` names the tokens of the attachments that are the signed letter itself (the
    signature method is then ``signed_scan``). The letter's rules and its routing are checked
    again (``public_letter_check``) unless ``checked`` is what that check returned for this very
    letter in the same request; then how it is signed (a code to one of its contacts, a file
    among its attachments, or none). ``channel`` is the public form's, or the API's for a letter
    a citizen's app sends (the same rules, the same routing). Draft files are deleted once the
    letter is saved.
    Raises ``IntakeNotConfiguredError``, ``intake.IntakeError`` and ``files.FileRejectedError``.
    """
    if checked is None or checked.letter is not letter:
        checked = public_letter_check(letter)
    letter = checked.letter
    method = str(signature_method or SignatureMethod.NONE)
    if signed_scan and method == SignatureMethod.NONE:
        method = SignatureMethod.SIGNED_SCAN
    problems = intake_rules.public_signature_problems(
        letter,
        method=method,
        attachment_tokens=[item.token for item in attachments],
        signed_scan=signed_scan,
    )
    if problems:
        raise intake.IntakeError.of(problems)
    signer = letter.signer()
    scan_indexes = [i for i, item in enumerate(attachments) if item.token in set(signed_scan)]
    data = intake.LetterInput(
        unit=checked.unit,
        channel=channel,
        kind=letter.kind,
        subject=letter.subject,
        content=letter.content,
        signers=[signer] if signer is not None else [],
        letter_date=_date(letter.letter_date),
        matter=checked.matter,
        field=checked.field,
        about=letter.about,
        province=checked.province,
        ward=checked.ward,
        place=letter.place,
        latitude=_decimal(letter.latitude),
        longitude=_decimal(letter.longitude),
        media_url=letter.media_url,
        signature_method=method,
        publish_consent=letter.publish_consent,
        attachments=[item.upload() for item in attachments],
        signed_scan_indexes=scan_indexes,
    )
    result = intake.letter_receive(data=data, actor=AnonymousUser(), request=request)
    draft_files_delete(attachments)
    return result
