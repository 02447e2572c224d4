"""The server-drawn bar charts: bars scaled to the largest value, the numbers in the table."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from danvan.core.charts import LABEL_WIDTH, VALUE_WIDTH, WIDTH, Group, Series, Value, bar_chart

SPAN = WIDTH - LABEL_WIDTH - VALUE_WIDTH


def test_bars_are_scaled_to_the_largest_value_and_stacked_in_groups() -> None:
    chart = bar_chart(
        "units",
        "Units",
        [Series("received", "Received"), Series("resolved", "Resolved")],
        [
            Group("A", [Value(40, "40"), Value(10, "10")]),
            Group("B", [Value(20, "20"), Value(0, "0")]),
        ],
    )
    a, b = chart.rows
    assert [bar.width for bar in a.bars] == [SPAN, SPAN / 4]
    assert [bar.width for bar in b.bars] == [SPAN / 2, 0]
    # Each group's bars follow one another; the next group starts lower.
    assert a.bars[0].y < a.bars[1].y < b.bars[0].y < b.bars[1].y
    assert chart.height > b.bars[1].y + b.bars[1].height
    assert [bar.style for bar in a.bars] == [0, 1]


def test_a_share_scale_and_a_value_not_shown() -> None:
    chart = bar_chart(
        "sat", "Satisfied", [Series("s", "Satisfied")],
        [Group("A", [Value(0.5, "50 %")]), Group("B", [Value(None, "—")])],
        maximum=1,
    )  # fmt: skip
    assert chart.rows[0].bars[0].width == SPAN / 2
    assert chart.rows[1].bars[0].width == 0
    # A tiny value stays visible as a sliver rather than vanishing.
    tiny = bar_chart("t", "T", [Series("s", "S")], [Group("A", [Value(1, "1")]),
                     Group("B", [Value(100_000, "100000")])])  # fmt: skip
    assert tiny.rows[0].bars[0].width >= 1


def test_every_group_needs_a_value_per_series() -> None:
    with pytest.raises(ValueError, match="one value per series"):
        bar_chart("x", "X", [Series("a", "A"), Series("b", "B")], [Group("G", [Value(1, "1")])])


def test_the_template_writes_the_svg_and_the_table_with_the_links() -> None:
    chart = bar_chart(
        "units", "Units", [Series("received", "Received")],
        [Group("Sở Tư pháp tỉnh Bắc Ninh và các đơn vị trực thuộc", [Value(7, "7", "/list?x=1")])],
        group_heading="Unit",
    )  # fmt: skip
    html = render_to_string("includes/chart.html", {"chart": chart})
    assert '<svg class="chart-svg" viewBox="0 0 640 ' in html
    assert 'aria-hidden="true"' in html
    # The SVG label is cut; the table has it whole, with the link behind the number.
    assert "Sở Tư pháp tỉnh Bắc Ninh và…" in html
    assert '<th scope="row">Sở Tư pháp tỉnh Bắc Ninh và các đơn vị trực thuộc</th>' in html
    assert '<a href="/list?x=1">7</a>' in html
    assert '<th scope="col">Unit</th>' in html


def test_only_the_first_groups_are_drawn_and_the_table_has_all_with_extra_columns() -> None:
    groups = [
        Group(f"U{i}", [Value(i, str(i))], extra=[Value(None, f"{i}.5 days", f"/l?u={i}")])
        for i in range(1, 6)
    ]
    chart = bar_chart(
        "u", "Units", [Series("r", "Received")], groups,
        extra=[Series("m", "Median days")], draw=2,
    )  # fmt: skip
    assert [row.label for row in chart.rows] == ["U1", "U2"]
    # Scaled to the largest drawn value, not to a group left out of the picture.
    assert chart.rows[1].bars[0].width == SPAN
    with translation.override("en"):
        html = render_to_string("includes/chart.html", {"chart": chart})
    assert "The chart draws the first 2; the table lists all 5." in html
    assert '<th scope="col" class="num">Median days</th>' in html
    assert '<a href="/l?u=5">5.5 days</a>' in html
    with pytest.raises(ValueError, match="one extra value"):
        bar_chart("x", "X", [Series("a", "A")], [Group("G", [Value(1, "1")])],
                  extra=[Series("m", "M")])  # fmt: skip
