"""Platform-wide models: the audit trail and the working-day calendar."""

from danvan.core.models.audit import AuditEntry
from danvan.core.models.calendar import CalendarDay, DayKind

__all__ = ["AuditEntry", "CalendarDay", "DayKind"]
