"""The open statistics of the portal (công khai): the figures of every registered letter, by
unit and by month of a calendar year, as the public reads them.

The figures are those of ``letters.statistics`` (counted once, cached until a letter, a case or a
rating changes): letters received, resolved, resolved on time, and the share of the ratings that
are satisfied. Nothing about a person is shown: only counts by unit and by month.

A satisfaction share resting on fewer than ``MIN_RATINGS`` ratings is not shown (NĐ 224/2026),
and neither is a share that would let a hidden one be worked out: when the hidden shares of a
table (the units, or the months, whose ratings add up to the year's) rest together on fewer than
``MIN_RATINGS`` ratings, the next smallest shown share is hidden too, so that the year's figure
minus the shown ones never gives away a rater's answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import calendar
from danvan.core.charts import Chart, Group, Series, Value, bar_chart
from danvan.letters.models import Letter
from danvan.letters.statistics import (
    MIN_RATINGS,
    Dimension,
    FigureRow,
    Period,
    cached_figures_by,
    months_of,
)
from danvan.letters.statistics import version as statistics_version

__all__ = [
    "MIN_RATINGS",
    "YEARS_SHOWN",
    "OpenStatistics",
    "charts",
    "csv_rows",
    "home_totals",
    "open_statistics",
    "share_text",
    "year_choices",
    "year_period",
]

#: The cache's name for the scope of the open statistics: every registered letter.
SCOPE_KEY: Final = "public"
#: How many years, back from the current one, a person may choose.
YEARS_SHOWN: Final = 10
GROUPINGS: Final = (None, Dimension.UNIT, Dimension.MONTH)
#: The text of a share that is not shown.
HIDDEN: Final = "—"

COUNT_SERIES: Final = (
    Series("received", gettext_lazy("Letters received")),
    Series("resolved", gettext_lazy("Resolved")),
    Series("on_time", gettext_lazy("Resolved on time")),
)
SHARE_SERIES: Final = (Series("satisfied", gettext_lazy("Share satisfied (ratings)")),)


def public_letters() -> QuerySet[Letter]:
    """Every registered letter (the figures leave out what they do not count themselves)."""
    return Letter.objects.all()


def year_choices(today: dt.date | None = None) -> list[int]:
    """The years a person may choose, the current one first."""
    current = (today or calendar.today_local()).year
    return list(range(current, current - YEARS_SHOWN, -1))


def year_period(year: int, today: dt.date | None = None) -> Period:
    """The calendar year ``year``, up to today while it runs."""
    today = today or calendar.today_local()
    end = dt.date(year, 12, 31)
    if year == today.year:
        end = today
    return Period(dt.date(year, 1, 1), end)


def hidden_shares(rows: Sequence[FigureRow], already: Iterable[int] = ()) -> set[int]:
    """The positions of the rows (parts of one whole) whose satisfaction share is not shown:
    ``already`` hidden, those on too few ratings, and as many of the smallest others as it
    takes for the hidden ones to rest together on at least ``MIN_RATINGS`` ratings (or none)."""
    hidden = set(already) | {i for i, r in enumerate(rows) if r.satisfaction is None}
    while True:
        resting = sum(rows[i].ratings for i in hidden)
        if resting == 0 or resting >= MIN_RATINGS:
            return hidden
        shown = [i for i, r in enumerate(rows) if i not in hidden and r.ratings]
        if not shown:
            return hidden
        hidden.add(min(shown, key=lambda i: (rows[i].ratings, rows[i].label)))


def share_text(row: FigureRow, *, hidden: bool = False) -> str:
    """ "87 % (23)": the share satisfied and the number of ratings; "— (3)" when not shown."""
    share = None if hidden else row.satisfaction
    ratings = number_format(row.ratings, force_grouping=True)
    if share is None:
        return f"{HIDDEN} ({ratings})" if row.ratings else HIDDEN
    return f"{round(share * 100)} % ({ratings})"


@dataclass(frozen=True)
class Line:
    """A row as the page shows it: the figures, and whether its share is shown."""

    row: FigureRow
    share_hidden: bool

    @property
    def share(self) -> float | None:
        return None if self.share_hidden else self.row.satisfaction

    @property
    def share_text(self) -> str:
        return share_text(self.row, hidden=self.share_hidden)


def _lines(rows: Sequence[FigureRow]) -> list[Line]:
    hidden = hidden_shares(rows)
    return [Line(r, i in hidden) for i, r in enumerate(rows)]


@dataclass(frozen=True)
class OpenStatistics:
    year: int
    period: Period
    total: FigureRow
    units: list[Line]
    months: list[Line]

    @property
    def any_hidden(self) -> bool:
        return any(line.share_hidden for line in (*self.units, *self.months))


def figures_key(year: int, today: dt.date | None = None) -> str:
    """What the rendered figures of ``year`` depend on (the cached figures' version, the year
    and the day), for the page to cache its charts under."""
    today = today or calendar.today_local()
    return f"{statistics_version()}:{year}:{today.isoformat()}"


def open_statistics(year: int, *, today: dt.date | None = None) -> OpenStatistics:
    """The year's figures: the total, by unit (only the units with a figure) and by month."""
    period = year_period(year, today)
    found = cached_figures_by(SCOPE_KEY, public_letters, period, GROUPINGS, today=today)
    (total,) = found[None]
    return OpenStatistics(
        year=year,
        period=period,
        total=total,
        units=_lines(found[Dimension.UNIT]),
        months=_lines(found[Dimension.MONTH]),
    )


