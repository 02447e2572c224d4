"""Writes of the notifications context: messages to people and one-time codes.

This context takes addresses, not users: callers pass an e-mail address or a phone number that
they have already normalised (``danvan.accounts.contacts``); only their shape is checked here.
Addresses are personal data: they are stored to send, shown masked, never logged unmasked and
never written to the audit trail. Callers audit their own actions (naming the message or the
challenge by its neutral reference, never its address).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.notifications import delivery, sms, tasks
from danvan.notifications.addresses import AddressInvalid, check_email, check_phone, mask
from danvan.notifications.audit_actions import AuditAction
from danvan.notifications.models import Channel, CodeChallenge, Message, MessageStatus

__all__ = [
    "CODE_EVENT",
    "CODE_LENGTH",
    "CODE_VALIDITY",
    "MAX_CODES_PER_HOUR",
    "MAX_WRONG_TRIES",
    "RESEND_INTERVAL",
    "AddressInvalid",
    "CodeError",
    "CodeExpired",
    "CodeInvalid",
    "CodeLocked",
    "CodeNotFound",
    "CodeThrottled",
    "CodeUsed",
    "PendingReport",
    "PurgeReport",
    "code_issue",
    "code_verify",
    "message_send",
    "messages_purge",
    "messages_send_pending",
]

logger = logging.getLogger("danvan.notifications")

CODE_LENGTH: Final = 6
#: A code is valid for 10 minutes after it was issued.
CODE_VALIDITY: Final = dt.timedelta(minutes=10)
#: After this many wrong tries a challenge is dead, even with the right code.
MAX_WRONG_TRIES: Final = 5
#: At most one new code per address and purpose in this interval ...
RESEND_INTERVAL: Final = dt.timedelta(seconds=60)
#: ... and at most this many in an hour.
MAX_CODES_PER_HOUR: Final = 5
_HOUR: Final = dt.timedelta(hours=1)
#: ``Message.event`` of the messages that carry a one-time code.
CODE_EVENT: Final = "notifications.code.issued"
_MASK: Final = "*" * CODE_LENGTH
_CODE_HMAC_SALT: Final = "danvan.notifications.code"

_IDENTIFIER_RE: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
_TARGET_REF_RE: Final = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*#[A-Za-z0-9_.:\-]{1,64}")
_MAX_IDENTIFIER: Final = 100
_MAX_SUBJECT: Final = 255


# --- Failures ------------------------------------------------------------------------------------


class CodeError(ApplicationError):
    """A one-time code cannot be issued or accepted."""


class CodeThrottled(CodeError):  # noqa: N818 (the name says the failure)
    """Too many codes were asked for; ``extra["retry_after"]`` is the wait in seconds."""

    def __init__(self, *, retry_after: int) -> None:
        super().__init__(
            _("You have asked for too many codes. Please try again in a few minutes."),
            extra={"retry_after": retry_after},
        )
        self.retry_after = retry_after


class CodeInvalid(CodeError):  # noqa: N818 (the name says the failure)
    """The code is wrong; ``tries_left`` more wrong tries are allowed."""

    def __init__(self, *, tries_left: int) -> None:
        super().__init__(
            ngettext(
                "The code is not correct. You have %(count)d more try.",
                "The code is not correct. You have %(count)d more tries.",
                tries_left,
            )
            % {"count": tries_left},
            extra={"tries_left": tries_left},
        )
        self.tries_left = tries_left


class CodeExpired(CodeError):  # noqa: N818 (the name says the failure)
    def __init__(self) -> None:
        super().__init__(_("The code has expired. Please ask for a new code."))


class CodeUsed(CodeError):  # noqa: N818 (the name says the failure)
    def __init__(self) -> None:
        super().__init__(_("The code has already been used. Please ask for a new code."))


class CodeLocked(CodeError):  # noqa: N818 (the name says the failure)
    def __init__(self) -> None:
        super().__init__(
            _(
                "The code was entered wrongly too many times and no longer works. "
                "Please ask for a new code."
            )
        )


class CodeNotFound(CodeError):  # noqa: N818 (the name says the failure)
    """No challenge has this id for this purpose (a bad link, or purged)."""

    def __init__(self) -> None:
        super().__init__(_("The code request was not found. Please ask for a new code."))


# --- Messages ------------------------------------------------------------------------------------


def _check_identifier(value: str, what: str) -> None:
    if len(value) > _MAX_IDENTIFIER or not _IDENTIFIER_RE.fullmatch(value):
        raise ValueError(f"{what} must be a dotted identifier such as 'letters.letter.received'")


def _check_target_ref(target_ref: str) -> None:
    if target_ref and not _TARGET_REF_RE.fullmatch(target_ref):
        raise ValueError("target_ref must look like 'app.model#pk'")


def _one_line(subject: str) -> str:
    """A header-safe subject: one line, at most 255 characters."""
    return " ".join(subject.split())[:_MAX_SUBJECT]


def _enqueue_on_commit(message_ids: list[int]) -> None:
    def enqueue() -> None:
        for message_id in message_ids:
            tasks.deliver_message.enqueue(message_id=message_id)

    # robust: a queue that cannot be reached must not break the caller's committed work;
    # the messages stay queued and ``danvan send_pending_messages`` sends them.
    transaction.on_commit(enqueue, robust=True)


def _enqueue_sealed_on_commit(
    texts: dict[int, str], after: Callable[[], None] | None = None
) -> None:
    """Queue messages whose stored body is masked, with their real ``texts`` (by id), sealed.

    They go to the worker like every message, after commit, so no request waits for a mail
    server or a gateway; the queue stores its arguments in the database, where the secret must
    never be readable, so each text travels sealed (``delivery.seal``). A queue that cannot be
    reached leaves the messages queued, and they are not retried (the person asks for a new
    secret).
    """

    def enqueue() -> None:
        for message_id, text in texts.items():
            tasks.deliver_message.enqueue(message_id=message_id, sealed=delivery.seal(text))
        if after is not None:
            after()

    transaction.on_commit(enqueue, robust=True)


@transaction.atomic
def message_send(
    *,
    event: str,
    subject: str,
    body: str,
    email: str = "",
    phone: str = "",
    target_ref: str = "",
    sms_body: str | None = None,
    secret: str = "",
) -> list[Message]:
    """Queue one message per address given and deliver each after the caller's transaction commits.

    - ``event``: a dotted identifier of what happened, e.g. ``"letters.letter.received"``.
    - ``email`` / ``phone``: normalised addresses (``ten@example.vn``, ``+84912345678``); an empty
      one is skipped; none at all returns ``[]``.
    - ``subject`` / ``body``: the e-mail; the SMS uses ``sms_body`` (else ``body``), cut to
      ``delivery.MAX_SMS_LENGTH`` characters.
    - ``target_ref``: the neutral reference of what the message is about, ``"app.model#pk"``.
    - ``secret``: a value in the texts that must not be stored (a PIN): the rows keep the texts
      with it masked (``redacted``), the real texts go to the task queue sealed
      (``delivery.seal``), and a failed one is not retried (the person asks for a new secret).

    Writes ``Message`` rows (``queued``) and, on commit, enqueues ``tasks.deliver_message`` for
    each. Raises ``AddressInvalid`` (before writing anything) for an address of the wrong shape,
    ``ValueError`` for a malformed ``event``/``target_ref``, an empty body, or a ``secret`` that
    is in the subject or in none of the texts.
    """
    _check_identifier(event, "event")
    _check_target_ref(target_ref)
    if not body.strip():
        raise ValueError("a message needs a body")
    subject = _one_line(subject)
    texts = {Channel.EMAIL: body if email else "", Channel.SMS: (sms_body or body) if phone else ""}
    if secret and (secret in subject or not any(secret in t for t in texts.values() if t)):
        raise ValueError("secret must be in the body (or sms_body) and not in the subject")
    addresses = {
        Channel.EMAIL: check_email(email) if email else "",
        Channel.SMS: check_phone(phone) if phone else "",
    }
    messages: list[Message] = []
    real_texts: dict[int, str] = {}
    for channel, address in addresses.items():
        if not address:
            continue
        text = texts[channel]
        stored = text.replace(secret, _MASK) if secret else text
        if channel == Channel.SMS:
            text, stored = delivery.sms_text(text), delivery.sms_text(stored)
        message = Message.objects.create(
            channel=channel,
            address=address,
            subject=subject,
            body=stored,
            event=event,
            target_ref=target_ref,
            redacted=bool(secret),
        )
        messages.append(message)
        real_texts[message.pk] = text
    if messages and secret:
        _enqueue_sealed_on_commit(real_texts)
    elif messages:
        _enqueue_on_commit([m.pk for m in messages])
    return messages


@dataclass(frozen=True)
class PendingReport:
    sent: int
    failed: int


def messages_send_pending() -> PendingReport:
    """Try once more every queued or failed message that has attempts left.

    Skips messages sent meanwhile, those with ``delivery.MAX_ATTEMPTS`` attempts, those tried less
    than ``delivery.RETRY_AFTER`` ago, and messages whose text was not kept (one-time codes: the
    person asks for a new code). Safe to run at any time and concurrently with the worker.
    """
    pending = (
        Message.objects.filter(
            delivery.claimable(),
            status__in=[MessageStatus.QUEUED, MessageStatus.FAILED],
            redacted=False,
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = failed = 0
    for message_id in list(pending):
        message = delivery.deliver(message_id=message_id)
        if message is None:
            continue
        if message.status == MessageStatus.SENT:
            sent += 1
        else:
            failed += 1
    return PendingReport(sent=sent, failed=failed)


@dataclass(frozen=True)
class PurgeReport:
    messages: int
    challenges: int


@transaction.atomic
def messages_purge(*, older_than_days: int = 90) -> PurgeReport:
    """Delete finished messages and dead code challenges created more than ``older_than_days`` ago.

    Finished: sent, given up (failed with no attempts left) or a one-time code's record. Messages
    still to be retried stay. Records one audit entry (counts only) when anything was deleted.
    """
    if older_than_days < 1:
        raise ValueError("older_than_days must be at least 1")
    now = timezone.now()
    cutoff = now - dt.timedelta(days=older_than_days)
    finished = (
        Q(status=MessageStatus.SENT)
        | Q(status=MessageStatus.FAILED, attempts__gte=delivery.MAX_ATTEMPTS)
        | Q(redacted=True)
    )
    messages, _by_model = Message.objects.filter(finished, created_at__lt=cutoff).delete()
    dead = Q(used_at__isnull=False) | Q(expires_at__lte=now) | Q(attempts__gte=MAX_WRONG_TRIES)
    challenges, _by_model = CodeChallenge.objects.filter(dead, created_at__lt=cutoff).delete()
    if messages or challenges:
        audit.record(
            action=AuditAction.MESSAGE_PURGED,
            actor=audit.SYSTEM,
            extra={"messages": messages, "challenges": challenges, "days": older_than_days},
        )
    return PurgeReport(messages=messages, challenges=challenges)


# --- One-time codes ------------------------------------------------------------------------------


def _code_hash(public_id: uuid.UUID, code: str) -> str:
    """HMAC-SHA256 of the code, keyed with SECRET_KEY and bound to its challenge."""
    return salted_hmac(
        _CODE_HMAC_SALT, f"{public_id}:{code}", secret=settings.SECRET_KEY, algorithm="sha256"
    ).hexdigest()


def _serialise_issuing(address: str, purpose: str) -> None:
    """Make concurrent requests for the same address and purpose take turns (PostgreSQL).

    SQLite needs nothing: its IMMEDIATE transactions already run one writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(f"{_CODE_HMAC_SALT}|{purpose}|{address}".encode()).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
        )


