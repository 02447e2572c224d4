"""The working-day calendar tables: exceptions to the Monday-to-Friday week, seeded years.

Arithmetic over these tables lives in ``danvan.core.calendar``; writes go through
``danvan.core.calendar_services``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danvan.core.retention import NO_PERSONAL_DATA, Retention, RetentionClass

#: Years the calendar supports. The ``holidays`` package observes Vietnam's compensatory days
#: from 1995 and its Vietnamese lunisolar table ends with 2100.
MIN_YEAR = 1995
MAX_YEAR = 2100


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    COMPENSATORY = "compensatory", _("Compensatory day off")
    EXTRA_DAY_OFF = "extra_day_off", _("Additional day off")
    WORKING_DAY = "working_day", _("Swapped working day")


#: Kinds that make a date a day off (when the row is active).
DAY_OFF_KINDS = frozenset({DayKind.HOLIDAY, DayKind.COMPENSATORY, DayKind.EXTRA_DAY_OFF})


class PeriodUnit(models.TextChoices):
    """The unit of a legal time limit (DOMAIN.md §2.1): "ngày" or "ngày làm việc"."""

    CALENDAR_DAYS = "calendar_days", pgettext_lazy("period unit", "calendar days")
    WORKING_DAYS = "working_days", pgettext_lazy("period unit", "working days")


class CalendarDay(models.Model):
    """One exception to the Monday-to-Friday working week.

    Rows are seeded from the ``holidays`` package (``source="package"``) and corrected by
    administrators from the government's yearly announcements (``source="admin"``); a re-seed
    never overwrites an administrator's row. A row that is not ``active`` is kept for the record
    but ignored by deadline arithmetic (24/11 until it becomes law, DOMAIN.md §11.6).
    A ``working_day`` row is a Saturday or Sunday made a working day (ngày làm bù).
    """

    retention = Retention(RetentionClass.NONE, not_personal={"name": "the day's name (a holiday)"})

    class Source(models.TextChoices):
        PACKAGE = "package", _("Seeded from the holidays package")
        ADMIN = "admin", _("Entered by an administrator")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200, help_text=_("The Vietnamese name."))
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=200,
        blank=True,
        help_text=_("The announcement that decides this day, e.g. “Công văn 12729/VPCP-KGVX”."),
    )
    active = models.BooleanField(
        _("counts in deadlines"),
        default=True,
        help_text=_("Untick to keep the day on record without counting it (a pending holiday)."),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"

    @property
    def is_day_off(self) -> bool:
        return self.active and self.kind in DAY_OFF_KINDS

    def clean(self) -> None:
        super().clean()
        day: dt.date | None = self.date  # None when the form's date did not parse
        if day is None:
            return
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ValidationError(
                {
                    "date": _("The calendar covers the years %(min)s to %(max)s.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR}
                }
            )
        if self.kind == DayKind.WORKING_DAY and day.weekday() < 5:
            raise ValidationError(
                {
                    "kind": _(
                        "Only a Saturday or a Sunday can be made a working day; "
                        "Monday to Friday already are."
                    )
                }
            )


class CalendarYear(models.Model):
    """A year whose package rows are in ``CalendarDay`` (seeded once, re-seeded on demand)."""

    retention = NO_PERSONAL_DATA

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    package_version = models.CharField(_("holidays package version"), max_length=20)
    seeded_at = models.DateTimeField(_("seeded at"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("seeded calendar year")
        verbose_name_plural = _("seeded calendar years")

    def __str__(self) -> str:
        return str(self.year)
