import datetime as dt
import itertools
import json

import pytest

from danvan.reports.figures import known_keys
from danvan.reports.layouts import (
    DEFAULT_FILE,
    LayoutError,
    check_sums,
    default_layout,
    load_layout,
)
from danvan.reports.periods import PeriodKind, period_containing, report_period

D = dt.date


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        (PeriodKind.Q1, D(2025, 12, 15), D(2026, 3, 14)),
        (PeriodKind.Q2, D(2026, 3, 15), D(2026, 6, 14)),
        (PeriodKind.Q3, D(2026, 6, 15), D(2026, 9, 14)),
        (PeriodKind.Q4, D(2026, 9, 15), D(2026, 12, 14)),
        (PeriodKind.HALF, D(2025, 12, 15), D(2026, 6, 14)),
        (PeriodKind.NINE, D(2025, 12, 15), D(2026, 9, 14)),
        (PeriodKind.YEAR, D(2025, 12, 15), D(2026, 12, 14)),
    ],
)
def test_cut_off_dates_of_tt01_2024(kind, start, end):
    period = report_period(kind, 2026)
    assert (period.start, period.end) == (start, end)
    assert period.tables_only == (kind in {PeriodKind.Q2, PeriodKind.Q3, PeriodKind.Q4})


def test_quarters_tile_the_year_and_a_day_finds_its_quarter():
    quarters = [report_period(k, 2026) for k in ("q1", "q2", "q3", "q4")]
    for before, after in itertools.pairwise(quarters):
        assert after.start - before.end == dt.timedelta(days=1)
    assert period_containing(D(2025, 12, 15)) == quarters[0]
    assert period_containing(D(2026, 12, 14)) == quarters[3]
    assert period_containing(D(2026, 6, 15)).kind == PeriodKind.Q3
    with pytest.raises(ValueError, match="year"):
        report_period("q1", 12)
    with pytest.raises(ValueError, match="q5"):
        report_period("q5", 2026)


def test_the_shipped_layout_is_valid_and_names_only_computed_metrics():
    layout = default_layout()
    assert [t.code for t in layout.tables] == ["01/TCD", "01/XLD", "01/KQGQ", "02/KQGQ"]
    assert layout.keys - {"none"} <= known_keys()
    xld = layout.table("01/XLD")
    assert xld.columns[0].rules_text == ["1 = 2 + 3"]
    assert all(not t.verified for t in layout.tables)  # DOMAIN §12.9 item 6


def test_a_corrected_column_is_a_data_change_and_bad_layouts_are_refused():
    raw = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    raw["tables"][1]["columns"][0]["label"] = "Tổng số đơn (đã sửa)"
    raw["tables"][1]["columns"].append({"id": "24", "label": "Cột mới", "key": "none"})
    layout = load_layout(raw, known_keys=known_keys())
    assert layout.table("01/XLD").columns[0].label == "Tổng số đơn (đã sửa)"
    assert layout.table("01/XLD").columns[-1].id == "24"

    def broken(change):
        copy = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
        change(copy["tables"][1])
        return copy

    bad = [
        broken(lambda t: t["columns"][0].update(sums=[["2", "99"]])),
        broken(lambda t: t["columns"][0].update(sums=[["1", "2"]])),
        broken(lambda t: t["columns"][0].update(key="letters.nothing")),
        broken(lambda t: t["columns"].append(dict(t["columns"][0]))),
        broken(lambda t: t.update(code="01/TCD")),
    ]
    for data in bad:
        with pytest.raises(LayoutError):
            load_layout(data, known_keys=known_keys())
    with pytest.raises(LayoutError):
        load_layout("{not json")


def test_check_sums_reports_each_failing_rule():
    table = default_layout().table("01/XLD")
    values = {c.id: 0 for c in table.columns} | {"1": 5, "2": 2, "3": 3, "4": 1, "5": 1}
    failing = [c.rule for c in check_sums(table, values) if not c.ok]
    assert failing == ["3 = 4 + 5 + 6"]
