"""The report periods of TT 01/2024/TT-TTCP with their cut-off dates (DOMAIN.md §12.7).

Figures are counted from the 15th of one month to the 14th of another, not by calendar quarter:

- the first quarter runs from 15/12 of the previous year to 14/3;
- each other quarter from the 15th of the previous quarter's last month to the 14th of its own
  last month (15/3 → 14/6, 15/6 → 14/9, 15/9 → 14/12);
- the 6-month, 9-month and yearly reports start on 15/12 of the previous year and end on 14/6,
  14/9 and 14/12.

The first quarter, 6 months, 9 months and the year are full reports; the second, third and
fourth quarters are sent as data tables only. The source for the cut-off dates is secondary
([S] in DOMAIN.md §12.7); TT 01/2024's own text was not read (§12.9 item 6).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PeriodKind", "ReportPeriod", "period_containing", "report_period"]

#: The day a reporting period starts (the 15th) and ends (the 14th) of its months.
START_DAY: Final = 15
END_DAY: Final = 14


class PeriodKind(models.TextChoices):
    Q1 = "q1", _("First quarter")
    Q2 = "q2", _("Second quarter (data tables)")
    Q3 = "q3", _("Third quarter (data tables)")
    Q4 = "q4", _("Fourth quarter (data tables)")
    HALF = "h1", _("Six months")
    NINE = "m9", _("Nine months")
    YEAR = "year", _("Year")


#: (start month, whether it is in the previous year, end month) of each kind.
_BOUNDS: Final[dict[str, tuple[int, bool, int]]] = {
    PeriodKind.Q1: (12, True, 3),
    PeriodKind.Q2: (3, False, 6),
    PeriodKind.Q3: (6, False, 9),
    PeriodKind.Q4: (9, False, 12),
    PeriodKind.HALF: (12, True, 6),
    PeriodKind.NINE: (12, True, 9),
    PeriodKind.YEAR: (12, True, 12),
}

#: The quarters sent as data tables only, without a written report.
TABLES_ONLY: Final = frozenset({PeriodKind.Q2, PeriodKind.Q3, PeriodKind.Q4})


@dataclass(frozen=True)
class ReportPeriod:
    """One reporting period: its kind, the year it reports on and its first and last day
    (both counted)."""

    kind: PeriodKind
    year: int
    start: dt.date
    end: dt.date

    @property
    def tables_only(self) -> bool:
        return self.kind in TABLES_ONLY

    @property
    def label(self) -> str:
        return f"{PeriodKind(self.kind).label} {self.year}"

    @property
    def range_text(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def report_period(kind: PeriodKind | str, year: int) -> ReportPeriod:
    """The period of ``kind`` reporting on ``year``. Raises ``ValueError`` for an unknown kind or
    a year outside 1900–9998."""
    kind = PeriodKind(kind)
    if not 1900 <= year <= 9998:
        raise ValueError(f"year out of range: {year}")
    start_month, previous_year, end_month = _BOUNDS[kind]
    start = dt.date(year - 1 if previous_year else year, start_month, START_DAY)
    return ReportPeriod(kind=kind, year=year, start=start, end=dt.date(year, end_month, END_DAY))


def period_containing(day: dt.date) -> ReportPeriod:
    """The quarter whose cut-off period contains ``day`` (15/12 belongs to the next year's Q1)."""
    year = day.year + 1 if (day.month, day.day) >= (12, START_DAY) else day.year
    for kind in (PeriodKind.Q1, PeriodKind.Q2, PeriodKind.Q3, PeriodKind.Q4):
        period = report_period(kind, year)
        if period.start <= day <= period.end:
            return period
    raise AssertionError("every day falls in one quarter")  # pragma: no cover
