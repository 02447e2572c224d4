"""Platform-wide models: the audit trail, the working-day calendar and number series."""

from danvan.core.models.audit import AuditEntry
from danvan.core.models.calendar import CalendarDay, CalendarYear, DayKind, PeriodUnit
from danvan.core.models.sequences import Sequence

__all__ = ["AuditEntry", "CalendarDay", "CalendarYear", "DayKind", "PeriodUnit", "Sequence"]
