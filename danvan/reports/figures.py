"""The periodic report: the layout's tables filled with the figures of the contexts that own
the data (letters: ``letters.report_counts``; reception: the source registered with
``workflow.report_sources``), with every sum rule checked."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from danvan.letters import report_counts
from danvan.letters.statistics import Period
from danvan.reports.layouts import NO_DATA, ReportLayout, SumCheck, Table, check_sums
from danvan.reports.periods import ReportPeriod
from danvan.workflow import report_sources

__all__ = ["FilledTable", "PeriodicReport", "compute_figures", "known_keys", "periodic_report"]


def known_keys() -> frozenset[str]:
    """Every metric key a layout column may name."""
    return (
        report_counts.LETTER_KEYS
        | report_counts.CASE_KEYS
        | frozenset(report_sources.RECEPTION_KEYS)
    )


def compute_figures(*, period: ReportPeriod, unit_ids: Collection[int]) -> dict[str, int]:
    """Every metric of the period for ``unit_ids``: three queries, whatever the letters."""
    ids = sorted(set(unit_ids))
    figures: dict[str, int] = {}
    span = Period(period.start, period.end)
    figures.update(report_counts.letter_figures(period=span, unit_ids=ids))
    figures.update(report_counts.case_figures(period=span, unit_ids=ids))
    figures.update(
        report_sources.reception_counts(start=period.start, end=period.end, unit_ids=ids)
    )
    return figures


@dataclass(frozen=True)
class FilledTable:
    table: Table
    values: dict[str, int]  # column id → figure
    checks: list[SumCheck]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def cells(self) -> list[tuple[str, str, int]]:
        """(id, label, figure) per column, in the layout's order."""
        return [(c.id, c.label, self.values[c.id]) for c in self.table.columns]


@dataclass(frozen=True)
class PeriodicReport:
    period: ReportPeriod
    unit_names: list[str]
    layout: ReportLayout
    tables: list[FilledTable]

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    def table(self, code: str) -> FilledTable:
        for filled in self.tables:
            if filled.table.code == code:
                return filled
        raise KeyError(code)


def fill(layout: ReportLayout, figures: dict[str, int]) -> list[FilledTable]:
    tables = []
    for table in layout.tables:
        values = {c.id: (0 if c.key == NO_DATA else figures.get(c.key, 0)) for c in table.columns}
        tables.append(FilledTable(table=table, values=values, checks=check_sums(table, values)))
    return tables


def periodic_report(
    *, period: ReportPeriod, unit_ids: Collection[int], unit_names: list[str],
    layout: ReportLayout | None = None,
) -> PeriodicReport:  # fmt: skip
    from danvan.reports.layouts import default_layout

    chosen = layout or default_layout()
    figures = compute_figures(period=period, unit_ids=unit_ids)
    return PeriodicReport(
        period=period, unit_names=unit_names, layout=chosen, tables=fill(chosen, figures)
    )
