"""The tables of the periodic report, laid out from data (``layouts/tt01_2024.json``).

Each table has a code ("01/XLD"), a title, whether its columns were checked against the
official form, and its columns; each column an id (the number printed over it), a label, the
metric it shows (a key the counting modules compute, ``none`` for an indicator the records do
not hold yet, always 0) and its sum rules: ``"sums": [["2", "3"]]`` reads "column 1 = 2 + 3".
A corrected column of TT 01/2024 is an edit of the JSON file, not of code.

``load_layout`` validates the file (unique codes and ids, known metric keys, sum rules naming
columns of the same table, no column summing itself); ``check_sums`` asserts every sum rule on
computed figures and returns what fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

__all__ = [
    "Column",
    "LayoutError",
    "ReportLayout",
    "SumCheck",
    "Table",
    "check_sums",
    "default_layout",
    "load_layout",
]

DEFAULT_FILE: Final = Path(__file__).resolve().parent / "layouts" / "tt01_2024.json"
#: The key of an indicator the records do not hold (always 0).
NO_DATA: Final = "none"


class LayoutError(ValueError):
    """The layout file is malformed (the message says where)."""


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    key: str
    sums: tuple[tuple[str, ...], ...] = ()

    @property
    def rules_text(self) -> list[str]:
        return [f"{self.id} = {' + '.join(parts)}" for parts in self.sums]


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    verified: bool
    columns: tuple[Column, ...]

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.columns)


@dataclass(frozen=True)
class ReportLayout:
    name: str
    note: str
    tables: tuple[Table, ...]

    def table(self, code: str) -> Table:
        for table in self.tables:
            if table.code == code:
                return table
        raise KeyError(code)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for t in self.tables for k in t.keys)


@dataclass(frozen=True)
class SumCheck:
    """One sum rule on one table's figures: ``total`` against the sum of ``parts``."""

    table: str
    rule: str
    total: int
    parts_sum: int

    @property
    def ok(self) -> bool:
        return self.total == self.parts_sum


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LayoutError(f"{where}: a non-empty string is required")
    return value.strip()


def _column(raw: Any, where: str, known_keys: frozenset[str] | None) -> Column:
    if not isinstance(raw, dict):
        raise LayoutError(f"{where}: a column must be an object")
    column_id = _str(raw.get("id"), f"{where} id")
    key = _str(raw.get("key"), f"{where} key")
    if known_keys is not None and key != NO_DATA and key not in known_keys:
        raise LayoutError(f"{where}: unknown metric key {key!r}")
    sums_raw = raw.get("sums", [])
    if not isinstance(sums_raw, list) or not all(
        isinstance(s, list) and s and all(isinstance(p, str) for p in s) for s in sums_raw
    ):
        raise LayoutError(f"{where}: sums must be a list of non-empty lists of column ids")
    sums = tuple(tuple(p.strip() for p in parts) for parts in sums_raw)
    return Column(id=column_id, label=_str(raw.get("label"), f"{where} label"), key=key, sums=sums)


def _table(raw: Any, where: str, known_keys: frozenset[str] | None) -> Table:
    if not isinstance(raw, dict):
        raise LayoutError(f"{where}: a table must be an object")
    code = _str(raw.get("code"), f"{where} code")
    columns_raw = raw.get("columns")
    if not isinstance(columns_raw, list) or not columns_raw:
        raise LayoutError(f"table {code}: columns must be a non-empty list")
    columns = tuple(
        _column(c, f"table {code} column {i + 1}", known_keys) for i, c in enumerate(columns_raw)
    )
    ids = [c.id for c in columns]
    if len(set(ids)) != len(ids):
        raise LayoutError(f"table {code}: column ids repeat")
    for column in columns:
        for parts in column.sums:
            if column.id in parts:
                raise LayoutError(f"table {code} column {column.id}: sums itself")
            missing = [p for p in parts if p not in ids]
            if missing:
                raise LayoutError(f"table {code} column {column.id}: unknown columns {missing}")
    verified = raw.get("verified", False)
    if not isinstance(verified, bool):
        raise LayoutError(f"table {code}: verified must be true or false")
    return Table(
        code=code, title=_str(raw.get("title"), f"table {code} title"), verified=verified,
        columns=columns,
    )  # fmt: skip


def load_layout(
    data: str | bytes | Mapping[str, Any], *, known_keys: Iterable[str] | None = None
) -> ReportLayout:
    """The layout in ``data`` (JSON text or its parsed form), validated. ``known_keys``: the
    metric keys the counting modules compute (unchecked when None). Raises ``LayoutError``."""
    try:
        raw = json.loads(data) if isinstance(data, str | bytes) else data
    except json.JSONDecodeError as error:
        raise LayoutError(f"not JSON: {error}") from error
    if not isinstance(raw, Mapping):
        raise LayoutError("the layout must be an object")
    keys = frozenset(known_keys) if known_keys is not None else None
    tables_raw = raw.get("tables")
    if not isinstance(tables_raw, list) or not tables_raw:
        raise LayoutError("tables must be a non-empty list")
    tables = tuple(_table(t, f"table {i + 1}", keys) for i, t in enumerate(tables_raw))
    codes = [t.code for t in tables]
    if len(set(codes)) != len(codes):
        raise LayoutError("table codes repeat")
    return ReportLayout(
        name=_str(raw.get("name"), "name"), note=str(raw.get("note", "")), tables=tables
    )


@cache
def default_layout() -> ReportLayout:
    """The layout shipped with the platform (``layouts/tt01_2024.json``), validated against the
    metrics the counting modules compute."""
    from danvan.reports.figures import known_keys

    return load_layout(DEFAULT_FILE.read_text(encoding="utf-8"), known_keys=known_keys())


def check_sums(table: Table, values: Mapping[str, int]) -> list[SumCheck]:
    """Every sum rule of ``table`` on ``values`` (column id → figure)."""
    checks = []
    for column in table.columns:
        for parts in column.sums:
            checks.append(
                SumCheck(
                    table=table.code,
                    rule=f"{column.id} = {' + '.join(parts)}",
                    total=values.get(column.id, 0),
                    parts_sum=sum(values.get(p, 0) for p in parts),
                )
            )
    return checks