def _throttle(address: str, purpose: str, now: dt.datetime) -> None:
    recent = list(
        CodeChallenge.objects.filter(address=address, purpose=purpose, created_at__gt=now - _HOUR)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:MAX_CODES_PER_HOUR]
    )
    waits = []
    if recent and recent[0] > now - RESEND_INTERVAL:
        waits.append(recent[0] + RESEND_INTERVAL - now)
    if len(recent) >= MAX_CODES_PER_HOUR:
        waits.append(recent[-1] + _HOUR - now)  # when the oldest of them leaves the hour
    if waits:
        raise CodeThrottled(retry_after=max(1, math.ceil(max(waits).total_seconds())))


def _reveal_codes(channel: str) -> bool:
    """Whether a demo or development installation logs the code, so people can try it out."""
    if getattr(settings, "DANVAN_ENV", "") == "production":
        return False
    if settings.DEBUG:
        return True
    return channel == Channel.SMS and issubclass(sms.backend_class(), sms.LoggingSmsBackend)


def _send_code_on_commit(message: Message, text: str, code: str, purpose: str) -> None:
    channel, masked = message.channel, mask(message.address)

    def reveal() -> None:
        if _reveal_codes(channel):
            logger.info("One-time code for %s sent to %s: %s (demo)", purpose, masked, code)

    _enqueue_sealed_on_commit({message.pk: text}, after=reveal)


