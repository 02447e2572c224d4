"""Platform-wide models: the audit trail and the working-day calendar."""

from danvan.core.models.audit import AuditEntry
from danvan.core.models.calendar import CalendarDay, CalendarYear, DayKind, PeriodUnit

__all__ = ["AuditEntry", "CalendarDay", "CalendarYear", "DayKind", "PeriodUnit"]
