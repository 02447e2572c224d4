"""The staff dashboard: the figures of the letters a person sees, at a glance.

Nothing is counted here: the figures come from ``letters.statistics`` (defined once, the same as
the reports and the open statistics count them), read for every grouping at once and kept in
the cache until a letter, a case or a rating changes. This module only arranges them: the
headline numbers, and a chart with its table for each grouping, where every number links to the
list of letters behind it (the letters list filtered by the same measure, period and group).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import calendar
from danvan.core.charts import Chart, Group, Series, Value, bar_chart
from danvan.letters.models import Letter
from danvan.letters.policies import LetterPolicy
from danvan.letters.statistics import (
    MIN_RATINGS,
    Dimension,
    FigureRow,
    Measure,
    Period,
    cached_figures_by,
    dimension_label,
    measure_label,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = ["Dashboard", "Tile", "dashboard"]

#: The groupings the dashboard shows, in this order.
GROUPINGS: Final = (
    Dimension.UNIT,
    Dimension.HANDLER,
    Dimension.MONTH,
    Dimension.KIND,
    Dimension.FIELD,
    Dimension.AREA,
    Dimension.CHANNEL,
)
#: Groups drawn in a chart (the table beside it lists them all).
DRAWN: Final = 15
#: The letters list's query parameter for each grouping (months filter by the period instead).
_LIST_PARAM: Final = {
    Dimension.UNIT: "unit",
    Dimension.HANDLER: "handler",
    Dimension.KIND: "kind",
    Dimension.FIELD: "field",
    Dimension.AREA: "province",
    Dimension.CHANNEL: "channel",
}
#: The measures drawn as bars, and those only in the tables.
_DRAWN_MEASURES: Final = (Measure.RECEIVED, Measure.RESOLVED, Measure.ON_TIME, Measure.OVERDUE)
_TABLE_MEASURES: Final = (Measure.MATTERS, Measure.ACCEPTED)
#: Groupings where the late come first: which units and handlers are behind is the question.
_LATE_FIRST: Final = (Dimension.UNIT, Dimension.HANDLER)

_HEADINGS: Final = {
    "on_time_share": gettext_lazy("Share on time"),
    "median": gettext_lazy("Median working days to resolve"),
    "satisfaction": gettext_lazy("Satisfied (ratings)"),
}


@dataclass(frozen=True)
class Tile:
    """A headline number: its label, its text and the list behind it."""

    label: StrOrPromise
    text: str
    href: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Dashboard:
    period: Period
    tiles: Sequence[Tile]
    charts: Sequence[Chart]
    satisfaction: Chart


def number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a whole percentage ("87 %"), or a dash when there is no whole."""
    if not whole:
        return "—"
    return f"{formats.number_format(round(100 * part / whole))} %"


def satisfaction_text(row: FigureRow) -> str:
    """The share satisfied with its number of ratings, or a dash below ``MIN_RATINGS``."""
    if row.satisfaction is None:
        return "—"
    return f"{share(row.satisfied, row.ratings)} ({number(row.ratings)})"


def median_text(row: FigureRow) -> str:
    return "—" if row.median_days is None else formats.number_format(row.median_days, 1)


class Links:
    """The letters list filtered to what a number counts."""

    def __init__(self, units: frozenset[int], handlers: frozenset[int]):
        # A group the list's filters cannot choose (a unit or a handler outside the viewer's
        # choices) gets no link rather than a link to a list that would not match the number.
        self.base = reverse("letters:staff-letter-list")
        self.units, self.handlers = units, handlers

    def filterable(self, by: Dimension | None, key: str | None) -> bool:
        if by is None or by is Dimension.MONTH:
            return True
        if key is None:
            return False
        if by is Dimension.UNIT:
            return int(key) in self.units
        if by is Dimension.HANDLER:
            return int(key) in self.handlers
        return True

    def href(self, measure: Measure, period: Period, by: Dimension | None, row: FigureRow) -> str:
        if not self.filterable(by, row.key):
            return ""
        counted = row.period if by is Dimension.MONTH and row.period is not None else period
        query = {
            "measure": measure.value,
            "measured_from": counted.start.isoformat(),
            "measured_to": counted.end.isoformat(),
        }
        if by is not None and by in _LIST_PARAM and row.key is not None:
            query[_LIST_PARAM[by]] = row.key
        return f"{self.base}?{urlencode(query)}"


def scope_key(policy: LetterPolicy) -> str:
    """What makes up the person's scope of letters (``LetterPolicy.visible_letters``): two
    people with the same units and the same assigned letters share their cached figures."""
    units = ",".join(str(u) for u in sorted(policy.reading_unit_ids()))
    assigned = ",".join(str(i) for i in sorted(policy.assigned_letter_ids()))
    digest = hashlib.sha256(f"{units}|{assigned}".encode()).hexdigest()
    return f"staff:{digest}"


def _value(links: Links, measure: Measure, period: Period, by: Dimension | None,
           row: FigureRow) -> Value:  # fmt: skip
    count = row.count(measure)
    return Value(count, number(count), links.href(measure, period, by, row) if count else "")


