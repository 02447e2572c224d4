"""Known government decisions the ``holidays`` package misses, shipped as administrators' rows.

Each correction is written with ``source="admin"`` the first time its year is seeded (see
``calendar_services.calendar_year_seed``), so a later re-seed never overwrites it and an
administrator can still edit or delete it afterwards; a deleted correction stays deleted.
A correction added here for a year that deployments have already seeded needs a data migration
that calls ``calendar_services.apply_corrections(year=...)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from danvan.core.models.calendar import DayKind


@dataclass(frozen=True, slots=True)
class Correction:
    date: dt.date
    kind: DayKind
    name: str
    legal_basis: str
    active: bool = True


_NEW_YEAR_2026 = "Công văn 12729/VPCP-KGVX ngày 25/12/2025"

CORRECTIONS: tuple[Correction, ...] = (
    # New Year 2026: civil servants are off Thursday 01/01 to Sunday 04/01; Friday 02/01 is swapped
    # with Saturday 10/01, which becomes a working day. The package (0.109) lists only 01/01.
    Correction(
        date=dt.date(2026, 1, 2),
        kind=DayKind.EXTRA_DAY_OFF,
        name="Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)",
        legal_basis=_NEW_YEAR_2026,
    ),
    Correction(
        date=dt.date(2026, 1, 10),
        kind=DayKind.WORKING_DAY,
        name="Ngày làm bù (thay cho thứ Sáu 02/01/2026)",
        legal_basis=_NEW_YEAR_2026,
    ),
)


def corrections_for_year(year: int) -> list[Correction]:
    return [c for c in CORRECTIONS if c.date.year == year]
