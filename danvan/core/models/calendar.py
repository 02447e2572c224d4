"""The working-day calendar table: holidays, compensatory days, swapped working days."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    COMPENSATORY = "compensatory", _("Compensatory day off")
    EXTRA_DAY_OFF = "extra_day_off", _("Additional day off")
    WORKING_DAY = "working_day", _("Swapped working day")


class CalendarDay(models.Model):
    """One exception to the Monday-to-Friday working week.

    Rows are seeded from the ``holidays`` package (``source="package"``) and corrected by
    administrators from the government's yearly announcements (``source="admin"``). A row that is
    not ``active`` is kept for the record but ignored by deadline arithmetic (24/11 until law).
    """

    class Source(models.TextChoices):
        PACKAGE = "package", _("Seeded from the holidays package")
        ADMIN = "admin", _("Entered by an administrator")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    active = models.BooleanField(_("counts in deadlines"), default=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