def _extra(links: Links, period: Period, by: Dimension | None, row: FigureRow) -> list[Value]:
    resolved_href = links.href(Measure.RESOLVED, period, by, row) if row.resolved else ""
    rated_href = links.href(Measure.RATED, period, by, row) if row.satisfaction is not None else ""
    return [
        *(_value(links, m, period, by, row) for m in _TABLE_MEASURES),
        Value(row.on_time_share, share(row.on_time, row.resolved), resolved_href),
        Value(row.median_days, median_text(row), resolved_href),
        Value(row.satisfaction, satisfaction_text(row), rated_href),
    ]


def _ordered(by: Dimension, rows: list[FigureRow]) -> list[FigureRow]:
    if by in _LATE_FIRST:
        return sorted(rows, key=lambda r: (-r.overdue, -r.received, r.label.casefold()))
    return rows


def _chart(links: Links, period: Period, by: Dimension, rows: list[FigureRow]) -> Chart:
    groups = [
        Group(
            label=row.label,
            values=[_value(links, m, period, by, row) for m in _DRAWN_MEASURES],
            extra=_extra(links, period, by, row),
        )
        for row in _ordered(by, rows)
    ]
    late = by in _LATE_FIRST
    return bar_chart(
        str(by),
        _("By %(grouping)s") % {"grouping": str(dimension_label(by)).lower()},
        [Series(m.value, measure_label(m)) for m in _DRAWN_MEASURES],
        groups,
        group_heading=dimension_label(by),
        extra=[
            *(Series(m.value, measure_label(m)) for m in _TABLE_MEASURES),
            *(Series(key, label) for key, label in _HEADINGS.items()),
        ],
        draw=None if by is Dimension.MONTH else DRAWN,
        note=_("The most overdue first.") if late else "",
    )


def _satisfaction_chart(links: Links, period: Period, rows: list[FigureRow]) -> Chart:
    groups = [
        Group(
            label=row.label,
            values=[
                Value(
                    row.satisfaction,
                    satisfaction_text(row),
                    links.href(Measure.SATISFIED, period, Dimension.UNIT, row)
                    if row.satisfaction is not None
                    else "",
                )
            ],
        )
        for row in rows
        if row.ratings
    ]
    return bar_chart(
        "satisfaction",
        _("Satisfaction by unit"),
        [Series("satisfaction", _HEADINGS["satisfaction"])],
        groups,
        group_heading=dimension_label(Dimension.UNIT),
        maximum=1,
        draw=DRAWN,
        note=_(
            "The share of ratings of 4 or 5 (satisfied and very satisfied), with the number "
            "of ratings. A share resting on fewer than %(n)s ratings is not shown, so that no "
            "one who rated can be told apart."
        )
        % {"n": MIN_RATINGS},
    )


def _tiles(links: Links, period: Period, total: FigureRow) -> list[Tile]:
    tiles = [
        Tile(measure_label(m), number(total.count(m)), links.href(m, period, None, total))
        for m in (Measure.RECEIVED, Measure.MATTERS, Measure.ACCEPTED, Measure.RESOLVED,
                  Measure.ON_TIME, Measure.OVERDUE)
    ]  # fmt: skip
    resolved = links.href(Measure.RESOLVED, period, None, total)
    tiles.append(Tile(_HEADINGS["on_time_share"], share(total.on_time, total.resolved), resolved))
    tiles.append(Tile(_HEADINGS["median"], median_text(total), resolved))
    rated = links.href(Measure.RATED, period, None, total)
    if total.satisfaction is None:
        detail = _("Fewer than %(n)s ratings: not shown.") % {"n": MIN_RATINGS}
        tiles.append(Tile(_("Satisfied"), "—", "", detail))
    else:
        detail = _("of %(n)s ratings") % {"n": number(total.ratings)}
        tiles.append(Tile(_("Satisfied"), share(total.satisfied, total.ratings), rated, detail))
    return tiles


def dashboard(
    policy: LetterPolicy,
    period: Period,
    *,
    letters: Callable[[], QuerySet[Letter]] | None = None,
    today: dt.date | None = None,
) -> Dashboard:
    """The dashboard of the letters ``policy``'s person sees, in ``period``."""
    today = today or calendar.today_local()
    found = cached_figures_by(
        scope_key(policy),
        letters or policy.visible_letters,
        period,
        [None, *GROUPINGS],
        today=today,
    )
    links = Links(
        frozenset(policy.letter_units().values_list("pk", flat=True)),
        frozenset(policy.handlers_in_scope().values_list("pk", flat=True)),
    )
    (total,) = found[None]
    charts = [_chart(links, period, by, found[by]) for by in GROUPINGS]
    return Dashboard(
        period=period,
        tiles=_tiles(links, period, total),
        charts=charts,
        satisfaction=_satisfaction_chart(links, period, found[Dimension.UNIT]),
    )


def period_of(year: int, month: int | None) -> Period:
    """A calendar year, or one of its months."""
    if month is None:
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    start = dt.date(year, month, 1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return Period(start, following - dt.timedelta(days=1))


def years(today: dt.date, back: int = 10) -> Iterable[int]:
    return range(today.year, today.year - back, -1)
