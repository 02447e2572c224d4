"""Platform-wide models: the audit trail, the working-day calendar, number series and
the stamps of shared caches."""

from danvan.core.models.audit import AuditEntry
from danvan.core.models.calendar import CalendarDay, CalendarYear, DayKind, PeriodUnit
from danvan.core.models.sequences import Sequence
from danvan.core.models.stamps import CacheStamp

__all__ = [
    "AuditEntry",
    "CacheStamp",
    "CalendarDay",
    "CalendarYear",
    "DayKind",
    "PeriodUnit",
    "Sequence",
]
