"""Writes to the working-day calendar: seeding years from the ``holidays`` package, corrections.

Seeding (``calendar_year_seed``) is idempotent. It writes the package's days of one year with
``source="package"``, updates package rows whose data changed (after a package upgrade), deletes
package rows the package no longer lists, and never touches an administrator's row
(``source="admin"``): on a date an administrator has corrected, the administrator wins. The first
seed of a year also writes the shipped corrections of that year (``calendar_corrections``).

Administrators' edits go through ``calendar_day_save`` / ``calendar_day_delete`` /
``calendar_days_set_active``, which mark the row ``source="admin"`` and record an audit entry.
Deleting a row restores the package's day for that date, if the package has one.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from collections.abc import Iterable
from dataclasses import dataclass

import holidays
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.audit_actions import AuditAction
from danvan.core.calendar_corrections import corrections_for_year
from danvan.core.errors import ApplicationError
from danvan.core.models.calendar import (
    MAX_YEAR,
    MIN_YEAR,
    CalendarDay,
    CalendarYear,
    DayKind,
)

#: Holidays that are decided in policy but not yet in law (DOMAIN.md §11.6): kept, switched off.
#: (month, day) of the holiday; the package's compensatory day for it is switched off too.
PENDING_HOLIDAYS: frozenset[tuple[int, int]] = frozenset({(11, 24)})
PENDING_LEGAL_BASIS = (
    "NQ 80-NQ/TW ngày 07/01/2026; chưa sửa Điều 112 Bộ luật Lao động (chờ quản trị viên xác nhận)"
)


class CalendarRangeError(ApplicationError, ValueError):
    """A year the calendar does not cover (``MIN_YEAR``..``MAX_YEAR``)."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            _("The working-day calendar covers the years %(min)s to %(max)s, not %(year)s.")
            % {"min": MIN_YEAR, "max": MAX_YEAR, "year": year}
        )


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarRangeError(year)


@dataclass(frozen=True, slots=True)
class PackageDay:
    """A day of one year as the ``holidays`` package lists it, classified for ``CalendarDay``."""

    date: dt.date
    kind: DayKind
    name: str
    legal_basis: str
    active: bool


@dataclass(frozen=True, slots=True)
class SeedResult:
    year: int
    created: int
    updated: int
    deleted: int
    kept_admin: int
    corrections: int


def package_version() -> str:
    """The installed ``holidays`` version (stored with each seeded year)."""
    return importlib.metadata.version("holidays")


def _labour_code(year: int) -> str:
    if year >= 2021:  # Bộ luật Lao động 2019 in force 01/01/2021
        return "Bộ luật Lao động 45/2019/QH14, Điều 112"
    if year >= 2013:  # Bộ luật Lao động 2012 in force 01/5/2013
        return "Bộ luật Lao động 10/2012/QH13, Điều 115"
    return "Bộ luật Lao động 1994, Điều 73"


def _vn(years: int | Iterable[int], *, observed: bool = True) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=years, language="vi", observed=observed)


def package_days(year: int) -> list[PackageDay]:
    """The days of ``year`` from ``holidays.VN``, with their kind, name and legal basis.

    - a date the package lists only when compensatory days are on is ``COMPENSATORY`` (nghỉ bù,
      including the Tết days the package moves off a weekend);
    - a day off the government swapped with a weekend day is ``EXTRA_DAY_OFF``, and that weekend
      day (the package's ``weekend_workdays``) is ``WORKING_DAY``;
    - every other listed date is a ``HOLIDAY``;
    - a pending holiday (24/11) and its compensatory day are kept inactive.
    """
    check_year(year)
    full = _vn(year)
    plain = _vn(year, observed=False)
    # Swaps may cross a year boundary (a Saturday in December worked for a day off in January).
    around = _vn((year - 1, year, year + 1))
    swapped_workdays = {d for d in around.weekend_workdays if d.year in (year - 1, year, year + 1)}
    workday_label = {d: d.strftime("%d/%m/%Y") for d in swapped_workdays}

    pending_names = {
        name for d, name in plain.items() if (d.month, d.day) in PENDING_HOLIDAYS and d.year == year
    }
    law = _labour_code(year)
    days: list[PackageDay] = []
    for day, name in sorted(full.items()):
        if day.year != year:
            continue
        partner = next((w for w, label in workday_label.items() if label in name), None)
        if partner is not None:
            kind, basis = DayKind.EXTRA_DAY_OFF, _swap_basis(year)
        elif day not in plain:
            kind, basis = DayKind.COMPENSATORY, law
        else:
            kind, basis = DayKind.HOLIDAY, law
        pending = (day.month, day.day) in PENDING_HOLIDAYS or any(
            name.startswith(p) for p in pending_names
        )
        if pending:
            basis = PENDING_LEGAL_BASIS
        days.append(PackageDay(day, kind, name, basis, active=not pending))

    for workday in sorted(d for d in swapped_workdays if d.year == year):
        label = workday_label[workday]
        day_off = next((d for d, name in sorted(around.items()) if label in name), None)
        name = (
            f"Ngày làm bù (thay cho ngày nghỉ {day_off.strftime('%d/%m/%Y')})"
            if day_off is not None
            else "Ngày làm bù"
        )
        days.append(PackageDay(workday, DayKind.WORKING_DAY, name, _swap_basis(year), True))
    days.sort(key=lambda p: p.date)
    return days


def _swap_basis(year: int) -> str:
    return f"Hoán đổi ngày làm việc năm {year} theo thông báo của Chính phủ (dữ liệu gói holidays)"


