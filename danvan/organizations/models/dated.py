"""Things that hold from one date to another.

Intervals are half-open: ``effective_from`` is the first day a row applies and ``effective_to`` the
first day it no longer does (empty while it still applies). A unit merged on 03/02/2025 therefore
ends on 03/02/2025 and its successor starts on the same day, with no gap and no overlap.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def today() -> dt.date:
    """Today's date in the deployment's time zone (Asia/Ho_Chi_Minh by default)."""
    return timezone.localdate()


def active_q(on: dt.date, prefix: str = "") -> Q:
    """A filter for rows in effect on ``on``; ``prefix`` reaches through a relation ("unit__")."""
    return Q(**{f"{prefix}effective_from__lte": on}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gt": on})
    )


def open_after_q(on: dt.date) -> Q:
    """Rows still in effect on or after ``on`` (not ended before it)."""
    return Q(effective_to__isnull=True) | Q(effective_to__gt=on)


_M = TypeVar("_M", bound=models.Model)


class DatedQuerySet(models.QuerySet[_M]):
    def active_on(self, on: dt.date | None = None) -> DatedQuerySet[_M]:
        return self.filter(active_q(on or today()))


class Dated(models.Model):
    """Abstract base: an effective period and the helpers to read it."""

    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The first day on which it no longer applies; empty while it still does."),
    )

    class Meta:
        abstract = True

    def is_active_on(self, on: dt.date | None = None) -> bool:
        day = on or today()
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def covers(self, start: dt.date, end: dt.date | None) -> bool:
        """Whether this row's period contains the whole period [start, end)."""
        if start < self.effective_from:
            return False
        if self.effective_to is None:
            return True
        return end is not None and end <= self.effective_to

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        return periods_overlap(self.effective_from, self.effective_to, start, end)


def periods_overlap(
    a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None
) -> bool:
    """Whether two half-open periods share at least one day (empty periods share none)."""
    if a_to is not None and a_to <= a_from:
        return False
    if b_to is not None and b_to <= b_from:
        return False
    return (a_to is None or b_from < a_to) and (b_to is None or a_from < b_to)


def dated_constraints(name: str) -> list[Any]:
    """The check every dated table carries: it cannot end before it starts."""
    return [
        models.CheckConstraint(
            condition=Q(effective_to__isnull=True)
            | Q(effective_to__gte=models.F("effective_from")),
            name=f"{name}_ends_after_start",
        )
    ]
