"""``danvan calendar``: the working-day calendar on the command line.

- ``danvan calendar holidays YEAR``: one line per active holiday, compensatory day or additional
  day off of YEAR, sorted: the ISO date, a space, its Vietnamese name (ordinary weekends are not
  listed);
- ``danvan calendar add DATE N``: the ISO date N working days after DATE;
- ``danvan calendar seed YEAR [YEAR ...]``: seed (or re-seed) years from the ``holidays``
  package; administrators' rows are kept. ``danvan calendar seed --all`` re-seeds every year
  already seeded (after upgrading the package).

Administrators' corrections in the table apply to every sub-command.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core import calendar as work_calendar
from danvan.core.calendar_services import CalendarRangeError, calendar_year_seed, check_year
from danvan.core.models.calendar import CalendarYear


def _parse_year(value: str) -> int:
    try:
        year = int(value.strip())
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a year: give a year such as 2027.") % {"value": value}
        ) from None
    try:
        check_year(year)
    except CalendarRangeError as exc:
        raise CommandError(str(exc)) from None
    return year


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2027-02-03.")
            % {"value": value}
        ) from None


def _parse_count(value: str) -> int:
    try:
        count = int(value.strip())
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a whole number of working days.") % {"value": value}
        ) from None
    if count < 0:
        raise CommandError(
            _("The number of working days must be zero or more, not %(value)s.") % {"value": count}
        )
    return count


class Command(BaseCommand):
    help = _("The working-day calendar: list days off, add working days, seed years.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{holidays,add,seed}")
        holidays = sub.add_parser(
            "holidays", help=_("List the days off of a year (ISO date and Vietnamese name).")
        )
        holidays.add_argument("year", help=_("the year, e.g. 2027"))
        add = sub.add_parser("add", help=_("Print the date N working days after DATE."))
        add.add_argument("date", help=_("the start date, YYYY-MM-DD (not counted)"))
        add.add_argument("n", help=_("the number of working days"))
        seed = sub.add_parser(
            "seed", help=_("Seed years from the holidays package (administrators' rows are kept).")
        )
        seed.add_argument("years", nargs="*", help=_("one or more years"))
        seed.add_argument(
            "--all",
            action="store_true",
            dest="all_years",
            help=_("re-seed every year already seeded (after upgrading the holidays package)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "holidays":
                self._holidays(_parse_year(options["year"]))
            elif action == "add":
                self._add(_parse_date(options["date"]), _parse_count(options["n"]))
            else:
                years = [_parse_year(y) for y in options["years"]]
                if options["all_years"]:
                    years += CalendarYear.objects.values_list("year", flat=True)
                if not years:
                    raise CommandError(_("Give one or more years, or --all."))
                self._seed(sorted(set(years)))
        except (CalendarRangeError, ValueError, TypeError) as exc:
            raise CommandError(str(exc)) from None

    def _holidays(self, year: int) -> None:
        for day in work_calendar.days_off(year):
            self.stdout.write(f"{day.date.isoformat()} {day.name}")

    def _add(self, start: dt.date, n: int) -> None:
        self.stdout.write(work_calendar.add_working_days(start, n).isoformat())

    def _seed(self, years: list[int]) -> None:
        for year in years:
            result = calendar_year_seed(year=year, actor=audit.SYSTEM)
            self.stdout.write(
                _(
                    "%(year)s: %(created)s created, %(updated)s updated, %(deleted)s deleted, "
                    "%(kept)s administrators' rows kept, %(corrections)s corrections added."
                )
                % {
                    "year": year,
                    "created": result.created,
                    "updated": result.updated,
                    "deleted": result.deleted,
                    "kept": result.kept_admin,
                    "corrections": result.corrections,
                }
            )
