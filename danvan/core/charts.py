"""Bar charts drawn on the server as SVG, with their numbers in a table beside them.

A chart is data (``Chart``): groups of bars, one bar a series, each with its value, the text
shown for it and the link to the list behind it. ``bar_chart`` lays it out (every coordinate is
computed here, so the template only writes them out) and ``includes/chart.html`` renders the
SVG and the table. The SVG is a picture for the eye (``aria-hidden``); the table holds the same
numbers for everyone, with the links, so nothing is told by colour or shape alone.

Written by hand: the charting libraries for Python draw with matplotlib or emit JavaScript, and
the pages must work without JavaScript, load nothing from another host and stay a few KB.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from django.utils.functional import Promise

#: Layout of a horizontal bar chart, in SVG user units (the SVG scales to its box).
WIDTH: Final = 640
LABEL_WIDTH: Final = 200
VALUE_WIDTH: Final = 70
BAR_HEIGHT: Final = 14
BAR_GAP: Final = 3
GROUP_GAP: Final = 12
TOP: Final = 6
#: Series beyond this many share the last style (charts should not need more).
STYLES: Final = 4
#: Characters of a group label drawn in the SVG (the table has it whole).
LABEL_CHARS: Final = 28


@dataclass(frozen=True)
class Series:
    key: str
    label: str | Promise


@dataclass(frozen=True)
class Value:
    """One bar: ``value`` sets its length (None: not shown, e.g. a share on too few ratings);
    ``text`` is what is written (e.g. "87 %"); ``href`` the list behind it."""

    value: float | None
    text: str
    href: str = ""


@dataclass(frozen=True)
class Group:
    label: str
    values: Sequence[Value]
    href: str = ""
    #: Further numbers of the group, in the table only (``Chart.extra`` names them).
    extra: Sequence[Value] = ()


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    text: str
    style: int
    series: str


@dataclass(frozen=True)
class Row:
    label: str
    short_label: str
    label_x: float
    label_y: float
    bars: Sequence[Bar]


@dataclass(frozen=True)
class Chart:
    """A laid-out chart: ``rows`` for the SVG, ``groups`` and ``series`` for the table."""

    key: str
    title: str | Promise
    series: Sequence[Series]
    groups: Sequence[Group]
    rows: Sequence[Row] = field(default_factory=tuple)
    width: int = WIDTH
    height: float = 0
    #: The first column's heading in the table (what a group is: unit, month, ...).
    group_heading: str | Promise = ""
    note: str | Promise = ""
    #: The table's columns after the drawn series (not drawn).
    extra: Sequence[Series] = ()
    #: Groups drawn in the SVG (the first ones); the table has them all.
    drawn: int = 0

    @property
    def legend(self) -> list[tuple[int, Series]]:
        return [(min(i, STYLES - 1), s) for i, s in enumerate(self.series)]


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(
    key: str,
    title: str | Promise,
    series: Sequence[Series],
    groups: Sequence[Group],
    *,
    group_heading: str | Promise = "",
    maximum: float | None = None,
    note: str | Promise = "",
    extra: Sequence[Series] = (),
    draw: int | None = None,
) -> Chart:
    """Horizontal bars, one row of bars a group and one bar a series, scaled to ``maximum``
    (the largest value by default; e.g. 1 for shares). Only the first ``draw`` groups are drawn
    (all by default); the table lists every group with its ``extra`` numbers too."""
    if any(len(g.values) != len(series) for g in groups):
        raise ValueError("every group needs one value per series")
    if any(len(g.extra) != len(extra) for g in groups):
        raise ValueError("every group needs one extra value per extra column")
    shown = list(groups if draw is None else groups[:draw])
    top = (
        maximum
        if maximum is not None
        else max((v.value for g in shown for v in g.values if v.value is not None), default=0)
    )
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows: list[Row] = []
    y: float = TOP
    for group in shown:
        bars = []
        start = y
        for i, (s, v) in enumerate(zip(series, group.values, strict=True)):
            length = span * (v.value / top) if v.value is not None and top > 0 else 0
            length = max(length, 1.0) if v.value else length  # a non-zero value stays visible
            bars.append(Bar(
                x=LABEL_WIDTH, y=y, width=round(length, 1), height=BAR_HEIGHT,
                text_x=round(LABEL_WIDTH + length + 4, 1), text_y=y + BAR_HEIGHT - 3,
                text=v.text,
                style=min(i, STYLES - 1), series=s.key,
            ))  # fmt: skip
            y += BAR_HEIGHT + BAR_GAP
        block = y - BAR_GAP - start
        label_y = round(start + block / 2 + 4, 1)
        rows.append(Row(group.label, _short(group.label), LABEL_WIDTH - 6, label_y, bars))
        y += GROUP_GAP - BAR_GAP
    return Chart(
        key=key, title=title, series=series, groups=groups, rows=rows,
        height=round(max(y, TOP * 2), 1), group_heading=group_heading, note=note,
        extra=extra, drawn=len(shown),
    )  # fmt: skip
