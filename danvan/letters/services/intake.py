"""Receiving a letter from any channel: one service for the public form, staff entry and the API.

``letter_receive`` checks the rules of every letter (``intake_rules``), registers the letter in
the unit's register with the year's next number, stores its signers apart from it, checks and
stores its files, removes identity strings from a copy of its text, links it to an earlier letter
of the same person with similar content, computes its processing deadline and tells the citizen
the tracking code. ``letter_enter`` is the officer's door to it, with the rules of a letter
entered by hand.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from danvan.accounts.actors import signed_in_user
from danvan.core import calendar
from danvan.core.actors import SYSTEM, Actor
from danvan.core.errors import ApplicationError
from danvan.core.sequences import next_number, series_key
from danvan.core.text import fold
from danvan.letters import deadlines, files, running_due
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import PROTECTED_KINDS, Channel, LetterKind, SignatureMethod
from danvan.letters.models import (
    AcceptedSignatureMethod,
    Attachment,
    Letter,
    Signer,
    SignerKey,
)
from danvan.letters.redaction import identity_strings, redact, self_identifiers
from danvan.letters.search_index import index_signer_names, search_text
from danvan.letters.services import intake_rules
from danvan.letters.services.intake_rules import Problem
from danvan.letters.signer_keys import signer_digest as _signer_digest
from danvan.letters.states import LetterStatus
from danvan.letters.workflows import LETTER_WORKFLOW
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Field, Province, Unit, Ward
from danvan.workflow.models import tracking as tracked

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


#: Letters of the same person whose folded texts score at least this (0-100, rapidfuzz's
#: token-set ratio, tolerant of reordered words and small edits) are the same content.
DUPLICATE_SIMILARITY: Final = 85
DUPLICATE_LOOKBACK_DAYS: Final = 3 * 365


class IntakeError(ApplicationError):
    """A letter that cannot be received, with every refused rule at once.

    ``problems`` holds each (``intake_rules.Problem``: message, the input it concerns); ``extra``
    carries the same for the API: ``errors``, the messages in order, and ``fields``, each input's
    messages. ``IntakeError.of(problems)`` builds one.
    """

    def __init__(
        self,
        message: StrOrPromise,
        *,
        extra: Mapping[str, Any] | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__(message, extra=extra)
        self.problems = list(problems)

    @classmethod
    def of(cls, problems: Sequence[Problem]) -> IntakeError:
        messages = [p.message for p in problems]
        fields: dict[str, list[str]] = {}
        for problem in problems:
            if problem.field:
                fields.setdefault(problem.field, []).append(problem.message)
        return cls(
            " ".join(messages), extra={"errors": messages, "fields": fields}, problems=problems
        )


@dataclass
class SignerInput:
    full_name: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    is_representative: bool = False
    user_id: int | None = None

    def is_empty(self) -> bool:
        return not any((self.full_name, self.id_number, self.phone, self.email, self.address))


@dataclass
class LetterInput:
    unit: Unit
    channel: Channel | str
    kind: LetterKind | str
    subject: str
    content: str
    signers: Sequence[SignerInput] = ()
    received_on: dt.date | None = None
    letter_date: dt.date | None = None
    matter: MatterType | str = MatterType.STATE
    field: Field | None = None
    about: str = ""
    about_unit: Unit | None = None
    province: Province | None = None
    ward: Ward | None = None
    place: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    media_url: str = ""
    forwarded_by_body: str = ""
    forwarded_by_number: str = ""
    signature_method: SignatureMethod | str = SignatureMethod.NONE
    publish_consent: bool = False
    attachments: Sequence[UploadedFile] = ()
    signed_scan_indexes: Sequence[int] = ()
    source_letter: Letter | None = None


@dataclass(frozen=True)
class IntakeResult:
    letter: Letter
    tracking_code: str
    pin: str


def pin_hash(pin: str) -> str:
    """A keyed hash of a tracking PIN (``workflow.models.tracking``, the kit's scheme)."""
    return tracked.pin_hash(pin)


def pin_matches(stored: str, pin: str) -> bool:
    return tracked.pin_matches(stored, pin)


def protected_texts(
    protected: bool, subject: str, content: str, identity: Sequence[str]
) -> tuple[str, str, str]:
    """(subject, redacted content, search text) of a letter.

    For a protected letter (``Letter.identity_protected``) the subject shown in lists is
    redacted too, and the search text is built from the redacted texts: otherwise an officer who
    may not read the identity could find the letter by typing the denouncer's name.
    """
    if protected:
        identity = [*identity, *self_identifiers(content)]
    redacted = redact(content, identity)
    if protected:
        subject = redact(subject, identity)
        return subject, redacted, fold(f"{subject} {redacted}")
    return subject, redacted, fold(f"{subject} {content}")


def unique_tracking_code() -> str:
    """A tracking code no letter has yet."""
    return Letter.unique_tracking_code()


def normalise_tracking_code(value: str) -> str:
    return Letter.normalise_tracking_code(value)


def signer_digests(signer: SignerInput | Signer, ward_code: str = "") -> set[str]:
    """Keyed hashes of a signer's identifiers, to find the same person again without reading
    identities: telephone digits, e-mail, identity number, or folded name within a commune."""
    values: set[str] = set()
    digits = "".join(ch for ch in signer.phone if ch.isdigit())
    if len(digits) >= 9:
        values.add("tel:" + digits[-9:])
    if signer.email:
        values.add("mail:" + signer.email.strip().casefold())
    if signer.id_number:
        values.add("id:" + "".join(ch for ch in signer.id_number if ch.isalnum()).upper())
    if signer.full_name and ward_code:
        values.add(f"name:{fold(signer.full_name)}|{ward_code}")
    return {_signer_digest(v) for v in values}


def accepted_signature_methods() -> set[str]:
    return set(
        AcceptedSignatureMethod.objects.filter(accepted=True).values_list("method", flat=True)
    )


def _validate(data: LetterInput, today: dt.date) -> list[SignerInput]:
    """The signers given (empty rows dropped), or ``IntakeError`` with every rule refused."""
    problems = intake_rules.letter_problems(data, today=today)
    if problems:
        raise IntakeError.of(problems)
    return [s for s in data.signers if not s.is_empty()]


def _find_duplicate(letter: Letter, digests: set[str]) -> int | None:
    """The id of the earlier letter this one repeats (the first of its chain), or None."""
    if not digests:
        return None
    since = letter.received_on - dt.timedelta(days=DUPLICATE_LOOKBACK_DAYS)
    keys = SignerKey.objects.filter(digest__in=digests)
    if letter.pk is not None:
        keys = keys.exclude(letter_id=letter.pk)
    candidate_ids = (
        keys.filter(letter__received_on__gte=since).values_list("letter_id", flat=True).distinct()
    )
    mine = fold(f"{letter.subject} {letter.content}")
    best: tuple[float, int] | None = None
    # A denunciation is never linked to the same person's unprotected letters (nor the other
    # way): the link would tell a reader of one who wrote the other (Luật Tố cáo Art. 47).
    # One query: the keys through the digest index, their letters through the primary key;
    # only the columns compared are read.
    candidates = Letter.objects.filter(pk__in=candidate_ids).exclude(status=LetterStatus.SPLIT)
    protected_q = Letter.protected_q()
    candidates = (
        candidates.filter(protected_q)
        if letter.identity_protected
        else candidates.exclude(protected_q)
    )
    rows = candidates.order_by("received_on", "pk").values_list(
        "pk", "subject", "content", "duplicate_of_id"
    )
    for pk, subject, content, first in rows:
        score = fuzz.token_set_ratio(mine, fold(f"{subject} {content}"))
        if score >= DUPLICATE_SIMILARITY and (best is None or score > best[0]):
            best = (score, first or pk)
    return None if best is None else best[1]


def _check_attachments(uploads: Sequence[UploadedFile]) -> list[files.CheckedFile]:
    """The uploads checked (type, size, content), or ``files.FileRejectedError``."""
    checked = [files.check_upload(u) for u in uploads]
    total = sum(c.size for c in checked)
    limit = files.max_file_bytes() * 2
    if total > limit:
        raise files.FileRejectedError(
            _("The files together are larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
        )
    return checked


def _store_attachments(
    letter: Letter, checked: Sequence[files.CheckedFile], signed: Sequence[int]
) -> None:
    for i, item in enumerate(checked):
        attachment = Attachment(
            letter=letter,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
            signed_letter=i in signed,
        )
        attachment.file.save(
            f"{secrets.token_hex(16)}.{item.extension}", ContentFile(item.data), save=False
        )
        attachment.save()


@transaction.atomic
def letter_receive(
    *, data: LetterInput, actor: Actor, request: HttpRequest | None = None
) -> IntakeResult:
    """Register a letter; returns it with its tracking code and the PIN (shown once).

    ``actor`` is the officer entering it, or an ``AnonymousUser`` for the public form and the
    API (recorded as a public actor: a citizen's own actions are never tied to their identity in
    the audit trail). Raises ``IntakeError`` (with every problem found) or
    ``files.FileRejectedError``;
    nothing is saved then.
    """
    today = calendar.today_local()
    signers = _validate(data, today)
    received_on = data.received_on or today
    unit = data.unit
    pin = tracked.new_pin()
    code = unique_tracking_code()

    method = str(data.signature_method or SignatureMethod.NONE)
    signed = method != SignatureMethod.NONE and method in accepted_signature_methods()
    identity: list[str] = []
    for s in signers:
        identity.extend(
            identity_strings(
                full_name=s.full_name,
                id_number=s.id_number,
                phone=s.phone,
                email=s.email,
                address=s.address,
            )
        )
    anonymous = not signers or not any(s.full_name.strip() for s in signers)
    subject, redacted, search = protected_texts(
        data.kind in PROTECTED_KINDS, data.subject.strip()[:255], data.content.strip(), identity
    )
    search = search_text(
        subject=search,
        body="",
        place=data.place.strip()[:255],
        about=data.about.strip()[:255],
        about_unit=data.about_unit.name if data.about_unit is not None else "",
    )
    ward = data.ward
    province = data.province or (ward.province if ward is not None else None)
    rule = deadlines.rule_in_effect(deadlines.processing_rule_key(data.kind), received_on)
    remote = bool(ward is not None and ward.remote_area)

    letter = Letter(
        unit=unit,
        register_year=received_on.year,
        tracking_code=code,
        pin_hash=pin_hash(pin),
        channel=data.channel,
        received_on=received_on,
        received_by=signed_in_user(actor),
        letter_date=data.letter_date,
        forwarded_by_body=data.forwarded_by_body.strip(),
        forwarded_by_number=data.forwarded_by_number.strip(),
        source_letter=data.source_letter,
        kind=data.kind,
        matter=data.matter,
        field=data.field,
        subject=subject[:255],
        about=data.about.strip()[:255],
        about_unit=data.about_unit,
        content=data.content.strip(),
        content_redacted=redacted,
        province=province,
        ward=ward,
        place=data.place.strip()[:255],
        latitude=data.latitude,
        longitude=data.longitude,
        media_url=data.media_url.strip(),
        signature_method=method,
        signed=signed,
        signer_count=len(signers),
        anonymous=anonymous,
        publish_consent=data.publish_consent,
        due_on=deadlines.due_date(rule, received_on),
        due_rule=rule,
        remote_area=remote,
        search_folded=search,
    )
    # Written with the INSERT (the gate's start then has nothing to update).
    letter.running_due = running_due.of_new_letter(letter)
    ward_code = ward.pk if ward is not None else ""
    digests: set[str] = set()
    for s in signers:
        digests |= signer_digests(s, ward_code)
    # Found before the letter is written (it cannot find itself then) and before its number is
    # taken: the search reads, and nothing it reads needs the series row.
    duplicate = _find_duplicate(letter, digests)
    letter.duplicate_of_id = duplicate
    checked = _check_attachments(data.attachments)

    # The register number is taken last of the reads: its series row stays locked until the
    # transaction commits (gap-free numbering, ``core.sequences``), so the time other intakes of
    # the same unit wait for it is only that of the writes below.
    letter.register_number = next_number(series_key("letters", unit.pk, received_on.year))
    letter.save(force_insert=True)
    new_signers = Signer.objects.bulk_create(
        [
            Signer(
                letter=letter,
                position=position,
                full_name=s.full_name.strip()[:150],
                id_number=s.id_number.strip()[:20],
                phone=s.phone.strip()[:20],
                email=s.email.strip()[:254],
                address=s.address.strip()[:255],
                is_representative=s.is_representative,
                user_id=s.user_id,
            )
            for position, s in enumerate(signers, start=1)
        ]
    )
    SignerKey.objects.bulk_create([SignerKey(letter=letter, digest=d) for d in sorted(digests)])
    index_signer_names(letter, [s.full_name.strip()[:150] for s in signers], new=True)
    _store_attachments(letter, checked, data.signed_scan_indexes)

    from danvan.letters.services import messaging

    messaging.letter_received(letter, pin=pin, signers=new_signers)
    # The history names the officer who entered the letter; a letter from the public form
    # has nobody there. The audit entry is the last write: the chain's lock, which every
    # intake of every unit takes, is held from it to the commit only.
    LETTER_WORKFLOW.start(
        letter,
        actor=actor,
        history_actor=letter.received_by or SYSTEM,
        action=AuditAction.LETTER_RECEIVED,
        extra={
            "channel": str(data.channel),
            "kind": str(data.kind),
            "register": letter.register_label,
            "signed": signed,
            "duplicate_of": duplicate,
            "rule": rule.pk,
        },
        request=request,
    )
    return IntakeResult(letter=letter, tracking_code=code, pin=pin)


def letter_enter(
    *, data: LetterInput, actor: Actor, request: HttpRequest | None = None
) -> IntakeResult:
    """Register a letter an officer enters by hand (received in person, by post, hotline or
    e-mail, or forwarded by another body) through ``letter_receive``.

    Beyond the rules of every letter: ``actor`` registers letters in ``data.unit``
    (``policies.intake_unit_ids``), the channel is not the web form or the API, and the signature
    is one seen on paper or a scan (``intake_rules.entry_problems``). Raises ``IntakeError`` with
    every problem of both kinds, or what ``letter_receive`` raises; nothing is saved then.
    """
    problems = intake_rules.entry_problems(data, actor=actor)
    if problems:
        problems += intake_rules.letter_problems(data, today=calendar.today_local())
        raise IntakeError.of(problems)
    return letter_receive(data=data, actor=actor, request=request)
