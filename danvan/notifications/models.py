"""The outbox of messages to people and the one-time codes sent to them.

Both tables hold personal data (an e-mail address or a phone number) only for as long as sending
needs it: ``danvan purge_messages`` deletes finished rows after a retention period.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One message to one address on one channel.

    ``address`` is personal data: it is kept to send (and resend) the message, shown masked in
    lists, never written to the audit trail and never logged unmasked. ``last_error`` never
    repeats it. When ``redacted`` is set the body held a secret (a one-time code) that was sent
    but never stored: ``body`` shows it masked and the message is never resent.
    """

    retention = Retention(
        RetentionClass.DELIVERY,
        personal_fields=("address", "subject", "body"),
        note="Deleted by `danvan purge_messages` once finished and older than its --days.",
    )

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    event = models.CharField(_("event"), max_length=100)
    target_ref = models.CharField(_("about"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    redacted = models.BooleanField(_("text not kept"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="notif_msg_status_created")]

    def __str__(self) -> str:
        return f"{self.event} ({self.get_channel_display()}, {self.get_status_display()})"


class CodeChallenge(models.Model):
    """A one-time code sent to one address for one purpose (e.g. ``letters.sign``).

    Only an HMAC of the code is stored. The challenge is dead once used, expired, or after too
    many wrong tries; ``address`` is kept to send the code and to throttle requests.
    """

    retention = Retention(
        RetentionClass.DELIVERY,
        personal_fields=("address",),
        note="Deleted by `danvan purge_messages` once dead and older than its --days.",
    )

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(_("purpose"), max_length=100)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    code_hash = models.CharField(_("code hash"), max_length=64)
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [
            models.Index(fields=["address", "purpose", "created_at"], name="notif_code_throttle"),
            models.Index(fields=["created_at"], name="notif_code_created"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.public_id}"
