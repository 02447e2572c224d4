"""Working-day arithmetic over Vietnam's calendar (the only place where it lives).

A date is a working day when it is Monday to Friday and no active day off (holiday, compensatory
day, additional day off) falls on it, or when it is a Saturday or Sunday that an active
``working_day`` row makes a working day (ngày làm bù). The days come from the ``CalendarDay``
table, never from the ``holidays`` package at run time; a year that was never seeded is seeded
the first time a computation needs it.

Dates are plain ``datetime.date``: a deadline is a local date that ends at 24:00
Asia/Ho_Chi_Minh (``deadline_ends_at``). The functions:

- ``is_working_day(d)``;
- ``add_working_days(start, n)``: the n-th working day after ``start`` (``start`` not counted);
- ``working_days_between(start, end)``: the working days after ``start`` up to and including
  ``end``, so that ``working_days_between(s, add_working_days(s, n)) == n``;
- ``add_calendar_days(start, n)``: Civil Code 2015 Art. 147–148;
- ``add_period(start, amount, unit)``: dispatches on a rule's ``PeriodUnit``.

Each year's working days are cached in the process as a bit map plus running counts, so every
function costs a dictionary look-up and a binary search. Saving or deleting a ``CalendarDay`` or
``CalendarYear`` row stamps the change (``core.stamps``, in the same transaction): every
process then drops its cache at its next request (one query a request reads the stamps), a
process outside requests (workers, long commands) within ``stamps.RECHECK_SECONDS``.
``clear_cache()`` drops this process's cache, and the other reference caches, by hand (tests
whose transaction was rolled back).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import stamps
from danvan.core.calendar_services import (
    CalendarRangeError,
    check_year,
    ensure_years_seeded,
)
from danvan.core.models.calendar import (
    DAY_OFF_KINDS,
    MAX_YEAR,
    MIN_YEAR,
    CalendarDay,
    CalendarYear,
    DayKind,
    PeriodUnit,
)

__all__ = [
    "DEADLINE_TZ",
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarRangeError",
    "DayKind",
    "PeriodUnit",
    "add_calendar_days",
    "add_period",
    "add_working_days",
    "clear_cache",
    "days_off",
    "deadline_ends_at",
    "is_working_day",
    "local_date",
    "next_working_day",
    "today_local",
    "working_days_between",
]

#: Deadlines are Vietnamese legal dates, whatever the server's TIME_ZONE.
DEADLINE_TZ: Final = ZoneInfo("Asia/Ho_Chi_Minh")


# --- the cache ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Year:
    year: int
    first_ordinal: int  # ordinal of 1 January
    working: bytes  # 1 per working day, indexed by day of the year (0-based)
    running: tuple[int, ...]  # running[i]: working days from 1 January through day i
    total: int


#: The stamp (``core.stamps``) of the calendar's rows.
STAMP: Final = "calendar"
_years: stamps.SharedCache[_Year] = stamps.SharedCache(STAMP)


def clear_cache(*_args: Any, **_kwargs: Any) -> None:
    """Forget every cached year in this process, and the other reference data kept beside it
    (``core.stamps.clear_all``: the deadline rules): what a rolled-back test wrote must not
    outlive it."""
    stamps.clear_all()


def _changed(*_args: Any, **_kwargs: Any) -> None:
    """A calendar row was saved or deleted: every process reads the calendar again."""
    stamps.bump(STAMP)


post_save.connect(_changed, sender=CalendarDay, dispatch_uid="core.calendar.day_saved")
post_delete.connect(_changed, sender=CalendarDay, dispatch_uid="core.calendar.day_deleted")
post_save.connect(_changed, sender=CalendarYear, dispatch_uid="core.calendar.year_saved")
post_delete.connect(_changed, sender=CalendarYear, dispatch_uid="core.calendar.year_deleted")


def _load(year: int) -> _Year:
    check_year(year)
    ensure_years_seeded([year])
    first = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - first).days
    working = bytearray((first + dt.timedelta(days=i)).weekday() < 5 for i in range(length))
    rows = CalendarDay.objects.filter(
        date__gte=first, date__lte=dt.date(year, 12, 31), active=True
    ).values_list("date", "kind")
    for day, kind in rows:
        if kind == DayKind.WORKING_DAY:
            working[(day - first).days] = 1
        elif kind in DAY_OFF_KINDS:
            working[(day - first).days] = 0
    running: list[int] = []
    count = 0
    for flag in working:
        count += flag
        running.append(count)
    return _Year(year, first.toordinal(), bytes(working), tuple(running), count)


def _year(year: int) -> _Year:
    return _years.get(year, lambda: _load(year))


# --- argument checks ----------------------------------------------------------------------------


def _check_date(value: object, arg: str) -> dt.date:
    # datetime is a subclass of date: refuse it, a deadline is a local date (see local_date()).
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(
            _("%(arg)s must be a date (datetime.date), not %(type)s.")
            % {"arg": arg, "type": type(value).__name__}
        )
    return value


def _check_count(value: object, arg: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(
            _("%(arg)s must be a whole number, not %(type)s.")
            % {"arg": arg, "type": type(value).__name__}
        )
    if value < 0:
        raise ValueError(
            _("%(arg)s must be zero or more (got %(value)s): periods are counted forward only.")
            % {"arg": arg, "value": value}
        )
    return value


# --- the functions ------------------------------------------------------------------------------


def is_working_day(d: dt.date) -> bool:
    """Whether ``d`` is a working day (raises ``CalendarRangeError`` outside the calendar)."""
    d = _check_date(d, "d")
    data = _year(d.year)
    return bool(data.working[d.toordinal() - data.first_ordinal])


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start``; ``start`` itself is never counted.

    ``n == 0`` returns ``start`` unchanged (nothing is added, even when ``start`` is a day off).
    For ``n >= 1`` the result is always a working day, and
    ``working_days_between(start, result) == n``. Raises ``ValueError`` for a negative ``n``
    and ``CalendarRangeError`` when the result would leave the calendar.
    """
    start = _check_date(start, "start")
    n = _check_count(n, "n")
    if n == 0:
        return start
    data = _year(start.year)
    # Working days to count from 1 January of data.year, the n-th after start being the target.
    target = data.running[start.toordinal() - data.first_ordinal] + n
    while target > data.total:
        target -= data.total
        data = _year(data.year + 1)
    index = bisect.bisect_left(data.running, target)
    return dt.date.fromordinal(data.first_ordinal + index)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The number of working days after ``start`` up to and including ``end``.

    Zero when ``end == start``; negative (minus the working days after ``end`` up to and including
    ``start``) when ``end`` is before ``start``, e.g. the working days a deadline is overdue.
    """
    start = _check_date(start, "start")
    end = _check_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    first = _year(start.year)
    before = first.running[start.toordinal() - first.first_ordinal]
    if end.year == start.year:
        return first.running[end.toordinal() - first.first_ordinal] - before
    count = first.total - before
    for year in range(start.year + 1, end.year):
        count += _year(year).total
    last = _year(end.year)
    return count + last.running[end.toordinal() - last.first_ordinal]


def next_working_day(d: dt.date) -> dt.date:
    """``d`` when it is a working day, else the first working day after it."""
    d = _check_date(d, "d")
    return d if is_working_day(d) else add_working_days(d, 1)


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """The last day of a period of ``n`` days that starts because of an event on ``start``.

    Civil Code 91/2015/QH13 Art. 147: counting starts on the day after ``start``, so the last day
    is ``start + n`` days; Art. 148: when that day is a weekend day or a day off, the period ends
    on the next working day (a swapped working Saturday is a working day and ends it).
    ``n == 0`` returns ``start``. Raises ``ValueError`` for a negative ``n``.
    """
    start = _check_date(start, "start")
    n = _check_count(n, "n")
    if n == 0:
        return start
    try:
        last = start + dt.timedelta(days=n)
    except OverflowError as exc:
        raise CalendarRangeError(dt.date.max.year) from exc
    return next_working_day(last)


def add_period(start: dt.date, amount: int, unit: PeriodUnit | str) -> dt.date:
    """The end of a period of ``amount`` days in ``unit`` (a ``PeriodUnit``) after ``start``."""
    try:
        unit = PeriodUnit(unit)
    except ValueError:
        raise ValueError(
            _("Unknown period unit “%(unit)s”: use calendar days or working days.") % {"unit": unit}
        ) from None
    if unit == PeriodUnit.WORKING_DAYS:
        return add_working_days(start, amount)
    return add_calendar_days(start, amount)


def days_off(year: int) -> list[CalendarDay]:
    """The active holidays, compensatory days and additional days off of ``year``, by date.

    Ordinary weekends are not listed; weekend days that are holidays are.
    """
    check_year(year)
    ensure_years_seeded([year])
    return list(
        CalendarDay.objects.filter(
            date__gte=dt.date(year, 1, 1),
            date__lte=dt.date(year, 12, 31),
            active=True,
            kind__in=sorted(DAY_OFF_KINDS),
        ).order_by("date")
    )


# --- local dates --------------------------------------------------------------------------------


def today_local() -> dt.date:
    """Today's date in Vietnam (Asia/Ho_Chi_Minh), whatever the server's time zone."""
    return timezone.localdate(timezone=DEADLINE_TZ)


def local_date(moment: dt.datetime) -> dt.date:
    """The Vietnamese date of an aware datetime (e.g. when a letter was received)."""
    if timezone.is_naive(moment):
        raise ValueError(_("A naive datetime has no date in Vietnam: give an aware datetime."))
    return timezone.localtime(moment, DEADLINE_TZ).date()


def deadline_ends_at(due: dt.date) -> dt.datetime:
    """The aware instant a deadline on ``due`` expires: 24:00 of that day in Vietnam."""
    due = _check_date(due, "due")
    return dt.datetime.combine(due + dt.timedelta(days=1), dt.time.min, tzinfo=DEADLINE_TZ)
