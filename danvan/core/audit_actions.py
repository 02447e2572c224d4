"""The audit action names the core context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import StrEnum, unique

__all__ = ["AuditAction"]


@unique
class AuditAction(StrEnum):
    #: A year of the working-day calendar was seeded or re-seeded from the ``holidays`` package
    #: and something changed.
    CALENDAR_YEAR_SEEDED = "core.calendar_year.seeded"
    #: An administrator added a day to the calendar.
    CALENDAR_DAY_CREATED = "core.calendar_day.created"
    #: An administrator corrected a day of the calendar.
    CALENDAR_DAY_CHANGED = "core.calendar_day.changed"
    #: An administrator deleted a day of the calendar.
    CALENDAR_DAY_DELETED = "core.calendar_day.deleted"
