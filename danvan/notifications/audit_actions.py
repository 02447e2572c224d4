"""The audit action names the notifications context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: The purge removed messages older than the retention period from the outbox.
    MESSAGE_PURGED = "notifications.message.purged", _("Old messages purged")
