"""The audit action names the notifications context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import StrEnum, unique

__all__ = ["AuditAction"]


@unique
class AuditAction(StrEnum):
    #: The purge removed messages older than the retention period from the outbox.
    MESSAGE_PURGED = "notifications.message.purged"
