"""Text messages through a pluggable backend, chosen by ``settings.DANVAN_SMS_BACKEND``.

The setting holds a short name or the dotted path of a ``BaseSmsBackend`` subclass:

- ``"logging"`` (the default; the demo): logs one line per message to the ``danvan.sms`` logger
  with the number masked; the text stays in the outbox (``Message``) row only;
- ``"console"`` (development): writes the number and the text to standard output;
- ``"locmem"`` (tests): appends a ``SentSms`` to the module-level list ``outbox``;
- ``"package.module.Class"``: a real gateway (see docs/deployment.md, "SMS gateway").

A backend's ``send`` either returns (the gateway accepted the message) or raises ``SmsError``.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from danvan.notifications.addresses import mask_phone

logger = logging.getLogger("danvan.sms")

SHORT_NAMES: Final = {
    "logging": "danvan.notifications.sms.LoggingSmsBackend",
    "console": "danvan.notifications.sms.ConsoleSmsBackend",
    "locmem": "danvan.notifications.sms.LocmemSmsBackend",
}


class SmsError(Exception):
    """The message could not be handed to the gateway. The text must not contain the number."""


class BaseSmsBackend:
    """Sends one text message. Subclasses are created with no arguments for each message."""

    def send(self, phone: str, text: str) -> None:
        """Hand ``text`` to the gateway for ``phone`` (``+84…``), or raise ``SmsError``."""
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Demo backend: nothing leaves the machine; a line with the masked number is logged."""

    def send(self, phone: str, text: str) -> None:
        logger.info(
            "SMS to %s (%d characters), not sent: logging backend", mask_phone(phone), len(text)
        )


class ConsoleSmsBackend(BaseSmsBackend):
    """Development backend: the number and the text on standard output."""

    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"SMS to {phone}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str


#: What ``LocmemSmsBackend`` sent, oldest first. Tests clear it (``outbox.clear()``).
outbox: list[SentSms] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Test backend: keeps each message in ``danvan.notifications.sms.outbox``."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(SentSms(phone=phone, text=text))


def backend_class(name: str | None = None) -> type[BaseSmsBackend]:
    """The backend class named by ``name`` (default: ``settings.DANVAN_SMS_BACKEND``)."""
    configured = name if name is not None else getattr(settings, "DANVAN_SMS_BACKEND", "logging")
    path = SHORT_NAMES.get(configured, configured)
    try:
        cls = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"DANVAN_SMS_BACKEND={configured!r} is neither one of {', '.join(SHORT_NAMES)} "
            f"nor the dotted path of a class ({exc})."
        ) from exc
    if not (isinstance(cls, type) and issubclass(cls, BaseSmsBackend)):
        raise ImproperlyConfigured(
            f"DANVAN_SMS_BACKEND={configured!r} is not a subclass of "
            "danvan.notifications.sms.BaseSmsBackend."
        )
    return cls


def get_backend() -> BaseSmsBackend:
    """A fresh instance of the configured backend."""
    return backend_class()()


def send_sms(*, phone: str, text: str) -> None:
    """Send one text message through the configured backend; raises ``SmsError``."""
    get_backend().send(phone, text)
