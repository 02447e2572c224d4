"""Telling the citizen about each public step of their letter, by e-mail and SMS.

Messages name the letter by its tracking code and the step; they never repeat the content or any
signer's identity, so a message seen by someone else reveals nothing about who wrote. Only the
signers' own addresses receive them (withdrawn signers excepted).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from danvan.letters.models import Letter, Signer


def _tracking_url() -> str:
    base = str(getattr(settings, "DANVAN_PUBLIC_URL", "") or "").rstrip("/")
    return f"{base}{reverse('letters:track')}"


def _send(
    letter: Letter,
    *,
    event: str,
    subject: str,
    body: str,
    secret: str = "",
    signers: Sequence[Signer] | None = None,
) -> None:
    from danvan.notifications import services as notifications

    if signers is None:
        signers = list(Signer.objects.filter(letter=letter, withdrawn_on__isnull=True))
    for signer in signers:
        if signer.withdrawn_on is not None or not (signer.email or signer.phone):
            continue
        notifications.message_send(
            event=event,
            subject=subject,
            body=body,
            email=signer.email,
            phone=signer.phone,
            target_ref=f"letters.letter#{letter.pk}",
            secret=secret,
        )


def letter_received(letter: Letter, *, pin: str, signers: Sequence[Signer] | None = None) -> None:
    """Tell the signers their letter's tracking code and PIN; ``signers``: the letter's, when
    the caller has just written them (else they are read)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your letter was received: %(code)s") % {"code": letter.tracking_code}
        body = _(
            "%(unit)s received your letter on %(date)s and registered it as number %(number)s.\n"
            "Tracking code: %(code)s\nPIN: %(pin)s\n"
            "Follow it at %(url)s with this code and PIN. Keep the PIN to yourself."
        ) % {
            "unit": letter.unit.name,
            "date": letter.received_on.strftime("%d/%m/%Y"),
            "number": letter.register_label,
            "code": letter.tracking_code,
            "pin": pin,
            "url": _tracking_url(),
        }
    _send(
        letter,
        event="letters.letter.received",
        subject=subject,
        body=body,
        secret=pin,
        signers=signers,
    )


def letter_step(
    letter: Letter, *, event: str, step: str, params: Mapping[str, Any] | None = None
) -> None:
    """A public step (accepted, forwarded, extended, answered...): ``step`` is an untranslated
    message (marked with ``gettext_noop``) written to the citizen in the site's language, not in
    the language of the officer who acted."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            key: str(value) if isinstance(value, Promise) else value
            for key, value in (params or {}).items()
        }
        text = _(step) % values if values else _(step)
        subject = _("News of your letter %(code)s") % {"code": letter.tracking_code}
        body = _("%(step)s\nFollow your letter at %(url)s with its code %(code)s and your PIN.") % {
            "step": text,
            "url": _tracking_url(),
            "code": letter.tracking_code,
        }
    _send(letter, event=event, subject=subject, body=body)
