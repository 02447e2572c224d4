"""Figures another module gives to the periodic reports and the national database export.

The reception module (tiếp công dân, not built yet) fills the reception tables of the periodic
report (01/TCD) and the reception rows of the national database export. It lives beside
letters in the feature layer, and the reports sit above both, so the meeting point is here, in
the kit: the module registers one ``ReceptionSource`` from its ``AppConfig.ready()``; the reports
ask ``reception_source()`` and count zero when none is registered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Final, Protocol

__all__ = [
    "RECEPTION_KEYS",
    "RECEPTION_ROW_FIELDS",
    "ReceptionSource",
    "reception_counts",
    "reception_rows",
    "reception_source",
    "register_reception_source",
]

#: The reception figures the reports read (table 01/TCD).
RECEPTION_KEYS: Final = (
    "reception.visits",  # lượt tiếp
    "reception.people",  # số người được tiếp
    "reception.matters",  # vụ việc
    "reception.matters_first",  # vụ việc tiếp lần đầu
    "reception.matters_repeat",  # vụ việc tiếp nhiều lần
    "reception.groups",  # đoàn đông người
)

#: The fields of one reception in the national database export (NĐ 55/2022 Art. 6: name,
#: address, content, result; docs/national-database.md).
RECEPTION_ROW_FIELDS: Final = (
    "reference", "unit", "received_on", "person_name", "person_address", "people", "content",
    "result",
)  # fmt: skip


class ReceptionSource(Protocol):
    def counts(
        self, *, start: dt.date, end: dt.date, unit_ids: Collection[int]
    ) -> Mapping[str, int]:
        """The ``RECEPTION_KEYS`` figures of the receptions of ``unit_ids`` from ``start`` to
        ``end`` (both counted), in a bounded number of queries."""
        ...

    def rows(
        self, *, start: dt.date, end: dt.date, unit_ids: Collection[int]
    ) -> Iterable[Mapping[str, object]]:
        """One mapping of ``RECEPTION_ROW_FIELDS`` per reception of the period."""
        ...


_SOURCE: list[ReceptionSource] = []


def register_reception_source(source: ReceptionSource | None) -> None:
    """Make ``source`` the one reception source (None: none again, as in tests)."""
    _SOURCE.clear()
    if source is not None:
        _SOURCE.append(source)


def reception_source() -> ReceptionSource | None:
    return _SOURCE[0] if _SOURCE else None


def reception_counts(*, start: dt.date, end: dt.date, unit_ids: Collection[int]) -> dict[str, int]:
    """The reception figures of the period, zero for each when no source is registered."""
    figures = dict.fromkeys(RECEPTION_KEYS, 0)
    source = reception_source()
    if source is not None:
        given = source.counts(start=start, end=end, unit_ids=unit_ids)
        figures.update({k: int(given.get(k, 0)) for k in RECEPTION_KEYS})
    return figures


def reception_rows(
    *, start: dt.date, end: dt.date, unit_ids: Collection[int]
) -> list[dict[str, object]]:
    """The receptions of the period for the national export; none without a source."""
    source = reception_source()
    if source is None:
        return []
    return [
        {f: row.get(f, "") for f in RECEPTION_ROW_FIELDS}
        for row in source.rows(start=start, end=end, unit_ids=unit_ids)
    ]