@transaction.atomic
def code_issue(
    *,
    purpose: str,
    email: str = "",
    phone: str = "",
    subject: str = "",
    text_template: str = "",
) -> CodeChallenge:
    """Create a challenge and send its 6-digit code to ``email`` or ``phone`` (exactly one).

    - ``purpose``: a dotted identifier, e.g. ``"letters.sign"``; ``code_verify`` must name it.
    - ``text_template``: the message, with ``%(code)s`` and optionally ``%(minutes)d``; default
      "Your Dân Vận Số confirmation code is … valid for 10 minutes. Do not share this code." in
      the active language. ``subject``: the e-mail's subject (a default otherwise).

    Earlier live codes for the same address and purpose stop working. The code is sent right
    after the caller's transaction commits; only its HMAC is stored, and the ``Message`` row
    (``event=CODE_EVENT``) keeps the text with the code masked. Raises ``CodeThrottled`` (one
    code a minute, five an hour per address and purpose), ``AddressInvalid``, and ``ValueError``
    for a malformed purpose or template or not exactly one address.
    """
    _check_identifier(purpose, "purpose")
    if bool(email) == bool(phone):
        raise ValueError("code_issue needs exactly one of email or phone")
    channel, address = (
        (Channel.EMAIL, check_email(email)) if email else (Channel.SMS, check_phone(phone))
    )
    template = text_template or gettext(
        "Your Dân Vận Số confirmation code is %(code)s. It is valid for %(minutes)d minutes. "
        "Do not share this code."
    )
    if "%(code)s" not in template:
        raise ValueError("text_template must contain %(code)s")
    minutes = int(CODE_VALIDITY.total_seconds() // 60)

    _serialise_issuing(address, purpose)
    now = timezone.now()
    _throttle(address, purpose, now)
    CodeChallenge.objects.filter(
        address=address, purpose=purpose, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)

    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    challenge = CodeChallenge(
        purpose=purpose,
        channel=channel,
        address=address,
        expires_at=now + CODE_VALIDITY,
        created_at=now,
    )
    challenge.code_hash = _code_hash(challenge.public_id, code)
    challenge.save()

    text = template % {"code": code, "minutes": minutes}
    masked_text = template % {"code": _MASK, "minutes": minutes}
    if channel == Channel.SMS:
        text, masked_text = delivery.sms_text(text), delivery.sms_text(masked_text)
    message = Message.objects.create(
        channel=channel,
        address=address,
        subject=_one_line(subject or gettext("Your Dân Vận Số confirmation code")),
        body=masked_text,
        event=CODE_EVENT,
        target_ref=f"notifications.codechallenge#{challenge.pk}",
        redacted=True,
    )
    _send_code_on_commit(message, text, code, purpose)
    return challenge


def _normalise_code(code: str) -> str:
    return "".join(code.split())


def _lookup(challenge: CodeChallenge | str) -> CodeChallenge | None:
    rows = CodeChallenge.objects.select_for_update()
    if isinstance(challenge, CodeChallenge):
        return rows.filter(pk=challenge.pk).first()
    try:
        public_id = uuid.UUID(str(challenge))
    except ValueError:
        return None
    return rows.filter(public_id=public_id).first()


def code_verify(*, challenge: CodeChallenge | str, code: str, purpose: str) -> CodeChallenge:
    """Accept ``code`` for the challenge (or its public id) once, and return it marked used.

    Raises ``CodeNotFound`` (unknown id, or another purpose), ``CodeUsed``, ``CodeLocked`` (five
    wrong tries), ``CodeExpired`` or ``CodeInvalid`` (wrong code; says how many tries are left).

    A wrong try is counted in the database by this call. Call it *before* opening a transaction
    of your own, or catch ``CodeError`` inside it: an exception escaping an enclosing
    ``atomic`` block rolls the count back with everything else, and the lockout would not hold.
    """
    failure: CodeError
    with transaction.atomic():
        row = _lookup(challenge)
        now = timezone.now()
        if row is None or row.purpose != purpose:
            failure = CodeNotFound()
        elif row.used_at is not None:
            failure = CodeUsed()
        elif row.attempts >= MAX_WRONG_TRIES:
            failure = CodeLocked()
        elif row.expires_at <= now:
            failure = CodeExpired()
        elif constant_time_compare(_code_hash(row.public_id, _normalise_code(code)), row.code_hash):
            row.used_at = now
            row.save(update_fields=["used_at"])
            return row
        else:
            row.attempts += 1
            row.save(update_fields=["attempts"])
            tries_left = MAX_WRONG_TRIES - row.attempts
            failure = CodeInvalid(tries_left=tries_left) if tries_left > 0 else CodeLocked()
    raise failure