def home_totals(*, today: dt.date | None = None) -> OpenStatistics:
    """This year's figures (the home block shows the total; it shares the page's cache)."""
    return open_statistics((today or calendar.today_local()).year, today=today)


def _count(n: int) -> Value:
    return Value(n, number_format(n, force_grouping=True))


def _count_groups(lines: Iterable[Line]) -> list[Group]:
    return [
        Group(line.row.label, [_count(line.row.received), _count(line.row.resolved),
                               _count(line.row.on_time)])
        for line in lines
    ]  # fmt: skip


def _share_groups(lines: Iterable[Line]) -> list[Group]:
    return [Group(line.row.label, [Value(line.share, line.share_text)]) for line in lines]


def charts(stats: OpenStatistics) -> dict[str, Chart]:
    """The page's charts: the counts and the satisfaction, by month and by unit."""
    note = _(
        "“—”: not shown when it rests on fewer than %(n)s ratings, so that no one who rated "
        "can be recognised. The number of ratings is in brackets."
    ) % {"n": MIN_RATINGS}
    month, unit = _("Month"), _("Unit")
    return {
        "month_counts": bar_chart(
            "month-counts", _("Letters by month"), COUNT_SERIES, _count_groups(stats.months),
            group_heading=month,
        ),
        "month_shares": bar_chart(
            "month-shares", _("Satisfaction by month"), SHARE_SERIES,
            _share_groups(stats.months), group_heading=month, maximum=1, note=note,
        ),
        "unit_counts": bar_chart(
            "unit-counts", _("Letters by unit"), COUNT_SERIES, _count_groups(stats.units),
            group_heading=unit,
        ),
        "unit_shares": bar_chart(
            "unit-shares", _("Satisfaction by unit"), SHARE_SERIES, _share_groups(stats.units),
            group_heading=unit, maximum=1, note=note,
        ),
    }  # fmt: skip


def unit_months(
    stats: OpenStatistics, *, today: dt.date | None = None
) -> list[tuple[Period, Line]]:
    """Every unit's figures of every month of the year (a unit only in the months it has a
    figure), from one cached grouping a month; a share hidden when it is on too few ratings or
    would give away a hidden one, within the month and within the unit's year."""
    cells: list[tuple[Period, FigureRow]] = []
    for month in months_of(stats.period):
        found = cached_figures_by(SCOPE_KEY, public_letters, month, [Dimension.UNIT], today=today)
        # A unit with only open or overdue letters in the month has none of the published
        # figures: it has no row that month.
        cells.extend(
            (month, row)
            for row in found[Dimension.UNIT]
            if row.received or row.resolved or row.on_time or row.ratings
        )
    hidden: set[int] = set()
    by_month: dict[dt.date, list[int]] = {}
    by_unit: dict[str | None, list[int]] = {}
    for i, (month, row) in enumerate(cells):
        by_month.setdefault(month.start, []).append(i)
        by_unit.setdefault(row.key, []).append(i)
    tables = [*by_month.values(), *by_unit.values()]
    changed = True
    while changed:  # a share hidden in one table may call for another in the other
        changed = False
        for members in tables:
            rows = [cells[i][1] for i in members]
            already = [n for n, i in enumerate(members) if i in hidden]
            more = {members[n] for n in hidden_shares(rows, already)}
            if not more <= hidden:
                hidden |= more
                changed = True
    return [(month, Line(row, i in hidden)) for i, (month, row) in enumerate(cells)]


def csv_header() -> list[str]:
    return [
        _("Unit"),
        _("Month"),
        _("Letters received"),
        _("Resolved"),
        _("Resolved on time"),
        _("Ratings"),
        _("Share satisfied (%)"),
    ]


def csv_rows(stats: OpenStatistics, *, today: dt.date | None = None) -> list[list[str | int]]:
    """One row per unit and month, by unit then month; the share empty when not shown."""
    cells = unit_months(stats, today=today)
    cells.sort(key=lambda cell: (cell[1].row.label.casefold(), cell[0].start))
    out: list[list[str | int]] = []
    for month, line in cells:
        share = line.share
        out.append([
            line.row.label, month.start.strftime("%m/%Y"), line.row.received,
            line.row.resolved, line.row.on_time, line.row.ratings,
            "" if share is None else round(share * 100),
        ])  # fmt: skip
    return out
