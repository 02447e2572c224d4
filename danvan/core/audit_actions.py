"""The audit action names the core context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: A year of the working-day calendar was seeded or re-seeded from the ``holidays`` package
    #: and something changed.
    CALENDAR_YEAR_SEEDED = "core.calendar_year.seeded", _("Working-day calendar year seeded")
    #: An administrator added a day to the calendar.
    CALENDAR_DAY_CREATED = "core.calendar_day.created", _("Calendar day added")
    #: An administrator corrected a day of the calendar.
    CALENDAR_DAY_CHANGED = "core.calendar_day.changed", _("Calendar day corrected")
    #: An administrator deleted a day of the calendar.
    CALENDAR_DAY_DELETED = "core.calendar_day.deleted", _("Calendar day deleted")
