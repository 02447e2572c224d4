"""The citizen's own letter, opened in full on the tracking page.

The tracking code and PIN show what any holder of the paper receipt may see: the progress and
the answer with every signer's identity removed. The person who wrote may open more: they ask
for a one-time code sent to the contact on file for the letter's addressee (the signer the
notices are addressed to, ``paperwork.addressee_signer``) and type it back. Confirmed, the page
shows them, for that letter and that browser session only and for ``CONFIRMED_SECONDS``, their
own name, the full answer (redaction is for others, never for the person themself: only the
other signers' identity is removed), the notices addressed to them with a PDF of each, and the
rights left after the decision.

Codes are the notifications context's: 6 digits, valid 10 minutes, used once, five wrong tries
kill one, at most one a minute and five an hour for one contact (``notifications.services``).
On top of that, the requests and the tries from one client address are limited
(``core.throttle``). Every code sent, every confirmation and every refusal is audited, naming
the letter and the channel, never the contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.core.throttle import Throttle
from danvan.documents.models import DocumentStatus, IssuedDocument
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Case, CitizenNotice, Letter, Signer
from danvan.letters.redaction import redact
from danvan.letters.services.paperwork import addressee_signer

__all__ = [
    "CHANNELS",
    "CONFIRMED_SECONDS",
    "CONFIRM_PURPOSE",
    "CitizenAccessError",
    "access_code_confirm",
    "access_code_send",
    "answer_for_signer",
    "channels_on_file",
    "content_for_signer",
    "notices_for_signer",
]

#: ``code_issue``/``code_verify`` purpose of the code that opens one's own letter.
CONFIRM_PURPOSE: Final = "letters.track.confirm"
#: How long a confirmation keeps the letter open in full.
CONFIRMED_SECONDS: Final = 10 * 60
#: The channels a code may go by, in the order offered.
CHANNELS: Final = ("sms", "email")
#: Codes asked for from one client address, over every letter.
REQUEST_THROTTLE: Final = Throttle("letters.track.code_request", limit=10, window=15 * 60)
#: Codes typed from one client address, over every letter.
CONFIRM_THROTTLE: Final = Throttle("letters.track.code_confirm", limit=20, window=15 * 60)


class CitizenAccessError(ApplicationError):
    pass


def _address(signer: Signer, channel: str) -> str:
    return signer.phone if channel == "sms" else signer.email if channel == "email" else ""


def channels_on_file(letter: Letter) -> list[str]:
    """The channels ("sms", "email") the letter's addressee can get a code by; empty when the
    letter has no addressee or they left no telephone and no e-mail."""
    signer = addressee_signer(letter)
    if signer is None:
        return []
    return [channel for channel in CHANNELS if _address(signer, channel)]


def access_code_send(*, letter: Letter, channel: str, request: HttpRequest) -> str:
    """Send a fresh code to the addressee's telephone (``"sms"``) or e-mail (``"email"``);
    returns the public id of the challenge, to keep in the session with the letter.

    Raises ``CitizenAccessError`` when there is no such contact, ``core.throttle.Throttled``
    when the client address asked too often, and the notifications context's
    ``CodeThrottled`` (too many codes for this contact) or ``AddressInvalid``.
    """
    from danvan.notifications import services as notifications

    signer = addressee_signer(letter)
    address = _address(signer, channel) if signer is not None else ""
    if not address:
        raise CitizenAccessError(
            _("No telephone number or e-mail address is on file for this letter.")
        )
    REQUEST_THROTTLE.admit_address(request)
    template = _(
        "Your code to open your letter on Dân Vận Số is %(code)s. It is valid for %(minutes)d "
        "minutes. Do not give it to anyone."
    )
    challenge = notifications.code_issue(
        purpose=CONFIRM_PURPOSE,
        email=address if channel == "email" else "",
        phone=address if channel == "sms" else "",
        subject=_("Code to open your letter"),
        text_template=template,
    )
    audit.record(
        action=AuditAction.TRACKING_CODE_SENT,
        actor=AnonymousUser(),
        target=letter,
        extra={"channel": channel},
        request=request,
    )
    return str(challenge.public_id)


def _refused(letter: Letter, request: HttpRequest, reason: str) -> None:
    audit.record(
        action=AuditAction.TRACKING_CONFIRM_REFUSED,
        actor=AnonymousUser(),
        target=letter,
        extra={"reason": reason},
        request=request,
    )


def access_code_confirm(
    *, letter: Letter, challenge_id: str, code: str, request: HttpRequest
) -> Signer:
    """Accept ``code`` for the challenge sent for ``letter``; returns the signer it proves.

    Must run outside a transaction (the notifications context counts wrong tries). Raises
    ``core.throttle.Throttled``, the notifications context's ``CodeError`` subclasses
    (``CodeInvalid`` says how many tries are left; ``CodeExpired``, ``CodeUsed``,
    ``CodeLocked``), or ``CitizenAccessError`` when the code went to a contact the letter's
    addressee no longer has.
    """
    from danvan.notifications import services as notifications

    CONFIRM_THROTTLE.admit_address(request)
    try:
        challenge = notifications.code_verify(
            challenge=challenge_id, code=code, purpose=CONFIRM_PURPOSE
        )
    except notifications.CodeError as exc:
        _refused(letter, request, type(exc).__name__)
        raise
    signer = addressee_signer(letter)
    channel = "email" if challenge.channel == "email" else "sms"
    if signer is None or _address(signer, channel) != challenge.address:
        _refused(letter, request, "contact_changed")
        raise CitizenAccessError(
            _("The code was sent to a contact the letter no longer has. Ask for a new code.")
        )
    audit.record(
        action=AuditAction.TRACKING_CONFIRMED,
        actor=AnonymousUser(),
        target=letter,
        extra={"channel": channel, "signer": signer.pk},
        request=request,
    )
    return signer


# --- What the confirmed signer reads ----------------------------------------------------------


def _others(signer: Signer, letters: Sequence[Letter]) -> list[str]:
    """The identity strings of every other signer of ``letters``, without any the confirmed
    signer shares (a family's address): the signer's own identity is never removed for them."""
    own = set(signer.identity_strings())
    strings: list[str] = []
    for other in Signer.objects.filter(letter__in=[x.pk for x in letters]).exclude(pk=signer.pk):
        strings.extend(s for s in other.identity_strings() if s not in own)
    return strings


def _answering_case(letter: Letter) -> Case | None:
    """The case whose decision answered the letter: its own, or its cluster's lead's."""
    case = letter.case_or_none()
    if case is not None and case.decision_answer:
        return case
    cluster = letter.cluster
    if cluster is not None and cluster.lead_id and cluster.lead_id != letter.pk:
        lead_case = Case.objects.filter(letter_id=cluster.lead_id).first()
        if lead_case is not None and lead_case.decision_answer:
            return lead_case
    return None


def answer_for_signer(letter: Letter, signer: Signer) -> str:
    """The answer as written to the signer: their own name kept, every other signer's identity
    removed. Before the answer is sent, nothing; for an answer recorded before the full text
    was kept, the public copy."""
    if not letter.public_answer:
        return ""
    case = _answering_case(letter)
    if case is None:
        return letter.public_answer
    return redact(case.decision_answer, _others(signer, [letter, case.letter]))


def content_for_signer(letter: Letter, signer: Signer) -> str:
    """The letter's own text for its signer: only the other signers' identity removed."""
    return redact(letter.content, _others(signer, [letter]))


def notices_for_signer(letter: Letter) -> list[IssuedDocument]:
    """The notices addressed to the letter's citizen, oldest first (restricted ones included:
    they are the person's own): those issued, signed and numbered (a draft is nobody's notice
    yet)."""
    return [
        notice.document
        for notice in CitizenNotice.objects.filter(
            letter=letter, document__status=DocumentStatus.ISSUED
        )
        .select_related("document")
        .order_by("document__issued_on", "pk")
    ]