def apply_corrections(*, year: int) -> int:
    """Write the shipped corrections of ``year`` as administrators' rows on free dates.

    A date that already has a row (an administrator's or the package's) keeps it. Returns the
    number of rows written.
    """
    written = 0
    for correction in corrections_for_year(year):
        _, created = CalendarDay.objects.get_or_create(
            date=correction.date,
            defaults={
                "kind": correction.kind,
                "name": correction.name,
                "legal_basis": correction.legal_basis,
                "active": correction.active,
                "source": CalendarDay.Source.ADMIN,
            },
        )
        written += created
    return written


@transaction.atomic
def calendar_year_seed(*, year: int, actor: audit.Actor = None) -> SeedResult:
    """Seed (or re-seed) one year of ``CalendarDay`` from the ``holidays`` package.

    Idempotent. On the year's first seed, the shipped corrections are written first (as
    administrators' rows). Package rows are created, updated or deleted to match the installed
    package; administrators' rows are kept as they are. Records a ``core.calendar.year_seeded``
    audit entry when anything changed. Raises ``CalendarRangeError``.
    """
    check_year(year)
    seeded = CalendarYear.objects.select_for_update().filter(year=year).first()
    corrections = apply_corrections(year=year) if seeded is None else 0

    existing = {
        row.date: row
        for row in CalendarDay.objects.select_for_update().filter(
            date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31)
        )
    }
    created = updated = kept = 0
    wanted: set[dt.date] = set()
    for pday in package_days(year):
        wanted.add(pday.date)
        row = existing.get(pday.date)
        if row is None:
            CalendarDay.objects.create(
                date=pday.date,
                kind=pday.kind,
                name=pday.name,
                legal_basis=pday.legal_basis,
                active=pday.active,
                source=CalendarDay.Source.PACKAGE,
            )
            created += 1
        elif row.source == CalendarDay.Source.ADMIN:
            kept += 1
        elif (row.kind, row.name, row.legal_basis, row.active) != (
            pday.kind,
            pday.name,
            pday.legal_basis,
            pday.active,
        ):
            row.kind, row.name, row.legal_basis, row.active = (
                pday.kind,
                pday.name,
                pday.legal_basis,
                pday.active,
            )
            row.save(update_fields=["kind", "name", "legal_basis", "active", "updated_at"])
            updated += 1
    stale = [
        row.pk
        for day, row in existing.items()
        if row.source == CalendarDay.Source.PACKAGE and day not in wanted
    ]
    for row in CalendarDay.objects.filter(pk__in=stale):
        row.delete()  # one by one, so that the calendar cache hears of it

    version = package_version()
    if seeded is None:
        seeded = CalendarYear.objects.create(
            year=year, package_version=version, seeded_at=timezone.now()
        )
    else:
        seeded.package_version = version
        seeded.seeded_at = timezone.now()
        seeded.save(update_fields=["package_version", "seeded_at"])

    result = SeedResult(year, created, updated, len(stale), kept, corrections)
    if created or updated or stale or corrections:
        audit.record(
            action=AuditAction.CALENDAR_YEAR_SEEDED,
            actor=actor,
            target=seeded,
            extra={
                "year": year,
                "package_version": version,
                "created": created,
                "updated": updated,
                "deleted": len(stale),
                "kept_admin": kept,
                "corrections": corrections,
            },
        )
    return result


def ensure_years_seeded(years: Iterable[int]) -> None:
    """Seed every year of ``years`` that has never been seeded (a computation needs it)."""
    wanted = set(years)
    for year in wanted:
        check_year(year)
    done = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    for year in sorted(wanted - done):
        try:
            calendar_year_seed(year=year)
        except IntegrityError:
            # Another process seeded the same year at the same moment: its rows are as good.
            if not CalendarYear.objects.filter(year=year).exists():
                raise


@transaction.atomic
def calendar_day_save(
    *, day: CalendarDay, actor: audit.Actor, fields: Iterable[str] = (), reason: str = ""
) -> CalendarDay:
    """Save an administrator's correction: the row becomes ``source="admin"``.

    A re-seed never overwrites it afterwards. ``fields`` names the fields the administrator
    changed (for the audit entry). Runs ``full_clean`` (raises ``ValidationError``).
    """
    created = day.pk is None
    day.source = CalendarDay.Source.ADMIN
    day.full_clean()
    day.save()
    audit.record(
        action=AuditAction.CALENDAR_DAY_CREATED if created else AuditAction.CALENDAR_DAY_CHANGED,
        actor=actor,
        target=day,
        fields=sorted(set(fields) | {"source"}) if not created else (),
        reason=reason,
        extra={"date": day.date.isoformat(), "kind": str(day.kind), "active": day.active},
    )
    return day


@transaction.atomic
def calendar_days_set_active(
    *, days: Iterable[CalendarDay], active: bool, actor: audit.Actor
) -> int:
    """Switch days on or off (e.g. confirm 24/11 once it is law). Returns how many changed."""
    changed = 0
    for day in days:
        if day.active == active and day.source == CalendarDay.Source.ADMIN:
            continue
        day.active = active
        calendar_day_save(day=day, actor=actor, fields=["active"])
        changed += 1
    return changed


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay, actor: audit.Actor, reason: str = "") -> None:
    """Delete a row; the package's day for that date (if any) comes back as a package row."""
    audit.record(
        action=AuditAction.CALENDAR_DAY_DELETED,
        actor=actor,
        target=day,
        reason=reason,
        extra={"date": day.date.isoformat(), "kind": str(day.kind), "active": day.active},
    )
    date = day.date
    day.delete()
    if not CalendarYear.objects.filter(year=date.year).exists():
        return
    restored = next((p for p in package_days(date.year) if p.date == date), None)
    if restored is not None:
        CalendarDay.objects.create(
            date=restored.date,
            kind=restored.kind,
            name=restored.name,
            legal_basis=restored.legal_basis,
            active=restored.active,
            source=CalendarDay.Source.PACKAGE,
        )
