"""Handing one outbox message to the mail server or the SMS gateway.

A delivery first *claims* the row with one conditional UPDATE (``attempts + 1``, ``last_attempt_at``
now) that succeeds only when the message is not sent, has attempts left, and no other attempt
started within ``RETRY_AFTER``. So the task, the retry command and a second worker never send the
same message twice at the same time, and a failing gateway is not retried more often than that.
The claim commits before the network call: no transaction (and on SQLite no write lock) is held
while the mail server or gateway answers.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
from typing import Final

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from danvan.notifications import sms
from danvan.notifications.addresses import scrub
from danvan.notifications.models import Channel, Message, MessageStatus

logger = logging.getLogger("danvan.notifications")

#: After this many attempts a message is given up (it stays ``failed``).
MAX_ATTEMPTS: Final = 5
#: An attempt is not repeated sooner than this, whoever tries.
RETRY_AFTER: Final = dt.timedelta(minutes=5)
#: SMS text is cut to this length (about three concatenated Unicode segments and a half).
MAX_SMS_LENGTH: Final = 480
_MAX_ERROR_LENGTH: Final = 500
#: A sealed text (``seal``) older than this is not delivered: the person asks for a new secret.
SEALED_VALIDITY: Final = dt.timedelta(hours=1)
_SEAL_PURPOSE: Final = "danvan.notifications.sealed-text"


def _sealer() -> Fernet:
    digest = hashlib.sha256(f"{_SEAL_PURPOSE}:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(text: str) -> str:
    """``text`` encrypted and authenticated (Fernet) with a key derived from ``SECRET_KEY``.

    The texts of messages with a secret (a PIN, a one-time code) travel to the worker sealed: the
    task queue stores its arguments in the database, where the secret must never be readable.
    Whoever holds ``SECRET_KEY`` could open it, as they could already find a 6-digit PIN from
    its keyed hash; the database alone tells nothing.
    """
    return _sealer().encrypt(text.encode()).decode("ascii")


def unseal(sealed: str) -> str | None:
    """The text ``seal`` sealed, or None when it was tampered with or is older than
    ``SEALED_VALIDITY``."""
    try:
        return (
            _sealer()
            .decrypt(sealed.encode("ascii"), ttl=int(SEALED_VALIDITY.total_seconds()))
            .decode()
        )
    except (InvalidToken, UnicodeError, ValueError):
        return None


def sms_text(text: str) -> str:
    """``text`` cut to ``MAX_SMS_LENGTH`` characters, ending with "…" when cut."""
    text = text.strip()
    if len(text) <= MAX_SMS_LENGTH:
        return text
    return text[: MAX_SMS_LENGTH - 1].rstrip() + "…"


def claimable() -> Q:
    """Messages an attempt may start on now."""
    return (
        ~Q(status=MessageStatus.SENT)
        & Q(attempts__lt=MAX_ATTEMPTS)
        & (Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=timezone.now() - RETRY_AFTER))
    )


def _claim(message_id: int) -> bool:
    claimed = Message.objects.filter(claimable(), pk=message_id).update(
        attempts=F("attempts") + 1, last_attempt_at=timezone.now()
    )
    return claimed == 1


def _send(message: Message, text: str) -> None:
    if message.channel == Channel.EMAIL:
        EmailMessage(
            subject=message.subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.address],
        ).send(fail_silently=False)
    else:
        sms.send_sms(phone=message.address, text=text)


def _error_text(exc: Exception, address: str) -> str:
    detail = scrub(str(exc), address)
    return f"{type(exc).__name__}: {detail}"[:_MAX_ERROR_LENGTH]


def deliver(*, message_id: int, text: str | None = None) -> Message | None:
    """Try to send the message once; return it as it ends up, or None when it was not attempted.

    ``text`` replaces the stored body (a one-time code, which the row holds masked). Not
    attempted: the message does not exist, is sent, has no attempts left, or another attempt began
    less than ``RETRY_AFTER`` ago. Sending errors never escape: the row becomes ``failed`` with
    the error (the address masked in it); errors of the database do.
    """
    if not _claim(message_id):
        return None
    message = Message.objects.get(pk=message_id)
    try:
        _send(message, text if text is not None else message.body)
    except Exception as exc:  # any backend error is a failed attempt, to be retried later
        message.status = MessageStatus.FAILED
        message.last_error = _error_text(exc, message.address)
        message.save(update_fields=["status", "last_error"])
        logger.warning(
            "Message %s (%s, %s) failed, attempt %d of %d: %s",
            message.pk,
            message.channel,
            message.event,
            message.attempts,
            MAX_ATTEMPTS,
            message.last_error,
        )
        return message
    message.status = MessageStatus.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "last_error"])
    logger.info("Message %s (%s, %s) sent", message.pk, message.channel, message.event)
    return message
